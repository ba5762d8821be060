/**
 * The hook on the real harness's Nova (`npm run bench -- --real-openstack`,
 * test/real-openstack up): for 10, 40 and 200 servers (the harness's ACTIVE
 * server, asked again and again: each call mints a real console token),
 * against a bare loop fanning out at once on a fresh token and the same loop
 * with the client's warm-up ramp. Each loop is the floor process, started as
 * the hook is, after a token request timed with it, so all three pay Node
 * start-up and Keystone once; and `openstack console url show` per URL.
 */
import { performance } from "node:perf_hooks";
import { WARMUP_RAMP } from "../lib/openstack/fan-out";
import { realOpenStack } from "../test/openstack/support/real-env";
import { expectSuccess, runChild } from "./child";
import { hookOnce, type BenchCloud, type Server } from "./fleet";
import { runFloorProcess } from "./floor/process";
import { issueToken } from "./floor/token";
import { envWith } from "./paths";
import { ratio, repeat, summarize, type Summary } from "./stats";

export interface RealNovaRow {
  servers: number;
  hook_ms: number;
  bare_loop_ms: number;
  warmup_loop_ms: number;
  hook_over_warmup_loop: number;
  hook_over_bare_loop: number;
  hook: Summary;
  bare_loop: Summary;
  warmup_loop: Summary;
}

export interface RealNovaFigures {
  rows: RealNovaRow[];
  /** `openstack console url show` per URL, one call after another, when the CLI is installed. */
  openstack_cli_per_url_ms: number | null;
}

/** The harness's admin credentials and its ACTIVE server (what up.sh wrote), or a one-line refusal saying how to bring it up. */
export function realOpenStackTarget(): { env: Record<string, string>; computeUrl: string; serverId: string } {
  try {
    const real = realOpenStack();
    return { env: real.osEnv, computeUrl: real.computeUrl, serverId: real.servers.active };
  } catch (err) {
    throw new Error(`bench: --real-openstack needs the harness: ${(err as Error).message}`);
  }
}

export async function measureRealNova(
  sizes: readonly number[],
  settings: { floorBundle: string; runs: number; warmup: number; concurrency: number; openstack: string | null },
  log: (line: string) => void,
): Promise<RealNovaFigures> {
  const real = realOpenStackTarget();
  const env = envWith(real.env);
  const target = { env } as BenchCloud;
  const rows: RealNovaRow[] = [];
  for (const size of sizes) {
    const servers: Server[] = Array.from({ length: size }, (_, i) => ({ name: `s-${i + 1}`, id: real.serverId }));
    const loop = async (ramp: readonly number[]): Promise<number> => {
      const started = performance.now();
      const token = await issueToken(real.env);
      const tokenMs = performance.now() - started;
      const run = await runFloorProcess(settings.floorBundle, { computeUrl: real.computeUrl, serverIds: servers.map((s) => s.id), concurrency: settings.concurrency, ramp }, token, env);
      return tokenMs + run.wallMs;
    };
    log(`real Nova, ${size} servers: the hook, a bare fresh-token loop and the loop with warm-up (${settings.warmup} warm-up + ${settings.runs} runs)`);
    const runs = await repeat(settings.warmup, settings.runs, async () => ({
      hook: await hookOnce(target, servers),
      bare: await loop([]),
      warm: await loop(WARMUP_RAMP),
    }));
    const hook = summarize(runs.map((r) => r.hook));
    const bare = summarize(runs.map((r) => r.bare));
    const warm = summarize(runs.map((r) => r.warm));
    rows.push({
      servers: size,
      hook_ms: hook.median,
      bare_loop_ms: bare.median,
      warmup_loop_ms: warm.median,
      hook_over_warmup_loop: ratio(hook.median, warm.median),
      hook_over_bare_loop: ratio(hook.median, bare.median),
      hook,
      bare_loop: bare,
      warmup_loop: warm,
    });
  }
  let perUrl: number | null = null;
  if (settings.openstack) {
    log("real Nova: openstack console url show, 5 calls");
    const calls: number[] = [];
    for (let i = 0; i < 5; i++) {
      const args = ["console", "url", "show", "--novnc", "-f", "json", real.serverId];
      calls.push(expectSuccess("openstack console url show", await runChild(settings.openstack, args, { env, timeoutMs: 60_000 })).wallMs);
    }
    perUrl = summarize(calls).median;
  }
  return { rows, openstack_cli_per_url_ms: perUrl };
}
