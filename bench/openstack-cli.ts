/**
 * `openstack console url show` (python3-openstackclient), where installed:
 * once per server, one after another as a script would (one URL per call),
 * against the hook minting for the same servers, per URL.
 */
import { expectSuccess, runChild } from "./child";
import type { EmulatorProcess } from "./emulator-client";
import { hookOnce, type BenchCloud } from "./fleet";
import { envWith } from "./paths";
import { ratio, repeat, summarize } from "./stats";

export interface OpenStackCliFigures {
  per_url_ms: number;
  min_per_url_ms: number;
  max_per_url_ms: number;
  servers: number;
  /** The hook on the same servers in the same runs, per URL. */
  hook_per_url_ms: number;
  speedup: number;
}

export async function measureOpenstackCli(
  openstack: string,
  emulator: EmulatorProcess,
  runs: number,
  warmup: number,
): Promise<OpenStackCliFigures> {
  const cloud: BenchCloud = { emulator, env: envWith(emulator.handle.env) };
  const servers = emulator.handle.servers;
  // Each call is one URL and takes seconds, so every call is a sample: one warm-up call, then one per server.
  const callOnce = async (id: string): Promise<number> => {
    const args = ["console", "url", "show", "--novnc", "-f", "json", id];
    return expectSuccess("openstack console url show", await runChild(openstack, args, { env: cloud.env, timeoutMs: 60_000 })).wallMs;
  };
  if (warmup > 0) await callOnce(servers[0].id);
  const calls: number[] = [];
  for (const server of servers) calls.push(await callOnce(server.id));
  const hookRuns = await repeat(warmup, runs, async () => (await hookOnce(cloud, servers)) / servers.length);
  const cli = summarize(calls);
  const hook = summarize(hookRuns);
  return {
    per_url_ms: cli.median,
    min_per_url_ms: cli.min,
    max_per_url_ms: cli.max,
    servers: servers.length,
    hook_per_url_ms: hook.median,
    speedup: ratio(cli.median, hook.median),
  };
}
