/**
 * Console minting for whole fleets against the emulator (in another process),
 * each way a caller can mint them, interleaved run by run so the machine's
 * noise falls on all alike. The emulator counts token and console requests.
 */
import { performance } from "node:perf_hooks";
import { fanOut } from "../lib/openstack/fan-out";
import { expectSuccess, runChild } from "./child";
import type { EmulatorProcess, RequestCounts } from "./emulator-client";
import { runFloorProcess } from "./floor/process";
import { issueToken } from "./floor/token";
import { CLI_BUNDLE, CLI_LAUNCHER, envWith, HOOK_BUNDLE, requireBundle, ROOT } from "./paths";
import { repeat, ratio, round, summarize } from "./stats";

/** Terraform's default -parallelism: how many per-server hook processes it runs at once. */
export const TERRAFORM_PARALLELISM = 10;

export interface VariantFigures {
  median_ms: number;
  min_ms: number;
  max_ms: number;
  samples_ms: number[];
  token_requests: number;
  console_requests: number;
  /** Most console requests the emulator served at once: shows the hook and the floor ran at the same concurrency. */
  max_console_in_flight: number;
  /** Set when the figure was measured on fewer servers and scaled linearly. */
  measured_servers?: number;
}

export interface FleetRow {
  servers: number;
  hook_ms: number;
  /** The floor process, spawn to exit (what the ratio is taken against). */
  floor_ms: number;
  /** The floor's loop alone, timed inside its process: the network-bound part. */
  floor_loop_ms: number;
  per_server_process_ms: number;
  cli_audit_ms: number;
  /** The same audit with --probe: every minted URL opened through the emulator's console proxy to RFB ServerInit. */
  cli_audit_probe_ms: number;
  token_requests: number;
  console_requests: number;
  hook_floor_ratio: number;
  variants: FleetVariants;
}

export interface FleetVariants {
  hook: VariantFigures;
  floor: VariantFigures;
  floor_loop: VariantFigures;
  per_server_process: VariantFigures;
  cli_audit: VariantFigures;
  cli_audit_probe: VariantFigures;
}

export interface FleetSettings {
  /** The floor's bundle (floor/process.ts builds it). */
  floorBundle: string;
  runs: number;
  warmup: number;
  perProcessCap: number;
  concurrency: number;
}

interface Sample {
  ms: number;
  counts: RequestCounts;
}

export type Server = { name: string; id: string };

/** What the bench mints against: the emulator process and the OpenStack environment its children get. */
export interface BenchCloud {
  emulator: EmulatorProcess;
  env: NodeJS.ProcessEnv;
}

export class FleetBench {
  private readonly perProcessCache = new Map<number, VariantFigures>();

  constructor(
    private readonly settings: FleetSettings,
    private readonly log: (line: string) => void,
  ) {
    requireBundle(HOOK_BUNDLE);
    requireBundle(CLI_BUNDLE);
  }

  /** One row: the emulator must hold exactly the fleet (the CLI's audit covers every server it can see). */
  async row(emulator: EmulatorProcess): Promise<FleetRow> {
    const cloud: BenchCloud = { emulator, env: envWith(emulator.handle.env) };
    const servers = emulator.handle.servers;
    const size = servers.length;
    const token = await issueToken(emulator.handle.env);
    const job = { computeUrl: emulator.handle.computeUrl, serverIds: servers.map((s) => s.id), concurrency: this.settings.concurrency };
    this.log(`fleet ${size}: hook, floor, CLI audit, CLI audit --probe (${this.settings.warmup} warm-up + ${this.settings.runs} runs)`);
    const runs = await repeat(this.settings.warmup, this.settings.runs, async () => {
      const hook = await counted(emulator, () => hookOnce(cloud, servers));
      let loopMs = 0;
      const floor = await counted(emulator, async () => {
        const run = await runFloorProcess(this.settings.floorBundle, job, token, cloud.env);
        loopMs = run.loopMs;
        return run.wallMs;
      });
      const cli = await counted(emulator, () => cliAuditOnce(cloud, size, false));
      const cliProbe = await counted(emulator, () => cliAuditOnce(cloud, size, true));
      return { hook, floor, floorLoop: { ms: loopMs, counts: floor.counts }, cli, cliProbe };
    });
    const hook = figures(runs.map((r) => r.hook));
    const floor = figures(runs.map((r) => r.floor));
    const floorLoop = figures(runs.map((r) => r.floorLoop));
    const cli = figures(runs.map((r) => r.cli));
    const cliProbe = figures(runs.map((r) => r.cliProbe));
    const perProcess = await this.perServerProcess(cloud);
    const variants: FleetVariants = { hook, floor, floor_loop: floorLoop, per_server_process: perProcess, cli_audit: cli, cli_audit_probe: cliProbe };
    return {
      servers: size,
      hook_ms: hook.median_ms,
      floor_ms: floor.median_ms,
      floor_loop_ms: floorLoop.median_ms,
      per_server_process_ms: perProcess.median_ms,
      cli_audit_ms: cli.median_ms,
      cli_audit_probe_ms: cliProbe.median_ms,
      token_requests: hook.token_requests,
      console_requests: hook.console_requests,
      hook_floor_ratio: ratio(hook.median_ms, floor.median_ms),
      variants,
    };
  }

