/**
 * `npm run bench:ramps`: which warm-up ramp a fleet's fan-out on a fresh token
 * should widen through (lib/openstack/fan-out.ts), measured with the client's
 * own scheduler in the floor loop (bench/floor/loop.ts): every ramp, a fresh
 * token each run, the median time and Keystone validations.
 *
 *   npm run bench:ramps                      the emulator's real-nova profile: round-robin and
 *                                            idle-first accept, 2 and 4 workers (100 servers)
 *   npm run bench:ramps -- --real-openstack  the real harness too (40 servers; validations
 *                                            counted in its keystone.log; needs root)
 *   options: --servers N --real-servers N --runs N --ramps '[[],[2],[2,4,8]]'
 *
 * Not part of `npm run bench`: it answers a design question (docs/bench.md,
 * "The client's warm-up"), it does not check a target.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { startEmulator } from "../packages/openstack-emulator/src";
import { DEFAULT_CONCURRENCY } from "../lib/openstack";
import { WARMUP_RAMP } from "../lib/openstack/fan-out";
import { realOpenStack } from "../test/openstack/support/real-env";
import { UsageError } from "./args";
import { mintLoop } from "./floor/loop";
import { issueToken } from "./floor/token";
import { summarize } from "./stats";

const DEFAULT_RAMPS: number[][] = [[], [2], [3], [1, 2, 4], [3, 6, 12], [...WARMUP_RAMP]];

interface Target {
  computeUrl: string;
  env: Record<string, string>;
  serverIds: string[];
  /** Keystone validations so far. */
  validations: () => number;
}

/** Each ramp `runs` times, interleaved, so a noisy stretch of the machine falls on all alike. */
async function measure(target: Target, ramps: number[][], runs: number): Promise<string[]> {
  const samples = ramps.map(() => [] as Array<{ ms: number; validations: number }>);
  for (let run = 0; run < runs; run++) {
    for (const [i, ramp] of ramps.entries()) {
      const before = target.validations();
      const started = performance.now();
      const token = await issueToken(target.env);
      const tokenMs = performance.now() - started;
      const loopMs = await mintLoop({ computeUrl: target.computeUrl, serverIds: target.serverIds, concurrency: DEFAULT_CONCURRENCY, ramp }, token);
      samples[i].push({ ms: tokenMs + loopMs, validations: target.validations() - before });
    }
  }
  return samples.map((s) => {
    const time = summarize(s.map((x) => x.ms));
    const v = s.map((x) => x.validations);
    return `${Math.round(time.median)} ms (${Math.round(time.min)}–${Math.round(time.max)}), ${Math.min(...v)}–${Math.max(...v)} validations`;
  });
}

/** Token validations uwsgi has logged so far, reading only what was appended since the last call. */
function keystoneValidations(log: string): () => number {
  let offset = 0;
  let seen = 0;
  return () => {
    const fd = fs.openSync(log, "r");
    try {
      const size = fs.fstatSync(fd).size;
      const appended = Buffer.alloc(Math.max(0, size - offset));
      fs.readSync(fd, appended, 0, appended.length, offset);
      // Count whole lines only: a line still being written is counted next time.
      const text = appended.toString("utf8");
      const complete = text.slice(0, text.lastIndexOf("\n") + 1);
      offset += Buffer.byteLength(complete);
      seen += (complete.match(/GET \/v3\/auth\/tokens/g) ?? []).length;
      return seen;
    } finally {
      fs.closeSync(fd);
    }
  };
}

function table(title: string, columns: string[], ramps: number[][], cells: string[][]): string {
  const rows = ramps.map((ramp, r) => `| ${ramp.length === 0 ? "none" : `[${ramp.join(", ")}]`} | ${cells.map((c) => c[r]).join(" | ")} |`);
  return [title, "", `| ramp | ${columns.join(" | ")} |`, `|---|${columns.map(() => "---").join("|")}|`, ...rows].join("\n");
}

function count(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`bench:ramps: ${flag} "${raw}" is not a whole number of at least 1; pass e.g. ${flag} 3`);
  return n;
}

function rampList(raw: string): number[][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const ok = Array.isArray(parsed) && parsed.every((r) => Array.isArray(r) && r.every((n) => Number.isInteger(n) && n >= 1));
  if (!ok) throw new UsageError(`bench:ramps: --ramps ${JSON.stringify(raw)} is not a JSON list of ramps; pass e.g. --ramps '[[],[2],[2,4,8]]'`);
  return parsed as number[][];
}

function parseFlags() {
  return parseArgs({
    options: {
      servers: { type: "string", default: "100" },
      "real-servers": { type: "string", default: "40" },
      runs: { type: "string", default: "3" },
      ramps: { type: "string" },
      "real-openstack": { type: "boolean", default: false },
    },
  });
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags();
  } catch (err) {
    throw new UsageError(`bench:ramps: ${(err as Error).message}`);
  }
  const { values } = parsed;
  const servers = count("--servers", values.servers!);
  const runs = count("--runs", values.runs!);
  const ramps = values.ramps === undefined ? DEFAULT_RAMPS : rampList(values.ramps);

  const cells: string[][] = [];
  const columns: string[] = [];
  for (const accept of ["round-robin", "idle-first"] as const) {
    for (const workers of [2, 4]) {
      process.stderr.write(`bench:ramps: emulator, ${accept}, ${workers} workers, ${servers} servers\n`);
      const emulator = await startEmulator({ servers, latency: { workers, accept } });
      try {
        const env = emulator.env("demo");
        const target: Target = { computeUrl: emulator.computeUrl, env, serverIds: emulator.listServers().map((s) => s.id), validations: () => emulator.counters().tokenValidations };
        cells.push(await measure(target, ramps, runs));
        columns.push(`${accept}, ${workers} workers`);
      } finally {
        await emulator.close();
      }
    }
  }
  const out = [table(`Emulator, real-nova profile, ${servers} servers, concurrency ${DEFAULT_CONCURRENCY}, median of ${runs} (min–max):`, columns, ramps, cells)];

  if (values["real-openstack"]) {
    const real = realOpenStack();
    const realServers = count("--real-servers", values["real-servers"]!);
    const validations = keystoneValidations(`${real.logDir}/keystone.log`);
    process.stderr.write(`bench:ramps: the real harness, ${realServers} servers\n`);
    const target: Target = { computeUrl: real.computeUrl, env: real.osEnv, serverIds: Array(realServers).fill(real.servers.active), validations };
    out.push(table(`Real harness, ${realServers} servers, concurrency ${DEFAULT_CONCURRENCY}, median of ${runs} (min–max), validations from keystone.log:`, ["time (token included), validations"], ramps, [await measure(target, ramps, runs)]));
  }
  process.stdout.write(`${out.join("\n\n")}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message.startsWith("bench:ramps") ? "" : "bench:ramps: "}${err.message.split("\n")[0]}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
