/**
 * Fidelity: every case recorded from real Nova and Keystone (shared/reference/
 * recorded-real-nova-zed.md) is replayed against the emulator, in the file's
 * order, and must come back with the same status line, the same relevant
 * headers and the same body once the values that differ between two
 * deployments (ports, ids, tokens, times, request ids) are substituted.
 */
import { startEmulator, type Emulator } from "../src";
import { header, json, passwordBody, request, tokenFor, type RawResponse } from "./support/http";
import { recordedCases, type RecordedCase } from "./support/recorded";

const cases = recordedCases();

/** Servers the recording names, by id, and how the emulator recreates them (all in project admin). */
const RECORDED_SERVERS = {
  "2adc7bdc-0dbd-49ea-85a9-fe63084c178a": { name: "vm1", status: "ACTIVE" },
  "2fa2421e-7cc3-44ee-afc6-dc62b1ae8c6e": { name: "vm-error", status: "ERROR", host: false },
  "d04e3a27-b9f0-4649-9058-9d87ae767849": { name: "vm-paused", status: "PAUSED" },
  "f84d7bb2-bbb6-412f-a3bd-275f41b04fc8": { name: "vm-shutoff", status: "SHUTOFF" },
} as const;
const RECORDED_ADMIN_USER = "fd5625ffb3ed4054b5781f02695b51f8";
const RECORDED_ADMIN_PROJECT = "5a93652a423c42c1af3d413cc7c46f74";

/** Headers whose presence must match the recording, and whose values must too (after substitution). */
const COMPARED_VALUES = [
  "content-type",
  "vary",
  "openstack-api-version",
  "x-openstack-nova-api-version",
  "www-authenticate",
  "location",
];
const COMPARED_PRESENCE = ["x-subject-token", "x-openstack-request-id", "x-compute-request-id", "date"];

let emulator: Emulator;
const substitutions = new Map<string, string>();
const placeholders: Record<string, string> = { $BAD_TOKEN: "gAAAAABnot-a-token-the-emulator-issued" };

function substitute(text: string): string {
  let out = text;
  for (const [from, to] of substitutions) out = out.split(from).join(to);
  for (const [name, value] of Object.entries(placeholders)) out = out.split(name).join(value);
  return out;
}

/** Values that differ between any two deployments or any two calls. */
function normalize(text: string): string {
  return text
    .replace(/req-[0-9a-f-]{36}/g, "req-<id>")
    .replace(/token(%3D|=)[0-9a-f-]{36}/g, "token$1<uuid>")
    .replace(/gAAAAAB[A-Za-z0-9_-]+/g, "<token>")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, "<time>")
    .replace(/\b[0-9a-f]{32}\b/g, "<id>")
    .replace(/"audit_ids": \["[^"]+"\]/g, '"audit_ids": ["<audit>"]')
    .replace(/"adminPass": "[^"]+"/g, '"adminPass": "<password>"');
}

type JsonRecord = Record<string, unknown>;

/** Keystone catalogs: only the services the emulator has, endpoints and roles in a stable order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const out: JsonRecord = {};
  for (const [k, v] of Object.entries(value as JsonRecord)) {
    if (k === "catalog" && Array.isArray(v)) {
      out[k] = (v as JsonRecord[])
        .filter((e) => e.type === "compute" || e.type === "identity")
        .map((e) => ({ ...e, endpoints: [...(e.endpoints as JsonRecord[])].sort((a, b) => String(a.interface).localeCompare(String(b.interface))) }))
        .map(canonical);
    } else if (k === "roles" && Array.isArray(v)) {
      out[k] = [...(v as JsonRecord[])].sort((a, b) => String(a.name).localeCompare(String(b.name))).map(canonical);
    } else {
      out[k] = canonical(v);
    }
  }
  return out;
}

function parsedOrText(text: string): unknown {
  try {
    return canonical(JSON.parse(text));
  } catch {
    return text;
  }
}

/** Learns ids the recording's later cases refer to: created credentials and servers. */
function learn(recorded: RecordedCase, actual: RawResponse): void {
  let before: JsonRecord;
  let after: JsonRecord;
  try {
    before = JSON.parse(recorded.response.body);
    after = JSON.parse(actual.body);
  } catch {
    return;
  }
  const credential = [before.application_credential, after.application_credential] as (JsonRecord | undefined)[];
  if (credential[0]?.secret && credential[1]?.secret) {
    substitutions.set(String(credential[0].id), String(credential[1].id));
    substitutions.set(String(credential[0].secret), String(credential[1].secret));
  }
  const server = [before.server, after.server] as (JsonRecord | undefined)[];
  if (server[0]?.id && server[1]?.id) substitutions.set(String(server[0].id), String(server[1].id));
  if (recorded.request.body?.includes('"application_credential"') && actual.status === 201) {
    placeholders.$APPCRED_TOKEN = header(actual, "x-subject-token")!;
  }
}

