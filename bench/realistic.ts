/**
 * The fleet against a cloud's latency: the emulator with its "real-nova"
 * profile (service times, nova-api workers that validate an unseen token
 * with Keystone), so the hook's time is set by the cloud and its concurrency,
 * not by CPU. Each row compares the hook with the ideal a client could reach
 * on that cloud, and with a bare loop that fans out on its fresh token at
 * once (the herd the hook's warm-up avoids).
 */
import { REAL_NOVA_LATENCY } from "../packages/openstack-emulator/src/latency";
import type { EmulatorProcess, RequestCounts } from "./emulator-client";
import { hookOnce } from "./fleet";
import { runFloorProcess } from "./floor/process";
import { issueToken } from "./floor/token";
import { envWith } from "./paths";
import { ratio, repeat, round, summarize, type Summary } from "./stats";

export interface RealisticRow {
  servers: number;
  hook_ms: number;
  /** startup + token + version discovery + one token validation + ceil(N / concurrency) x console service time. */
  ideal_ms: number;
  /** A Node client's own cost, what the ideal starts from: the bare loop's process wall time minus its loop (start-up, bundle load, undici's parser compile). */
  startup_ms: number;
  ratio: number;
  max_console_in_flight: number;
  /** Keystone validations the hook's calls caused (one per nova-api worker when the warm-up works). */
  token_validations: number;
  /** A bare undici loop fanning out on a fresh token at once, same concurrency, no warm-up. */
  bare_loop_ms: number;
  bare_loop_token_validations: number;
  hook: Summary;
  bare_loop: Summary;
}

export interface RealisticSettings {
  floorBundle: string;
  runs: number;
  warmup: number;
  concurrency: number;
}

/** What a client cannot avoid on this cloud: its own start-up, a token, discovery, one validation, then full waves. */
export function idealMs(servers: number, concurrency: number, startupMs: number): number {
  const s = REAL_NOVA_LATENCY.serviceMs;
  const waves = Math.ceil(servers / concurrency);
  return round(startupMs + s["identity.tokens"] + s["compute.versions"] + REAL_NOVA_LATENCY.tokenValidationMs + waves * s["compute.remote-consoles"]);
}

async function counted(emulator: EmulatorProcess, measure: () => Promise<number>): Promise<{ ms: number; counts: RequestCounts }> {
  await emulator.resetCounters();
  const ms = await measure();
  return { ms, counts: await emulator.counts() };
}

export async function realisticRow(emulator: EmulatorProcess, settings: RealisticSettings, log: (line: string) => void): Promise<RealisticRow> {
  const servers = emulator.handle.servers;
  const target = { emulator, env: envWith(emulator.handle.env) };
  const job = { computeUrl: emulator.handle.computeUrl, serverIds: servers.map((s) => s.id), concurrency: settings.concurrency };
  log(`realistic fleet ${servers.length}: hook and a bare fresh-token loop on the real-nova latency profile (${settings.warmup} warm-up + ${settings.runs} runs)`);
  const runs = await repeat(settings.warmup, settings.runs, async () => {
    // Every hook run logs in afresh, so every run pays the fresh-token cost, as every apply does.
    const hook = await counted(emulator, () => hookOnce(target, servers));
    const token = await issueToken(emulator.handle.env);
    let processMs = 0;
    const bare = await counted(emulator, async () => {
      const run = await runFloorProcess(settings.floorBundle, job, token, target.env);
      processMs = run.wallMs - run.loopMs;
      return run.loopMs;
    });
    return { hook, bare, processMs };
  });
  const hook = summarize(runs.map((r) => r.hook.ms));
  const bare = summarize(runs.map((r) => r.bare.ms));
  const startup = summarize(runs.map((r) => r.processMs)).median;
  const ideal = idealMs(servers.length, settings.concurrency, startup);
  return {
    servers: servers.length,
    hook_ms: hook.median,
    ideal_ms: ideal,
    startup_ms: startup,
    ratio: ratio(hook.median, ideal),
    max_console_in_flight: Math.max(...runs.map((r) => r.hook.counts.maxConsoleInFlight)),
    token_validations: Math.max(...runs.map((r) => r.hook.counts.tokenValidations)),
    bare_loop_ms: bare.median,
    bare_loop_token_validations: Math.max(...runs.map((r) => r.bare.counts.tokenValidations)),
    hook,
    bare_loop: bare,
  };
}
