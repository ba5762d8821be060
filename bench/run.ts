/**
 * `npm run bench`: console minting, hook start-up and synth, each against its
 * floor in the same run (these machines are shared and noisy, so only ratios
 * from one run mean anything). Prints tables and the targets' PASS/MISS, and
 * writes the same figures as JSON to --out. Progress goes to stderr.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_CONCURRENCY as CLIENT_CONCURRENCY } from "../lib/openstack";
import { parseBenchArgs, UsageError, USAGE, type BenchOptions } from "./args";
import { EmulatorProcess } from "./emulator-client";
import { FleetBench, TERRAFORM_PARALLELISM } from "./fleet";
import { buildFloorBundle } from "./floor/process";
import { loadAverage, machineInfo } from "./machine";
import { measureOpenstackCli } from "./openstack-cli";
import { envWith, onPath } from "./paths";
import { renderReport } from "./report";
import type { BenchResults } from "./results";
import { measureRealNova, realOpenStackTarget } from "./real-nova";
import { measureApply } from "./apply";

/** The apply row's fleet on real Nova (issue: 20 servers). */
const APPLY_SERVERS = 20;
import { realisticRow } from "./realistic";
import { measureStartup } from "./startup";
import { measureProviderPlan, providerToolsProblem } from "./console-provider";
import { measureProviderStartup } from "./provider-startup";
import { measureSynth } from "./synth/measure";
import { measureThumbnails } from "./thumbnails";
import { checkTargets, type Figures } from "./targets";

const began = performance.now();
const log = (line: string): void => {
  process.stderr.write(`bench: [${Math.round((performance.now() - began) / 1000)} s] ${line}\n`);
};

/** Runs `use` against an emulator process holding `servers` servers, and stops it afterwards. */
async function withEmulator<T>(servers: number, use: (emulator: EmulatorProcess) => Promise<T>, latency?: string): Promise<T> {
  const emulator = await EmulatorProcess.start(servers, latency);
  try {
    return await use(emulator);
  } finally {
    await emulator.stop();
  }
}

async function measure(options: BenchOptions): Promise<Figures> {
  const figures: Figures = {
    fleet: null,
    realistic_fleet: null,
    real_nova: null,
    apply: null,
    startup: null,
    synth: null,
    openstack_cli: null,
    thumbnails: null,
    console_provider: null,
    provider_startup: null,
    concurrency: CLIENT_CONCURRENCY,
  };
  const wants = (section: BenchOptions["sections"][number]): boolean => options.sections.includes(section);
  if (wants("fleet")) {
    const floor = await buildFloorBundle();
    try {
      const fleet = new FleetBench(
        { floorBundle: floor.bundle, runs: options.runs, warmup: options.warmup, perProcessCap: options.perProcessCap, concurrency: CLIENT_CONCURRENCY },
        log,
      );
      figures.fleet = [];
      // One emulator per size, holding exactly that fleet: the CLI's audit covers every server it sees.
      const largest = Math.max(...options.sizes);
      for (const size of options.sizes) {
        figures.fleet.push(
          await withEmulator(size, async (emulator) => {
            const row = await fleet.row(emulator);
            // Thumbnails on the largest fleet only: a few runs (each moves 2 GB of framebuffers at 1,000 servers).
            if (size === largest) {
              log(`fleet ${size}: CLI audit --probe --thumbnails (${Math.min(options.runs, 3)} runs)`);
              figures.thumbnails = await measureThumbnails(emulator, Math.min(options.runs, 3), 0);
            }
            return row;
          }),
        );
      }
    } finally {
      floor.dispose();
    }
  }
  if (wants("realistic")) {
    const floor = await buildFloorBundle();
    try {
      const settings = { floorBundle: floor.bundle, runs: options.runs, warmup: options.warmup, concurrency: CLIENT_CONCURRENCY };
      figures.realistic_fleet = [];
      for (const size of options.realisticSizes) {
        figures.realistic_fleet.push(await withEmulator(size, (emulator) => realisticRow(emulator, settings, log), "real-nova"));
      }
    } finally {
      floor.dispose();
    }
  }
  if (wants("real_nova")) {
    const floor = await buildFloorBundle();
    try {
      const settings = { floorBundle: floor.bundle, runs: options.runs, warmup: options.warmup, concurrency: CLIENT_CONCURRENCY, openstack: onPath("openstack") };
      figures.real_nova = await measureRealNova(options.realSizes, settings, log);
    } finally {
      floor.dispose();
    }
    figures.apply = await measureApply(APPLY_SERVERS, log);
  }
  if (wants("openstack")) {
    const openstack = onPath("openstack");
    if (openstack !== null) {
      log(`openstack console url show on ${options.openstackServers} servers, and the hook on them`);
      figures.openstack_cli = await withEmulator(options.openstackServers, (emulator) =>
        measureOpenstackCli(openstack, emulator, options.runs, options.warmup),
      );
    }
  }
  if (wants("startup")) {
    log("hook start-up against node -e 0");
    // An empty fleet must not touch the cloud, so it gets no OpenStack settings at all.
    figures.startup = await measureStartup(envWith({}), options.runs, options.warmup);
    log("console provider start-up to its handshake line against node -e 0");
    figures.provider_startup = await measureProviderStartup(options.runs, options.warmup);
  }
  if (wants("provider")) {
    const problem = providerToolsProblem();
    if (problem === undefined) figures.console_provider = await measureProviderPlan(options.providerServers, options, log);
    else log(`console provider: not measured, ${problem}`);
  }
  if (wants("synth")) figures.synth = await measureSynth(options.synthSizes, options.runs, options.warmup, log);
  return figures;
}

/** Fails before minutes of measuring, not after, when the figures could not be written. */
function checkWritable(out: string): void {
  const dir = path.dirname(path.resolve(out));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`bench: --out "${out}" is in ${dir}, which does not exist or is not writable; give a path in a writable directory`);
  }
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  checkWritable(options.out);
  // Before minutes of measuring: the harness must be up for --real-openstack.
  if (options.sections.includes("real_nova")) realOpenStackTarget();
  const loadAtStart = loadAverage();
  const figures = await measure(options);
  const targets = checkTargets(figures);
  const seconds = Math.round((performance.now() - began) / 100) / 10;
  const load = `load average ${loadAtStart} at start, ${loadAverage()} at end on ${os.availableParallelism()} cores`;
  process.stdout.write(`${renderReport(figures, options.sections, targets)}\n\nTotal ${seconds} s; ${load}.\n`);
  const json: BenchResults = {
    machine: machineInfo(loadAtStart),
    settings: {
      runs: options.runs,
      warmup: options.warmup,
      client_concurrency: CLIENT_CONCURRENCY,
      terraform_parallelism: TERRAFORM_PARALLELISM,
      per_process_cap: options.perProcessCap,
    },
    ...figures,
    targets,
    total_seconds: seconds,
  };
  fs.writeFileSync(options.out, `${JSON.stringify(json, null, 2)}\n`);
  log(`figures written to ${path.resolve(options.out)}`);
}

main().catch((err: Error) => {
  if (err instanceof UsageError) {
    const help = err.message === USAGE;
    (help ? process.stdout : process.stderr).write(`${err.message}\n`);
    process.exit(help ? 0 : 2);
  }
  process.stderr.write(`${err.message.startsWith("bench:") ? "" : "bench: "}${err.message.split("\n")[0]}\n`);
  process.exit(1);
});
