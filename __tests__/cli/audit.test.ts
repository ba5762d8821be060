/**
 * `os-console audit`: the real command as a subprocess against the
 * emulator; every format parsed, exit codes, progress bar and colour only on
 * a terminal, and 500 servers in mixed states with a fault rate on.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { startEmulator, type Emulator, type ServerRecord } from "../../packages/openstack-emulator/src";
import { expectOneLine } from "../helpers/refusals";
import { runCli, runCliOnTerminal, type RunOptions, type RunResult } from "../helpers/run";
import { rawToken } from "../openstack/support/emulator";

interface JsonReport {
  pairs: string[];
  summary: { servers: number; checks: number; available: number; unavailable: number; statuses: Record<string, number>; outcomes: Record<string, number> };
  servers: Array<{ id: string; name: string; status: string; checks: Array<{ protocol: string; type: string; outcome: string; status?: number; reason?: string; url?: string; note?: string }> }>;
  requests: { tokenRequests: number; requests: number; retries: number };
}

interface JunitCase {
  name: string;
  failure?: { type: string; message: string };
  error?: { type: string; message: string };
  "system-out": string;
}

const junitParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "testsuite" || name === "testcase" });

async function cli(emulator: Emulator, args: string[], run: RunOptions & { user?: "demo" | "admin" | "viewer" } = {}): Promise<RunResult> {
  const result = await runCli(args, { ...run, env: { ...emulator.env(run.user), ...run.env } });
  expect(result.stdout + result.stderr).not.toMatch(/demo-secret|admin-secret/);
  return result;
}

/** Creates servers through Nova's API, as Terraform would: BUILD without a host, ACTIVE after the emulator's taskStateMs. */
async function createThroughApi(emulator: Emulator, names: string[]): Promise<string[]> {
  const { token } = await rawToken(emulator.env());
  const ids: string[] = [];
  for (const name of names) {
    const res = await fetch(`${emulator.computeUrl}/servers`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Auth-Token": token, "OpenStack-API-Version": "compute 2.37" },
      body: JSON.stringify({ server: { name, flavorRef: "1", imageRef: "70a599e0-31e7-49b7-b260-868f441e862b", networks: "none" } }),
    });
    expect(res.status).toBe(202);
    ids.push(((await res.json()) as { server: { id: string } }).server.id);
  }
  return ids;
}

