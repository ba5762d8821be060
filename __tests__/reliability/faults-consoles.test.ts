/**
 * Faults on console requests, injected by the emulator and survived by the
 * hook run as Terraform runs it (a subprocess fed the query on stdin, real
 * HTTP): 5xx, connections dropped mid-response, answers slower than the
 * per-request timeout, 429 with Retry-After. Each test asserts the outcome
 * and what the emulator counted, and records retries and wall time.
 */
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { OpenStackClient, OpenStackError, resolveCloudConfig } from "../../lib/openstack";
import { retryGaps, trackConsoleArrivals } from "./support/arrivals";
import { FLEET, HOOK_KILL_MS, expectWithinBudget, faultSuite, firstOf } from "./support/fault-suite";
import { waitFor } from "./support/poll";
import { runHook } from "../helpers/run";
import { emulatorEnv, fleetQuery } from "./support/sandbox";

const s = faultSuite("consoles", 20240607);

describe("5xx on a share of console requests", () => {
  test.each([0.1, 0.5])("errorRate %p: a fleet of 200 completes with every URL, within the retry budget", async (rate) => {
    await s.survives(`5xx on ${rate * 100}% of consoles`, { errorRate: rate, errorStatuses: [500, 502, 503] }, s.fleet);

    const c = s.emu.counters();
    expect(c.consoleCreations).toBe(FLEET);
    // Faults really hit (a share of the first tries at least), and each was retried.
    expect(c.consoleRequests - c.consoleCreations).toBeGreaterThanOrEqual(Math.floor(FLEET * rate * 0.5));
    expectWithinBudget(c, Object.values(s.fleet), rate);
    expect(c.tokenRequests).toBe(1);
  }, HOOK_KILL_MS + 10_000);
});

describe("connections dropped mid-response", () => {
  test("30% of console responses cut off: retried, and the fleet completes", async () => {
    const part = firstOf(s.fleet, 100);
    await s.survives("30% of consoles dropped", { dropRate: 0.3 }, part);

    const c = s.emu.counters();
    // The dropped ones minted a console the client never saw: creations count only delivered answers.
    expect(c.consoleCreations).toBe(100);
    expect(c.consoleRequests).toBeGreaterThan(100);
    expectWithinBudget(c, Object.values(part), 0.3);
    expect(c.tokenRequests).toBe(1);
  });
});

