/**
 * The shared frame of the fault tests: one seeded emulator with a fleet per
 * test file, faults and counters reset before each test, the hook run as
 * Terraform runs it, and the checks every fault test makes.
 */
import { startEmulator, type Emulator, type EmulatorCounters, type RouteFaults } from "../../../packages/openstack-emulator/src";
import { DEFAULT_RETRY_POLICY } from "../../../lib/openstack/http/retry";
import { runHook, type RunResult } from "../../helpers/run";
import { FaultLog } from "./fault-log";
import { Sandbox, emulatorEnv, fleetByName, fleetQuery } from "./sandbox";

/** Keystone logins keep the client's default budget of attempts (console calls retry until the deadline). */
export const LOGIN_ATTEMPTS = DEFAULT_RETRY_POLICY.maxAttempts;
export const FLEET = 200;
/**
 * How long a fault test lets the hook run: under its own 120 s deadline, and
 * well beyond the usual. At a 50% 5xx rate the slowest server of 200 meets
 * some 8 failures in a row, and its backoff waits (full jitter, up to 8 s)
 * take 15 to 35 s; a longer streak takes longer still.
 */
export const HOOK_KILL_MS = 110_000;

export interface FaultSuite {
  readonly emu: Emulator;
  readonly fleet: Record<string, string>;
  readonly sandbox: Sandbox;
  readonly log: FaultLog;
  hook(query: Record<string, string>): Promise<RunResult>;
  /** Records a console fault's row from the emulator's counters. */
  consoleRow(fault: string, servers: number, result: RunResult, outcome?: string): void;
  /** The hook's result: a JSON object of strings, every one a URL this emulator issued. */
  expectIssuedUrls(result: RunResult, names: readonly string[]): Record<string, string>;
  /** Runs the hook on `part` with `faults` on console requests, records the row, and expects every URL issued. */
  survives(fault: string, faults: RouteFaults, part: Record<string, string>): Promise<RunResult>;
}

/** Registers the suite's hooks; the returned object is usable inside tests. */
export function faultSuite(part: string, seed: number): FaultSuite {
  const sandbox = new Sandbox(`faults-${part}-`);
  const log = new FaultLog(part);
  let emu: Emulator | undefined;
  let fleet: Record<string, string> = {};
  const live = (): Emulator => {
    if (!emu) throw new Error("the emulator is not started");
    return emu;
  };

  beforeAll(async () => {
    emu = await startEmulator({ servers: FLEET, seed });
    fleet = fleetByName(emu);
  });
  afterAll(async () => {
    await emu?.close();
    sandbox.cleanup();
    for (const table of log.report()) console.log(table);
  });
  beforeEach(() => {
    live().clearFaults();
    live().resetCounters();
  });

  return {
    get emu() {
      return live();
    },
    get fleet() {
      return fleet;
    },
    sandbox,
    log,
    hook: (query) => runHook(query, { env: emulatorEnv(sandbox, live()), cwd: sandbox.root, killAfterMs: HOOK_KILL_MS }),
    consoleRow(fault, servers, result, outcome) {
      const c = live().counters();
      log.record({
        fault,
        servers,
        outcome: outcome ?? (result.code === 0 ? "all URLs" : `exit ${String(result.code)}`),
        requests: c.consoleRequests,
        retries: c.consoleRequests - Object.keys(c.consoleRequestsByServer).length,
        tokenRequests: c.tokenRequests,
        wallMs: result.wallMs,
      });
    },
    expectIssuedUrls(result, names) {
      if (result.code !== 0) throw new Error(`hook failed (exit ${String(result.code)}):\n${result.stderr}`);
      const urls = JSON.parse(result.stdout) as Record<string, string>;
      expect(Object.keys(urls).sort()).toEqual([...names].sort());
      expect(Object.entries(urls).filter(([, url]) => !live().isIssuedConsoleUrl(url))).toEqual([]);
      return urls;
    },
    async survives(fault, faults, part) {
      live().setFaults({ "compute.remote-consoles": faults });
      const result = await this.hook(fleetQuery(part));
      this.consoleRow(fault, Object.keys(part).length, result);
      this.expectIssuedUrls(result, Object.keys(part));
      return result;
    },
  };
}

/**
 * Every server asked at least once, and retries in proportion to the faults:
 * console calls retry transient failures until the deadline (not a count),
 * so with a share `rate` of failed answers a server needs 1 / (1 - rate)
 * requests on average; twice that in all is far beyond chance (the emulator
 * is seeded) and catches a client that retries what already succeeded.
 */
export function expectWithinBudget(counters: EmulatorCounters, ids: readonly string[], rate: number): void {
  expect(ids.filter((id) => (counters.consoleRequestsByServer[id] ?? 0) < 1)).toEqual([]);
  const total = ids.reduce((sum, id) => sum + (counters.consoleRequestsByServer[id] ?? 0), 0);
  expect(total).toBeLessThanOrEqual(Math.ceil((2 * ids.length) / (1 - rate)));
}

/** The first `n` servers of a fleet. */
export function firstOf(fleet: Record<string, string>, n: number): Record<string, string> {
  return Object.fromEntries(Object.entries(fleet).slice(0, n));
}
