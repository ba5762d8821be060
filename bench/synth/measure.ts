/**
 * Synth through the project's constructs against a plain cdktf stack of the
 * same servers. Every measurement is a fresh child on the same runtime (tsx),
 * so the ratio measures the constructs, not the loader.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expectSuccess, runChild } from "../child";
import { ROOT } from "../paths";
import { repeat, ratio, summarize, type Summary } from "../stats";

export interface SynthRow {
  servers: number;
  project_ms: number;
  plain_ms: number;
  /** The project side's peak resident memory, the largest of its runs. */
  peak_rss_mb: number;
  plain_peak_rss_mb: number;
  ratio: number;
  /** The same ratio on CPU time (user + system) of the synth, which a busy machine moves less. */
  cpu_ratio: number;
  /** project/plain of each run's pair (the two sides run back to back): the run-to-run spread of the ratio. */
  run_ratios: number[];
  project: Summary;
  plain: Summary;
  project_cpu: Summary;
  plain_cpu: Summary;
}

interface SynthSample {
  ms: number;
  cpuMs: number;
  rssMb: number;
  /** What the side declared, by block (child.ts `declaredShape`), to check both sides synthesize the same Terraform. */
  shape: Record<string, string[]>;
}

const CHILD = path.join(ROOT, "bench", "synth", "child.ts");

export async function measureSynth(
  sizes: readonly number[],
  runs: number,
  warmup: number,
  log: (line: string) => void,
): Promise<SynthRow[]> {
  const rows: SynthRow[] = [];
  for (const servers of sizes) {
    // A 10,000-server synth takes half a minute a side: three runs, no warm-up, keep the bench in minutes.
    const [w, n] = servers >= 10_000 ? [0, Math.min(runs, 3)] : [warmup, runs];
    log(`synth ${servers}: project vs plain (${w} warm-up + ${n} runs)`);
    const pairs = await repeat(w, n, async () => {
      const pair = { project: await synthOnce("project", servers), plain: await synthOnce("plain", servers) };
      const differs = shapeDifference(pair.project.shape, pair.plain.shape);
      if (differs) throw new Error(`bench: synth of ${servers} servers: the two sides declare different Terraform, so their ratio means nothing: ${differs}`);
      return pair;
    });
    const project = summarize(pairs.map((p) => p.project.ms));
    const plain = summarize(pairs.map((p) => p.plain.ms));
    const projectCpu = summarize(pairs.map((p) => p.project.cpuMs));
    const plainCpu = summarize(pairs.map((p) => p.plain.cpuMs));
    rows.push({
      servers,
      project_ms: project.median,
      plain_ms: plain.median,
      peak_rss_mb: Math.max(...pairs.map((p) => p.project.rssMb)),
      plain_peak_rss_mb: Math.max(...pairs.map((p) => p.plain.rssMb)),
      ratio: ratio(project.median, plain.median),
      cpu_ratio: ratio(projectCpu.median, plainCpu.median),
      run_ratios: pairs.map((p) => ratio(p.project.ms, p.plain.ms)),
      project,
      plain,
      project_cpu: projectCpu,
      plain_cpu: plainCpu,
    });
  }
  return rows;
}

async function synthOnce(side: "project" | "plain", servers: number): Promise<SynthSample> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-synth-${side}-`));
  try {
    const result = expectSuccess(
      `synth of ${servers} servers (${side})`,
      await runChild(process.execPath, ["--import", "tsx", CHILD, side, String(servers), outdir], { cwd: ROOT, timeoutMs: 600_000 }),
    );
    const line = JSON.parse(result.stdout.trim().split("\n").pop() ?? "") as { ms: number; cpu_ms: number; max_rss_kb: number; shape: Record<string, string[]> };
    return { ms: line.ms, cpuMs: line.cpu_ms, rssMb: Math.round(line.max_rss_kb / 1024), shape: line.shape };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The first entry one side declares and the other does not, by block; undefined when they match. */
export function shapeDifference(project: Record<string, string[]>, plain: Record<string, string[]>): string | undefined {
  for (const block of new Set([...Object.keys(project), ...Object.keys(plain)])) {
    const a = project[block] ?? [];
    const b = plain[block] ?? [];
    const inA = new Set(a);
    const inB = new Set(b);
    const onlyProject = a.find((x) => !inB.has(x));
    if (onlyProject !== undefined) return `${block} ${JSON.stringify(onlyProject)} only in the project stack`;
    const onlyPlain = b.find((x) => !inA.has(x));
    if (onlyPlain !== undefined) return `${block} ${JSON.stringify(onlyPlain)} only in the plain stack`;
  }
  return undefined;
}
