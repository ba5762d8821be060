/**
 * Load: `os-console audit` of 10,000 servers with a concurrency cap, as a
 * subprocess against the emulator. Memory stays bounded (peak RSS of the
 * CLI process), never more console requests in flight than the cap (the
 * emulator measures it), and every server is asked exactly once.
 */
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { runCli, type RunResult } from "../helpers/run";
import { Sandbox, emulatorEnv } from "./support/sandbox";

const SERVERS = 10_000;
const CAP = 8;
/** A Node CLI holding 10,000 report rows: generous, but far below what unbounded buffering of requests would take. */
const RSS_BOUND_MIB = 256;

const sandbox = new Sandbox("load-");
let emu: Emulator;
let result: RunResult;
let report: { servers: Array<{ id: string; name: string; checks: Array<{ outcome: string }> }> };

beforeAll(async () => {
  emu = await startEmulator({ servers: SERVERS, seed: 99 });
  // A little latency so requests overlap in the emulator: with instant answers nothing is ever "in flight" together.
  emu.setFaults({ "compute.remote-consoles": { latencyMs: 2 } });
  result = await runCli(["audit", "--types", "vnc/novnc", "--concurrency", String(CAP), "--format", "json", "--timeout", "170"], {
    env: emulatorEnv(sandbox, emu),
    cwd: sandbox.root,
    measureRss: true,
    killAfterMs: 180_000,
  });
  if (result.code === 0) report = JSON.parse(result.stdout) as typeof report;
  const c = emu.counters();
  console.log(
    [
      `Load: os-console audit of ${SERVERS} servers, --concurrency ${CAP}`,
      `  exit ${String(result.code)}, wall ${result.wallMs} ms, peak RSS ${result.peakRssMiB?.toFixed(1)} MiB (bound ${RSS_BOUND_MIB} MiB)`,
      `  emulator: ${c.consoleRequests} console requests, ${Object.keys(c.consoleRequestsByServer).length} servers asked, max ${c.maxConsoleInFlight} in flight, ${c.tokenRequests} token request(s), ${c.byRoute["compute.servers"] ?? 0} list pages`,
    ].join("\n"),
  );
}, 200_000);

afterAll(async () => {
  await emu?.close();
  sandbox.cleanup();
});

test("the audit completes: every server reported, every console available, exit 0", () => {
  expect({ code: result.code, stderr: result.code === 0 ? "" : result.stderr.slice(0, 2000) }).toEqual({ code: 0, stderr: "" });
  expect(report.servers).toHaveLength(SERVERS);
  expect(new Set(report.servers.map((s) => s.id)).size).toBe(SERVERS);
  expect(report.servers.filter((s) => s.checks.length !== 1 || s.checks[0].outcome !== "available").map((s) => s.name)).toEqual([]);
});

test("peak RSS of the CLI stays bounded", () => {
  expect(result.peakRssMiB).toBeDefined();
  expect(result.peakRssMiB!).toBeLessThan(RSS_BOUND_MIB);
});

test("never more console requests in flight than --concurrency (and the cap is used)", () => {
  const c = emu.counters();
  expect(c.maxConsoleInFlight).toBeLessThanOrEqual(CAP);
  expect(c.maxConsoleInFlight).toBeGreaterThan(1);
});

test("no request lost or duplicated: each server asked exactly once, one token for the run", () => {
  const c = emu.counters();
  const ids = emu.listServers().map((s) => s.id);
  const notOnce = ids.filter((id) => c.consoleRequestsByServer[id] !== 1);
  expect(notOnce).toEqual([]);
  expect(Object.keys(c.consoleRequestsByServer)).toHaveLength(SERVERS);
  expect(c.consoleRequests).toBe(SERVERS);
  expect(c.consoleCreations).toBe(SERVERS);
  expect(c.tokenRequests).toBe(1);
});