  /**
   * One hook process per server at Terraform's parallelism, as a stack with
   * one data source per server runs it. Its cost is linear in the fleet, so
   * fleets above the cap are measured at the cap and scaled (and say so).
   */
  private async perServerProcess(cloud: BenchCloud): Promise<VariantFigures> {
    const size = cloud.emulator.handle.servers.length;
    const measured = Math.min(size, this.settings.perProcessCap);
    let atCap = this.perProcessCache.get(measured);
    if (atCap === undefined) {
      this.log(`fleet ${size}: one hook process per server (${measured} servers)`);
      const servers = cloud.emulator.handle.servers.slice(0, measured);
      const samples = await repeat(this.settings.warmup, this.settings.runs, () =>
        counted(cloud.emulator, async () => {
          const started = performance.now();
          await fanOut(servers.length, { width: TERRAFORM_PARALLELISM, ramp: [] }, (i) => hookOnce(cloud, [servers[i]]).then(() => undefined));
          return performance.now() - started;
        }),
      );
      atCap = figures(samples);
      this.perProcessCache.set(measured, atCap);
    }
    return scale(atCap, measured, size);
  }
}

async function counted(emulator: EmulatorProcess, measure: () => Promise<number>): Promise<Sample> {
  await emulator.resetCounters();
  const ms = await measure();
  return { ms, counts: await emulator.counts() };
}

/** The hook as Terraform runs it: one process, the query on stdin, URLs on stdout. Returns its wall time. */
export async function hookOnce(cloud: BenchCloud, servers: readonly Server[]): Promise<number> {
  const query = { servers: JSON.stringify(Object.fromEntries(servers.map((s) => [s.name, s.id]))), protocol: "vnc", type: "novnc" };
  const result = expectSuccess(
    "the hook",
    await runChild(process.execPath, [HOOK_BUNDLE], { stdin: JSON.stringify(query), env: cloud.env, cwd: ROOT }),
  );
  const answer = JSON.parse(result.stdout) as Record<string, unknown>;
  const minted = servers.filter((s) => typeof answer[s.name] === "string" && answer[s.name] !== "").length;
  if (minted !== servers.length) throw new Error(`the hook answered ${minted} URLs for ${servers.length} servers`);
  return result.wallMs;
}

/**
 * `os-console audit` over the whole project, as CI runs it: one process, every server, vnc/novnc,
 * JSON report; with `probe`, every console is also opened (page, WebSocket, RFB to ServerInit).
 */
async function cliAuditOnce(cloud: BenchCloud, size: number, probe: boolean): Promise<number> {
  const args = [CLI_LAUNCHER, "audit", "--types", "vnc/novnc", "--format", "json", ...(probe ? ["--probe"] : [])];
  const what = probe ? "os-console audit --probe" : "os-console audit";
  const result = expectSuccess(what, await runChild(process.execPath, args, { env: cloud.env, cwd: ROOT }));
  const report = JSON.parse(result.stdout) as { summary?: { available?: number } };
  if (report.summary?.available !== size) {
    throw new Error(`${what} found ${report.summary?.available ?? "no"} ${probe ? "consoles that open" : "available consoles"} for ${size} servers`);
  }
  return result.wallMs;
}

function figures(samples: Sample[]): VariantFigures {
  const s = summarize(samples.map((x) => x.ms));
  // Counts are deterministic per run; the largest seen is the honest one to report.
  return {
    median_ms: s.median,
    min_ms: s.min,
    max_ms: s.max,
    samples_ms: s.samples,
    token_requests: Math.max(...samples.map((x) => x.counts.tokenRequests)),
    console_requests: Math.max(...samples.map((x) => x.counts.consoleRequests)),
    max_console_in_flight: Math.max(...samples.map((x) => x.counts.maxConsoleInFlight)),
  };
}

function scale(f: VariantFigures, measured: number, size: number): VariantFigures {
  if (measured === size) return f;
  const k = size / measured;
  return {
    median_ms: round(f.median_ms * k),
    min_ms: round(f.min_ms * k),
    max_ms: round(f.max_ms * k),
    samples_ms: f.samples_ms.map((x) => round(x * k)),
    token_requests: Math.round(f.token_requests * k),
    console_requests: Math.round(f.console_requests * k),
    max_console_in_flight: f.max_console_in_flight,
    measured_servers: measured,
  };
}