beforeAll(async () => {
  // The recorded cloud: Zed, VNC only. Servers created through the API stay BUILD, and deleted ones
  // "deleting", for a second: ample for the next request, short enough to poll through.
  // The flavor and image the recording's server create names.
  emulator = await startEmulator({
    profile: "zed",
    taskStateMs: 1000,
    flavors: [{ id: "522b49aa-5af3-4b2c-8dce-a19fbfe43d0f", name: "m1.tiny", ram: 64 }],
    images: [{ id: "4a53dbb1-936e-4e87-9bf1-570c4c989767", name: "cirros-fake" }],
  });
  const identity = new URL(emulator.identityUrl).origin;
  const compute = new URL(emulator.computeUrl).origin;
  substitutions.set("http://127.0.0.1:5000", identity);
  substitutions.set("http://127.0.0.1:8774", compute);
  // novncproxy_base_url is the operator's setting: the recording's is Nova's default, the emulator's its own proxy.
  substitutions.set("http://127.0.0.1:6080/vnc_auto.html", `${emulator.consoleProxyUrl}/vnc_auto.html`);
  for (const [id, spec] of Object.entries(RECORDED_SERVERS)) {
    substitutions.set(id, emulator.createServer({ project: "admin", ...spec }).id);
  }
  const admin = await request(`${emulator.identityUrl}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: passwordBody("admin", "admin-secret", "admin"),
  });
  const token = json(admin).token;
  substitutions.set(RECORDED_ADMIN_USER, token.user.id);
  substitutions.set(RECORDED_ADMIN_PROJECT, token.project.id);
  placeholders.$ADMIN_TOKEN = header(admin, "x-subject-token")!;
  placeholders.$VIEWER_TOKEN = await tokenFor(emulator, "viewer");
  placeholders.$DEMO_TOKEN = await tokenFor(emulator, "demo");
});

afterAll(() => emulator.close());

test("the recording yields every case it holds", () => {
  expect(cases.length).toBeGreaterThanOrEqual(58);
  expect(cases.filter((c) => c.response.status === undefined).map((c) => c.heading)).toEqual([
    "Virtuozzo-doc form, verbatim (only host/scheme/id/token changed)",
  ]);
});

test.each(cases.map((c) => [c.heading, c] as const))("%s", async (_heading, recorded) => {
  const actual = await request(substitute(recorded.request.url), {
    method: recorded.request.method,
    headers: Object.fromEntries(recorded.request.headers.map(([k, v]) => [k, substitute(v)])),
    body: recorded.request.body === undefined ? undefined : substitute(recorded.request.body),
  });
  learn(recorded, actual);
  const expected = recorded.response;

  if (expected.status !== undefined) {
    expect(`${actual.status} ${actual.statusText}`).toBe(`${expected.status} ${expected.statusText}`);
    const recordedHeaders: Record<string, string[]> = {};
    for (const [name, value] of expected.headers) (recordedHeaders[name.toLowerCase()] ??= []).push(normalize(substitute(value)));
    for (const name of COMPARED_VALUES) {
      expect([name, (actual.headers[name] ?? []).map(normalize)]).toEqual([name, recordedHeaders[name] ?? []]);
    }
    for (const name of COMPARED_PRESENCE) {
      expect([name, name in actual.headers]).toEqual([name, name in recordedHeaders]);
    }
    if (recordedHeaders.connection) expect(actual.headers.connection).toEqual(recordedHeaders.connection);
  }
  expect(parsedOrText(normalize(actual.body))).toEqual(parsedOrText(normalize(substitute(expected.body))));
  if (recorded.heading.startsWith("remote-consoles immediately after create")) await pollUntilReady(recorded);
});

/** As the recording did ("Follow-up polls every 0.25 s: 409 Conflict, 200 OK") before deleting the server. */
async function pollUntilReady(recorded: RecordedCase): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const res = await request(substitute(recorded.request.url), {
      method: "POST",
      headers: Object.fromEntries(recorded.request.headers.map(([k, v]) => [k, substitute(v)])),
      body: substitute(recorded.request.body!),
    });
    if (res.status === 200) return;
    expect(res.status).toBe(409);
    if (Date.now() > deadline) throw new Error("the new server never became ready");
    await new Promise((r) => setTimeout(r, 250));
  }
}
