/**
 * `--probe` on the CLI as a subprocess against the emulator's console proxy:
 * each fault names its step in every audit format and in the exit code, and
 * `url` / `from-stack` say whether the console opens. Never the token.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { startEmulator, type ConsoleProxyFaults, type Emulator } from "../../packages/openstack-emulator/src";
import { runCli, type RunResult } from "../helpers/run";
import { fleetState } from "./helpers/fixtures";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ servers: 0, profile: "zed" });
  emulator.createServer({ name: "web-1", project: "admin" });
  emulator.createServer({ name: "web-2", project: "admin" });
  emulator.createServer({ name: "broken", project: "admin", status: "ERROR", host: false });
});
afterEach(() => emulator.setConsoleProxyFaults({}));
afterAll(() => emulator.close());

async function cli(args: string[], user: "admin" | "demo" = "admin"): Promise<RunResult> {
  const r = await runCli(args, { env: emulator.env(user) });
  // console tokens are UUIDs after "token%3D" or "token="; none may leak without --show-urls
  expect(r.stdout + r.stderr).not.toMatch(/token(%3D|=)[0-9a-f-]{36}/);
  return r;
}

interface Check {
  outcome: string;
  reason?: string;
  hint?: string;
  probe?: { opens: boolean; step?: string; reason?: string; reached?: string; desktop?: { name: string; width: number; height: number } };
}
interface Report {
  probe?: { timeoutMs: number };
  summary: { checks: number; available: number; unavailable: number; outcomes: Record<string, number> };
  servers: Array<{ name: string; checks: Check[] }>;
}

const byName = (report: Report): Record<string, Check> => Object.fromEntries(report.servers.map((s) => [s.name, s.checks[0]]));

test("every console opens: exit 0; json carries the desktop; the summary says open", async () => {
  const r = await cli(["audit", "--probe", "-f", "json"]);
  const report = JSON.parse(r.stdout) as Report;
  expect(r.code).toBe(1); // "broken" has no host: not ready
  const checks = byName(report);
  expect(checks["web-1"]).toMatchObject({ outcome: "available", probe: { opens: true, reached: "server-init", desktop: { name: "emulator", width: 800, height: 600 } } });
  expect(checks.broken).toMatchObject({ outcome: "not-ready" });
  expect(checks.broken.probe).toBeUndefined();
  expect(report.probe).toEqual({ timeoutMs: 10_000 });
  expect(report.summary).toMatchObject({ checks: 3, available: 2, unavailable: 1, outcomes: { available: 2, "not-ready": 1, "does-not-open": 0 } });
  const table = await cli(["audit", "--probe", "--types", "vnc/novnc"]);
  expect(table.stdout).toMatch(/opens "emulator" 800x600/);
  expect(table.stdout).toMatch(/3 servers in the project .*: 2 of 3 consoles open, 1 not\./);
});

const FAULTS: Array<[string, ConsoleProxyFaults, string, RegExp]> = [
  ["page 404", { page404: true }, "page", /answered 404/],
  ["upgrade refused", { upgradeRefused: true }, "websocket", /answered the WebSocket upgrade with 400/],
  ["token expired", { tokenExpired: true }, "websocket", /Nova does not know the console token: it is invalid or has expired/],
  ["VNC server unreachable", { vncUnreachable: true }, "rfb", /could not reach the console's VNC server at 127\.0\.0\.1:\d+/],
  ["VNC password only", { vncPasswordOnly: true }, "rfb", /could not negotiate security with the VNC server: "Unable to negotiate security with server"/],
];

describe.each(FAULTS)("%s: the step is named in every format and in the exit code", (_name, faults, step, reason) => {
  beforeEach(() => emulator.setConsoleProxyFaults(faults));

  test("json", async () => {
    const r = await cli(["audit", "--probe", "-f", "json"]);
    expect(r.code).toBe(1);
    const checks = byName(JSON.parse(r.stdout) as Report);
    for (const name of ["web-1", "web-2"]) {
      expect(checks[name]).toMatchObject({ outcome: "does-not-open", reason: expect.stringMatching(reason), probe: { opens: false, step } });
      expect(checks[name].hint).toEqual(expect.any(String));
    }
    expect((JSON.parse(r.stdout) as Report).summary.outcomes["does-not-open"]).toBe(2);
  });

  test("table, junit, markdown", async () => {
    const table = await cli(["audit", "--probe"]);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(`does not open (${step})`);
    expect(table.stdout).toMatch(reason);
    expect(table.stdout).toMatch(/vnc\/novnc: 1 not-ready, 2 does-not-open/);

    const junit = await cli(["audit", "--probe", "-f", "junit"]);
    expect(junit.code).toBe(1);
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (n) => n === "testcase" }).parse(junit.stdout);
    const cases = doc.testsuites.testsuite.testcase as Array<{ name: string; failure?: { type: string; message: string } }>;
    const web1 = cases.find((c) => c.name.startsWith("web-1"))!;
    expect(web1.failure).toMatchObject({ type: "does-not-open", message: expect.stringMatching(new RegExp(`^does not open \\(${step}\\): `)) });
    expect(web1.failure!.message).toMatch(reason);
    expect(doc.testsuites.failures).toBe("3");

    const md = await cli(["audit", "--probe", "-f", "markdown"]);
    expect(md.stdout).toMatch(/\| Console \| available \| not ready \| unsupported \| forbidden \| server gone \| error \| does not open \|/);
    expect(md.stdout).toMatch(/\| vnc\/novnc \| 0 \| 1 \| 0 \| 0 \| 0 \| 0 \| 2 \|/);
    expect(md.stdout).toMatch(new RegExp(`\\*\\*web-1\\*\\* .*does not open \\(${step}\\) — `));
  });
});

test("without --probe nothing is opened and the report has no probe column", async () => {
  emulator.setConsoleProxyFaults({ vncUnreachable: true });
  const r = await cli(["audit", "-f", "markdown"]);
  expect(r.stdout).not.toMatch(/does not open/);
  expect(r.code).toBe(1); // the ERROR server
});

test("a proxy that hangs: each probe ends at --probe-timeout and the audit goes on", async () => {
  emulator.setConsoleProxyFaults({ hang: true });
  const started = Date.now();
  const r = await cli(["audit", "--probe", "--probe-timeout", "0.5", "-f", "json"]);
  expect(Date.now() - started).toBeLessThan(15_000);
  const checks = byName(JSON.parse(r.stdout) as Report);
  expect(checks["web-1"]).toMatchObject({ outcome: "does-not-open", reason: "the page got no answer within 0.5 s" });
  expect(checks["web-2"]).toMatchObject({ outcome: "does-not-open" });
});

test("--probe-origin: an Origin the proxy refuses is named", async () => {
  const r = await cli(["audit", "--probe", "--probe-origin", "https://dashboard.example.com", "-f", "json"]);
  expect(byName(JSON.parse(r.stdout) as Report)["web-1"]).toMatchObject({ outcome: "does-not-open", reason: expect.stringMatching(/refused the Origin https:\/\/dashboard\.example\.com/) });
});

test.each([
  [["--probe-timeout", "0"], /--probe-timeout.*positive number of seconds/],
  [["--probe-origin", "ftp://x"], /--probe-origin.*http\(s\) origin/],
  [["--probe-origin", "https://x/path"], /--probe-origin.*without a path/],
])("bad probe flags %j: one line, exit 2", async (flags, message) => {
  const r = await cli(["audit", "--probe", ...flags]);
  expect(r.code).toBe(2);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(message);
});

describe("url and from-stack --probe", () => {
  test("url: a Probe column when it opens, exit 0", async () => {
    // url prints the URL itself: that is what it is for
    const r = await runCli(["url", "web-1", "--probe"], { env: emulator.env("admin") });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Probe/);
    expect(r.stdout).toMatch(/opens: "emulator" 800x600/);
  });

  test("url: a console that does not open is named on stderr, exit 1; json carries the probe", async () => {
    emulator.setConsoleProxyFaults({ vncPasswordOnly: true });
    const r = await runCli(["url", "web-1", "--probe", "-f", "json"], { env: emulator.env("admin") });
    expect(r.code).toBe(1);
    const [row] = JSON.parse(r.stdout) as Array<{ ok: boolean; url: string; probe: { opens: boolean; step: string } }>;
    expect(row).toMatchObject({ ok: true, probe: { opens: false, step: "rfb" } });
    expect(r.stderr).toMatch(/^os-console: server "web-1" \([0-9a-f-]+\): the console does not open at rfb: the proxy could not negotiate security/);
    // the URL goes to stdout only, where it was asked for
    expect(r.stderr).not.toContain(row.url.slice(-36));
  });

  test("from-stack: the servers of a deployed stack, probed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-stack-"));
    try {
      const servers = emulator.listServers().filter((s) => s.name.startsWith("web-"));
      const state = path.join(dir, "terraform.tfstate");
      fs.writeFileSync(state, JSON.stringify(fleetState(servers)));
      emulator.setConsoleProxyFaults({ tokenExpired: true });
      const r = await runCli(["from-stack", "--state", state, "--probe"], { env: emulator.env("admin") });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/does not open \(websocket\)/);
      expect(r.stderr).toMatch(/2 of 2 consoles do not open/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