describe("a response slower than the per-request timeout", () => {
  // Its own emulator: the slow answers it leaves pending must not land in another test's counters.
  let slow: Emulator;
  let id: string;
  const name = "slow-1";
  beforeAll(async () => {
    slow = await startEmulator({ servers: 0, seed: 7 });
    id = slow.createServer({ name }).id;
  });
  afterAll(async () => slow?.close());
  beforeEach(() => {
    slow.clearFaults();
    slow.resetCounters();
  });

  /** How long a slow answer takes: far beyond any bound below, so a client that waits for it fails them. */
  const SLOW_MS = 30_000;
  /** Far from SLOW_MS, and roomy for a loaded machine (undici's timers alone fire up to ~1 s late). */
  const WELL_BEFORE_SLOW_MS = 10_000;
  const connect = async (requestTimeoutMs: number, deadlineMs = 30_000): Promise<OpenStackClient> =>
    OpenStackClient.connect(resolveCloudConfig({ requestTimeoutMs, deadlineMs }, emulatorEnv(s.sandbox, slow), s.sandbox.root), {
      retry: { baseDelayMs: 10, maxDelayMs: 40 },
      logger: () => undefined,
    });
  const record = (fault: string, outcome: string, wallMs: number): void => {
    const c = slow.counters();
    s.log.record({ fault, servers: 1, outcome, requests: c.consoleRequests, retries: c.consoleRequests - 1, tokenRequests: c.tokenRequests, wallMs });
  };

  test("the slow attempt is cut at the timeout and retried; the retry succeeds", async () => {
    const client = await connect(300);
    try {
      slow.setFaults({ "compute.remote-consoles": { latencyMs: SLOW_MS } });
      const started = Date.now();
      const minted = client.createConsole({ id, name }, { protocol: "vnc", type: "novnc" });
      // The first attempt is stuck in the emulator: answer the next ones at once.
      await waitFor(() => (slow.counters().consoleRequests >= 1 ? true : undefined), "the first console request");
      slow.clearFaults();
      const console = await minted;
      const wallMs = Date.now() - started;
      record("console slower than timeout (300 ms)", "URL on retry", wallMs);

      expect(slow.isIssuedConsoleUrl(console.url)).toBe(true);
      expect(slow.counters().consoleRequestsByServer[id]).toBe(2);
      expect(wallMs).toBeGreaterThanOrEqual(300); // the first attempt was given its 300 ms
      expect(wallMs).toBeLessThan(WELL_BEFORE_SLOW_MS); // and cut then, not left to take 30 s
    } finally {
      await client.close();
    }
  });

  test("always slower: each attempt cut at the timeout, retried until the deadline, then a timeout error naming the server", async () => {
    const DEADLINE_MS = 1_500;
    const client = await connect(200, DEADLINE_MS);
    try {
      slow.setFaults({ "compute.remote-consoles": { latencyMs: SLOW_MS } });
      const started = Date.now();
      const error = await client.createConsole({ id, name }, { protocol: "vnc", type: "novnc" }).then(
        () => undefined,
        (err: unknown) => err,
      );
      const wallMs = Date.now() - started;
      record("console always slower than timeout", "timeout error", wallMs);

      expect(error).toBeInstanceOf(OpenStackError);
      const e = error as OpenStackError;
      expect(e.kind).toBe("timeout");
      const attempts = Number(/the deadline of 1\.5 s passed after (\d+) attempts; the last one got no answer in time/.exec(e.message)?.[1]);
      expect(slow.counters().consoleRequestsByServer[id]).toBe(attempts);
      expect(attempts).toBeGreaterThanOrEqual(2); // each cut near 200 ms (undici timers are coarse), not left to take 30 s
      expect(wallMs).toBeLessThan(WELL_BEFORE_SLOW_MS); // ended by the 1.5 s deadline
      // createConsole's contract: the error names the server.
      expect(e.serverId).toBe(id);
      expect(e.message).toContain(id);
    } finally {
      await client.close();
    }
  });

  test("hook: a console answer slower than the query's timeout fails that run with a timeout naming the server", async () => {
    slow.setFaults({ "compute.remote-consoles": { latencyMs: SLOW_MS } });
    const result = await runHook(fleetQuery({ [name]: id }, { timeout: "2" }), { env: emulatorEnv(s.sandbox, slow), cwd: s.sandbox.root });
    record("console slower than query timeout (2 s)", `exit ${String(result.code)}`, result.wallMs);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    // The client's own timeout error, naming the server (the hook's hard stop names none).
    expect(result.stderr).toContain(name);
    expect(result.stderr).toContain(id);
    expect(result.stderr).toMatch(/time|deadline/i);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(slow.counters().consoleRequestsByServer[id]).toBeGreaterThanOrEqual(1);
    expect(result.wallMs).toBeLessThan(WELL_BEFORE_SLOW_MS); // it did not wait for the slow answer
  });
});

describe("429 with Retry-After", () => {
  test("Retry-After 2 s: the retry reaches the emulator no sooner (measured there)", async () => {
    s.emu.setFaults({ "compute.remote-consoles": { rateLimitRate: 1, retryAfterSeconds: 2 } });
    const tracker = trackConsoleArrivals();
    const run = s.hook(fleetQuery({ "server-2": s.fleet["server-2"] }));
    await waitFor(() => (s.emu.counters().consoleRequests >= 1 ? true : undefined), "the first console request");
    s.emu.clearFaults();
    const result = await run;
    const gaps = retryGaps(tracker.stop());
    s.consoleRow("429, Retry-After 2 s (one server)", 1, result);

    s.expectIssuedUrls(result, ["server-2"]);
    expect(s.emu.counters().consoleRequests).toBe(2);
    expect(gaps).toHaveLength(1);
    // Timers may fire a millisecond early; the client's wait starts after the 429 arrived, so the real gap is longer still.
    expect(gaps[0]).toBeGreaterThanOrEqual(2_000 - 1);
  });

  test("a fleet under 30% rate limiting completes, and no retry reaches the emulator sooner than Retry-After", async () => {
    const part = firstOf(s.fleet, 30);
    s.emu.setFaults({ "compute.remote-consoles": { rateLimitRate: 0.3, retryAfterSeconds: 1 } });
    const tracker = trackConsoleArrivals();
    const result = await s.hook(fleetQuery(part));
    const gaps = retryGaps(tracker.stop());
    s.consoleRow("429 on 30%, Retry-After 1 s", 30, result);

    s.expectIssuedUrls(result, Object.keys(part));
    const c = s.emu.counters();
    const limited = c.consoleRequests - c.consoleCreations;
    expect(limited).toBeGreaterThan(0);
    expect(gaps).toHaveLength(limited);
    expect(gaps.filter((ms) => ms < 1_000 - 1)).toEqual([]);
  });
});
