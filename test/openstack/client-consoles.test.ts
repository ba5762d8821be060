/**
 * lib/openstack against the real Nova: version discovery, the microversion it
 * sends for each console type, the legacy action below 2.6, fleets, server
 * lookup, and every error with the message the client gives. Nova is reached
 * through a recording proxy (compute endpoint setting), so the tests see
 * exactly which requests, microversions and bodies went out.
 */
import { OpenStackError, type OpenStackClient } from "../../lib/openstack";
import { startCountingProxy, type CountingProxy, type ProxiedRequest } from "./support/counting-proxy";
import { passwordToken, send } from "./support/raw-http";
import { NOVNC, expectIssuedFor, sandbox, type Sandbox } from "./support/real-client";
import { passwordEnv, realOpenStack } from "./support/real-env";

const real = realOpenStack();
const vm1 = { id: real.servers.active, name: "vm1" };
const NONEXISTENT = "00000000-0000-4000-8000-000000000000";
const REMOTE_CONSOLES = "POST /servers/{id}/remote-consoles";
let nova: CountingProxy;
let box: Sandbox;

beforeAll(async () => {
  nova = await startCountingProxy(new URL(real.computeUrl).origin);
});

afterAll(async () => {
  await nova?.close();
});

beforeEach(() => {
  box = sandbox();
});

afterEach(async () => {
  await box.dispose();
});

/** A client of `user` whose compute calls pass through the recording proxy. */
function connect(user: "admin" | "viewer" | "demo", settings: { microversion?: string; deadlineMs?: number } = {}): Promise<OpenStackClient> {
  return box.connect(passwordEnv(user), { computeEndpoint: `${nova.origin}/v2.1`, ...settings });
}

/** The requests to Nova made while `action` ran. */
async function novaRequests(action: () => Promise<unknown>): Promise<ProxiedRequest[]> {
  const from = nova.requests.length;
  await action();
  return nova.requests.slice(from);
}

async function failure(promise: Promise<unknown>): Promise<OpenStackError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(OpenStackError);
  return outcome as OpenStackError;
}

const consolesPath = (id: string) => `/v2.1/servers/${id}/remote-consoles`;

test("version discovery finds Nova's range: 2.1 to 2.93", async () => {
  const client = await connect("admin");

  expect(client.info.versions).toEqual({ min: "2.1", max: "2.93" });
  expect(client.info.computeUrl).toBe(`${nova.origin}/v2.1`);
});

test("vnc/novnc at 2.8, as the Virtuozzo documentation calls it", async () => {
  const client = await connect("admin", { microversion: "2.8" });
  let minted;
  const sent = await novaRequests(async () => (minted = await client.createConsole(vm1, NOVNC)));

  expect(minted).toMatchObject({ serverId: vm1.id, protocol: "vnc", type: "novnc", microversion: "2.8", method: "remote-consoles" });
  expectIssuedFor(minted!.url, vm1.id);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ method: "POST", path: consolesPath(vm1.id), microversion: "2.8" });
  expect(JSON.parse(sent[0].body)).toEqual({ remote_console: { protocol: "vnc", type: "novnc" } });
});

test("with no microversion given, the default is 2.8", async () => {
  const client = await connect("admin");
  const sent = await novaRequests(() => client.createConsole(vm1, NOVNC));

  expect(sent.map((r) => r.microversion)).toEqual(["2.8"]);
});

test("a type that needs a higher microversion is sent at it: mks/webmks asked at 2.6 goes out at 2.8", async () => {
  const client = await connect("admin", { microversion: "2.6" });
  let url = "";
  const sent = await novaRequests(async () => (url = (await client.createConsole(vm1, { protocol: "mks", type: "webmks" })).url));

  // At 2.6 Nova's schema would refuse the protocol ("'mks' is not one of [...]"); at 2.8 the
  // harness, which enables mks beside vnc (configs.sh), mints one.
  expect(sent.map((r) => r.microversion)).toEqual(["2.8"]);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:6090\/\?token=[0-9a-f-]{36}$/);
});