describe("500 servers in mixed states, 10% of console requests failing, 10 ms latency", () => {
  let emulator: Emulator;
  const errored: ServerRecord[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ servers: 0, taskStateMs: 8_000, seed: 6 });
    const pad = (i: number) => String(i).padStart(3, "0");
    for (let i = 1; i <= 440; i++) emulator.createServer({ name: `app-${pad(i)}` });
    for (let i = 1; i <= 25; i++) emulator.createServer({ name: `off-${pad(i)}`, status: "SHUTOFF" });
    for (let i = 1; i <= 15; i++) emulator.createServer({ name: `paused-${pad(i)}`, status: "PAUSED" });
    // Never scheduled (NoValidHost): ERROR with no host, so Nova answers 409 "not ready" for good.
    for (let i = 1; i <= 10; i++) errored.push(emulator.createServer({ name: `failed-${pad(i)}`, status: "ERROR", host: false }));
  });
  afterAll(() => emulator?.close());

  test("--format junit: valid JUnit, 500 cases, the 10 hostless ERROR servers fail, builds wait until ACTIVE; exit 1; bounded concurrency", async () => {
    const building = await createThroughApi(emulator, Array.from({ length: 10 }, (_, i) => `new-${String(i + 1).padStart(3, "0")}`));
    emulator.setFaults({ "compute.remote-consoles": { errorRate: 0.1, latencyMs: 10 } });
    emulator.resetCounters();
    const r = await cli(emulator, ["audit", "--format", "junit", "--concurrency", "16", "--timeout", "40"], { killAfterMs: 55_000 });
    emulator.clearFaults();

    expect(r.code).toBe(1);
    // Piped and not a terminal: no progress bar, nothing else on stderr.
    expect(r.stderr).toBe("");
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = junitParser.parse(r.stdout);
    const suites = doc.testsuites.testsuite as Array<{ name: string; tests: string; failures: string; errors: string; testcase: JunitCase[] }>;
    expect(suites.map((s) => s.name)).toEqual(["console vnc/novnc"]);
    const cases = suites[0].testcase;
    expect(cases).toHaveLength(500);
    expect(doc.testsuites.tests).toBe("500");
    const failing = cases.filter((c) => c.failure !== undefined || c.error !== undefined);
    expect(Number(doc.testsuites.failures) + Number(doc.testsuites.errors)).toBe(10);
    expect(Number(suites[0].failures) + Number(suites[0].errors)).toBe(10);
    // Hostless servers fail as not ready (or, when the cloud's last answer in their grace was a 5xx, as an error).
    expect(failing.map((c) => c.name).sort()).toEqual(errored.map((s) => `${s.name} (${s.id})`).sort());
    for (const c of failing) {
      if (c.failure) expect(c.failure).toMatchObject({ type: "not-ready", message: expect.stringContaining("not ready (409)") });
      else expect(c.error?.type).toBe("error");
      expect(c["system-out"]).toContain("status: ERROR");
    }
    // Servers that were building got their console once they had a host, and show the status they reached.
    const byId = new Map(cases.map((c) => [/\(([0-9a-f-]+)\)$/.exec(c.name)![1], c]));
    for (const id of building) {
      const c = byId.get(id)!;
      expect(c.failure).toBeUndefined();
      expect(c.error).toBeUndefined();
      expect(c["system-out"]).toContain("status: ACTIVE");
      expect(c["system-out"]).not.toContain("note:");
      expect(emulator.counters().consoleRequestsByServer[id]).toBeGreaterThan(1);
    }
    // Off servers pass, with the note that their URL will not connect.
    expect(cases.find((c) => c.name.startsWith("off-001 "))!["system-out"]).toContain("note: server is SHUTOFF");
    const counters = emulator.counters();
    expect(counters.maxConsoleInFlight).toBeLessThanOrEqual(16);
    expect(counters.maxConsoleInFlight).toBeGreaterThan(1);
    expect(counters.tokenRequests).toBe(1);
    // The fault rate made the client retry: more requests than checks.
    expect(counters.consoleRequests).toBeGreaterThan(500);
    // No URL in the report without --show-urls.
    expect(r.stdout).not.toMatch(/token%3D/);
  });
});