test("a type whose microversion is above the cloud's maximum is refused before any request", async () => {
  const client = await connect("admin");
  let error: OpenStackError | undefined;
  const sent = await novaRequests(async () => (error = await failure(client.createConsole(vm1, { protocol: "spice", type: "spice-direct" }))));

  expect(sent).toEqual([]);
  expect(error!.kind).toBe("unsupported");
  expect(error!.message).toBe(
    "console spice/spice-direct needs microversion 2.99 or higher, and this cloud's maximum is 2.93. " +
      "This cloud cannot serve spice/spice-direct; choose another console type (vnc/novnc works from 2.6).",
  );
});

test("forcing a microversion below 2.6 uses the legacy os-getVNCConsole action", async () => {
  const client = await connect("admin", { microversion: "2.5" });
  let minted;
  const sent = await novaRequests(async () => (minted = await client.createConsole(vm1, NOVNC)));

  expect(minted).toMatchObject({ microversion: "2.5", method: "legacy-action", protocol: "vnc", type: "novnc" });
  expectIssuedFor(minted!.url, vm1.id);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ method: "POST", path: `/v2.1/servers/${vm1.id}/action`, microversion: "2.5" });
  expect(JSON.parse(sent[0].body)).toEqual({ "os-getVNCConsole": { type: "novnc" } });
});

test("406 avoided by negotiation: a microversion above 2.93 is refused by the client, where Nova would answer 406", async () => {
  const client = await connect("admin", { microversion: "2.95" });
  let error: OpenStackError | undefined;
  const sent = await novaRequests(async () => (error = await failure(client.createConsole(vm1, NOVNC))));

  expect(sent).toEqual([]);
  expect(error!.kind).toBe("unsupported");
  expect(error!.message).toBe("microversion 2.95 was asked for, and this cloud's maximum is 2.93. Ask for 2.93 or lower (the default is 2.8).");

  // What the request would have met.
  const admin = await passwordToken(real.authUrl, "admin", real.adminPassword, "admin");
  const raw = await send({
    method: "POST",
    url: `${real.computeUrl}/servers/${vm1.id}/remote-consoles`,
    headers: { "Content-Type": "application/json", "X-Auth-Token": admin.token, "X-OpenStack-Nova-API-Version": "2.95" },
    body: JSON.stringify({ remote_console: NOVNC }),
  });
  expect(raw.status).toBe(406);
});

test("403 for a reader: the policy named, the role needed", async () => {
  const client = await connect("viewer");
  const error = await failure(client.createConsole(vm1, NOVNC));

  expect(error.kind).toBe("forbidden");
  expect(error.status).toBe(403);
  expect(error.serverId).toBe(vm1.id);
  expect(error.message).toBe(
    `server "vm1" (${vm1.id}): ${REMOTE_CONSOLES} (vnc/novnc at 2.8) answered 403 Forbidden: ` +
      `"Policy doesn't allow os_compute_api:os-remote-consoles to be performed." ` +
      "The user's role lacks the console policy (os_compute_api:os-remote-consoles): it needs the member or admin role on the server's project; a reader is refused.",
  );
});

const GONE_HINT =
  "The server is gone: was it deleted outside Terraform? Remove it from the stack or run `terraform apply -refresh-only`; " +
  "or it belongs to another project than the credentials' (check OS_PROJECT_NAME).";

test("404 for a server of another project", async () => {
  const client = await connect("demo");
  const error = await failure(client.createConsole(vm1, NOVNC));

  expect(error.kind).toBe("not-found");
  expect(error.status).toBe(404);
  expect(error.message).toBe(
    `server "vm1" (${vm1.id}): ${REMOTE_CONSOLES} (vnc/novnc at 2.8) answered 404 Not Found: "Instance ${vm1.id} could not be found." ${GONE_HINT}`,
  );
});