describe("servers that are building, that failed, and a pair the cloud's microversions cannot serve (zed: up to 2.93)", () => {
  let emulator: Emulator;
  let failed: ServerRecord;

  beforeAll(async () => {
    emulator = await startEmulator({ profile: "zed", servers: 2, taskStateMs: 1_500, seed: 5 });
    failed = emulator.createServer({ name: "failed", status: "ERROR", host: false });
  });
  afterAll(() => emulator?.close());

  test("a build is polled until it has a host, an ERROR server is answered at once, spice-direct (2.99) is unsupported for each", async () => {
    const [building] = await createThroughApi(emulator, ["building"]);
    emulator.resetCounters();
    const r = await cli(emulator, ["audit", "--types", "vnc/novnc,spice/spice-direct", "-f", "json", "--timeout", "30"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout) as JsonReport;
    const byName = new Map(report.servers.map((s) => [s.name, s]));
    expect(byName.get("building")).toMatchObject({ status: "ACTIVE", checks: [{ outcome: "available" }, { outcome: "unsupported" }] });
    expect(byName.get("failed")).toMatchObject({ status: "ERROR", checks: [{ outcome: "not-ready", status: 409 }, { outcome: "unsupported" }] });
    for (const server of report.servers) {
      expect(server.checks[1]).toMatchObject({ protocol: "spice", type: "spice-direct", outcome: "unsupported", reason: expect.stringContaining("needs microversion 2.99 or higher, and this cloud's maximum is 2.93") });
    }
    expect(report.summary).toMatchObject({ servers: 4, checks: 8, available: 3, unavailable: 5 });
    const counters = emulator.counters();
    // No request for the pair the cloud cannot serve; one for the ERROR server; polls for the build.
    expect(counters.consoleRequestsByServer[failed.id]).toBe(1);
    expect(counters.consoleRequestsByServer[building]).toBeGreaterThan(1);
    expect(counters.consoleRequests - counters.consoleRequestsByServer[building]).toBe(3);
    expect(counters.consoleCreations).toBe(3);
    // The audit waited for the build (1.5 s), not for its 30 s deadline.
    expect(r.wallMs).toBeLessThan(10_000);
  });
});

describe("audit of a small project (zed profile: noVNC only)", () => {
  let emulator: Emulator;
  let adminServer: ServerRecord;

  beforeAll(async () => {
    emulator = await startEmulator({ profile: "zed", servers: 3 });
    emulator.createServer({ name: "stopped", status: "SHUTOFF" });
    adminServer = emulator.createServer({ name: "ops-1", project: "admin" });
  });
  afterAll(() => emulator?.close());

  test("--format json: every requested console available is exit 0; summary counts; URLs only with --show-urls", async () => {
    const r = await cli(emulator, ["audit", "-f", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.pairs).toEqual(["vnc/novnc"]);
    expect(report.summary).toMatchObject({ servers: 4, checks: 4, available: 4, unavailable: 0, statuses: { ACTIVE: 3, SHUTOFF: 1 } });
    expect(report.servers.map((s) => s.name)).toEqual(["server-1", "server-2", "server-3", "stopped"]);
    expect(report.servers[3].checks[0]).toMatchObject({ outcome: "available", note: expect.stringContaining("SHUTOFF") });
    expect(report.requests.tokenRequests).toBe(1);
    expect(r.stdout).not.toContain('"url"');

    const shown = await cli(emulator, ["audit", "-f", "json", "--show-urls"]);
    const urls = (JSON.parse(shown.stdout) as JsonReport).servers.map((s) => s.checks[0].url!);
    expect(urls).toHaveLength(4);
    for (const url of urls) expect(emulator.isIssuedConsoleUrl(url)).toBe(true);
  });

  test("a type the cloud does not offer is 'unsupported (400)', exit 1; table and markdown say so", async () => {
    const json = await cli(emulator, ["audit", "--types", "vnc/novnc,spice-html5", "-f", "json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.pairs).toEqual(["vnc/novnc", "spice/spice-html5"]);
    expect(report.summary).toMatchObject({ checks: 8, available: 4, unavailable: 4, outcomes: { unsupported: 4 } });
    expect(report.servers[0].checks[1]).toMatchObject({ protocol: "spice", type: "spice-html5", outcome: "unsupported", status: 400, reason: expect.stringContaining("Unavailable console type spice-html5") });

    const md = await cli(emulator, ["audit", "--types", "vnc/novnc,spice/spice-html5", "-f", "markdown"]);
    expect(md.code).toBe(1);
    expect(md.stdout).toContain("4 servers in the project (3 ACTIVE, 1 SHUTOFF), 2 console types: 4 of 8 consoles available, 4 not.");
    expect(md.stdout).toContain("| spice/spice-html5 | 0 | 0 | 4 | 0 | 0 | 0 |");
    expect(md.stdout).toContain("❌ unsupported (400)");

    const table = await cli(emulator, ["audit", "--types", "vnc/novnc,spice/spice-html5"]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/server-1 .*available .*unsupported \(400\)/);
    expect(table.stdout).toContain("  spice/spice-html5: 4 unsupported");
    expect(table.stdout).not.toMatch(/\u001b\[/);
  });

  test("a reader's consoles are refused by policy: 'forbidden by policy (403)', exit 1", async () => {
    const r = await cli(emulator, ["audit", "-f", "json"], { user: "viewer" });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.servers.map((s) => s.id)).toEqual([adminServer.id]);
    expect(report.servers[0].checks[0]).toMatchObject({ outcome: "forbidden", status: 403 });
  });

  test("--all-projects: an admin sees every project; a member gets one line and exit 2", async () => {
    const admin = await cli(emulator, ["audit", "--all-projects", "-f", "json"], { user: "admin" });
    expect(admin.code).toBe(0);
    expect((JSON.parse(admin.stdout) as JsonReport).summary.servers).toBe(5);
    const member = await cli(emulator, ["audit", "--all-projects"]);
    expect(member.code).toBe(2);
    expect(expectOneLine(member.stderr)).toContain("--all-projects: the credentials' role may not list the servers of every project");
  });

  test("on a terminal: a progress bar and colour; NO_COLOR turns colour off; CI turns the bar off", async () => {
    const tty = await runCliOnTerminal(["audit"], { env: emulator.env() });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toContain("auditing consoles [");
    expect(tty.stdout).toMatch(/\u001b\[32m/);
    const plain = await runCliOnTerminal(["audit"], { env: { ...emulator.env(), NO_COLOR: "1", CI: "true" } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("4 of 4 consoles available");
    expect(plain.stdout).not.toContain("auditing consoles");
    expect(plain.stdout).not.toMatch(/\u001b\[3\dm/);
  });
});