test("404 for a server that does not exist", async () => {
  const client = await connect("admin");
  const error = await failure(client.createConsole({ id: NONEXISTENT, name: "ghost" }, NOVNC));

  expect(error.kind).toBe("not-found");
  expect(error.message).toBe(
    `server "ghost" (${NONEXISTENT}): ${REMOTE_CONSOLES} (vnc/novnc at 2.8) answered 404 Not Found: "Instance ${NONEXISTENT} could not be found." ${GONE_HINT}`,
  );
});

test("400 for a console type the cloud disables (spice/spice-html5)", async () => {
  const client = await connect("admin");
  const error = await failure(client.createConsole(vm1, { protocol: "spice", type: "spice-html5" }));

  expect(error.kind).toBe("unsupported");
  expect(error.status).toBe(400);
  expect(error.message).toBe(
    `server "vm1" (${vm1.id}): ${REMOTE_CONSOLES} (spice/spice-html5 at 2.8) answered 400 Bad Request: "Unavailable console type spice-html5." ` +
      "This cloud does not offer spice/spice-html5 consoles (Virtuozzo Infrastructure offers vnc/novnc only); choose a type the cloud enables.",
  );
});

test("409 for the never-scheduled server, retried until the deadline", async () => {
  const client = await connect("admin", { deadlineMs: 5000 });
  const unscheduled = { id: real.servers.unscheduled, name: "vm-error" };
  let error: OpenStackError | undefined;
  const sent = await novaRequests(async () => (error = await failure(client.createConsole(unscheduled, NOVNC))));

  expect(sent.length).toBeGreaterThan(1);
  expect(error!.kind).toBe("not-ready");
  expect(error!.status).toBe(409);
  expect(error!.message).toMatch(
    new RegExp(
      `^server "vm-error" \\(${unscheduled.id}\\): still not ready when the deadline of 5 s passed; ` +
        `POST /servers/\\{id\\}/remote-consoles \\(vnc/novnc at 2\\.8\\) answered 409 Conflict \\(\\d+ attempts\\): ` +
        `"Instance ${unscheduled.id} is not ready"\\. The server has no host yet \\(still building, or it failed scheduling: ` +
        "see `openstack server show`\\); retry later or raise the timeout\\.$",
    ),
  );
});

test("a fleet in one call: every state the harness seeded, one token, outcomes in order", async () => {
  const client = await connect("admin", { deadlineMs: 5000 });
  const fleet = [
    { name: "vm1", id: real.servers.active },
    { name: "vm-shutoff", id: real.servers.shutoff },
    { name: "vm-paused", id: real.servers.paused },
    { name: "vm-error", id: real.servers.unscheduled },
    { name: "ghost", id: NONEXISTENT },
  ];
  const outcomes = await client.createConsoles(fleet, NOVNC);

  expect(outcomes.map((o) => [o.name, o.ok ? "ok" : o.error.kind])).toEqual([
    ["vm1", "ok"],
    ["vm-shutoff", "ok"],
    ["vm-paused", "ok"],
    ["vm-error", "not-ready"],
    ["ghost", "not-found"],
  ]);
  for (const o of outcomes) if (o.ok) expectIssuedFor(o.console.url, o.id);
  expect(client.stats().tokenRequests).toBe(1);
});

test("server lookup: by exact name, and the listing of one project or all", async () => {
  const client = await connect("admin");

  expect(await client.findServersByName("vm1")).toEqual([expect.objectContaining({ id: vm1.id, name: "vm1", status: "ACTIVE" })]);
  const own = new Map<string, string>();
  for await (const s of client.listServers({ pageSize: 2 })) own.set(s.name, s.status);
  expect(Object.fromEntries(own)).toMatchObject({ vm1: "ACTIVE", "vm-shutoff": "SHUTOFF", "vm-paused": "PAUSED", "vm-error": "ERROR" });
  expect(own.has("vm-demo")).toBe(false);
  const all: string[] = [];
  for await (const s of client.listServers({ allProjects: true })) all.push(s.id);
  expect(all).toEqual(expect.arrayContaining([real.servers.active, real.servers.demo]));
});
