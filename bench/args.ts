/**
 * Command-line options of `npm run bench`. Bad input gets one line naming the
 * flag, what is wrong and how to fix it (thrown as UsageError, printed by run.ts).
 */
import { parseArgs } from "node:util";

export interface BenchOptions {
  /** Fleet sizes for console minting. */
  sizes: number[];
  /** Fleet sizes for the realistic rows (the emulator with the real-nova latency profile). */
  realisticSizes: number[];
  /** Server counts for the synth comparison. */
  synthSizes: number[];
  /** Recorded runs per measurement (the median is reported). */
  runs: number;
  /** Unrecorded runs before them. */
  warmup: number;
  /** Where the JSON figures go. */
  out: string;
  /** Largest fleet the one-process-per-server row runs in full; bigger fleets are scaled from it. */
  perProcessCap: number;
  /** Servers `openstack console url show` is timed on (the figure is per URL). */
  openstackServers: number;
  /** Which sections run. */
  sections: Section[];
  /** Fleet sizes on the real harness's Nova (only with --real-openstack). */
  realSizes: number[];
  /** Servers of the fleet Terraform deploys for the console provider's rows. */
  providerServers: number;
}

const SECTIONS = ["fleet", "realistic", "openstack", "startup", "synth", "provider", "real_nova"] as const;
/** Sections --only and the default choose from; real_nova runs only with --real-openstack. */
const DEFAULT_SECTIONS = SECTIONS.filter((s) => s !== "real_nova");
export type Section = (typeof SECTIONS)[number];

export class UsageError extends Error {}

export const USAGE = `usage: npm run bench -- [options]
  --sizes LIST            fleet sizes for console minting (default 1,100,1000)
  --realistic-sizes LIST  fleet sizes against the emulator's real-nova latency profile (default 10,100,1000)
  --synth-sizes LIST      server counts for synth (default 10,100,1000,10000)
  --runs N                recorded runs per figure, median reported (default 5)
  --warmup N              unrecorded runs first (default 1)
  --out FILE              JSON figures (default bench-results.json)
  --per-process-cap N     largest fleet run with one hook process per server; larger ones are scaled (default 10, one wave at Terraform's -parallelism)
  --openstack-servers N   servers timed with \`openstack console url show\` when installed (default 10)
  --provider-servers N    servers Terraform deploys to the emulator for the console provider's plan and apply rows (default 1000)
  --only LIST             sections to run: fleet,realistic,openstack,startup,synth,provider (default all)
  --real-openstack        also the real harness's Nova (test/real-openstack up, run as root): the hook against a bare fresh-token loop and the loop with warm-up
  --real-sizes LIST       fleet sizes on real Nova (default 10,40,200)`;

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        sizes: { type: "string", default: "1,100,1000" },
        "synth-sizes": { type: "string", default: "10,100,1000,10000" },
        "realistic-sizes": { type: "string", default: "10,100,1000" },
        runs: { type: "string", default: "5" },
        warmup: { type: "string", default: "1" },
        out: { type: "string", default: "bench-results.json" },
        "per-process-cap": { type: "string", default: "10" },
        "openstack-servers": { type: "string", default: "10" },
        "provider-servers": { type: "string", default: "1000" },
        only: { type: "string", default: DEFAULT_SECTIONS.join(",") },
        "real-openstack": { type: "boolean", default: false },
        "real-sizes": { type: "string", default: "10,40,200" },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`bench: ${(err as Error).message.split("\n")[0]}; run with --help for the options`);
  }
  const v = parsed.values;
  if (v.help) throw new UsageError(USAGE);
  return {
    sizes: positiveList("--sizes", v.sizes),
    synthSizes: positiveList("--synth-sizes", v["synth-sizes"]),
    realisticSizes: positiveList("--realistic-sizes", v["realistic-sizes"]),
    runs: integer("--runs", v.runs, 1),
    warmup: integer("--warmup", v.warmup, 0),
    out: nonEmpty("--out", v.out),
    perProcessCap: integer("--per-process-cap", v["per-process-cap"], 1),
    openstackServers: integer("--openstack-servers", v["openstack-servers"], 1),
    sections: [...sectionList(v.only), ...(v["real-openstack"] ? (["real_nova"] as const) : [])],
    realSizes: positiveList("--real-sizes", v["real-sizes"]),
    providerServers: integer("--provider-servers", v["provider-servers"], 1),
  };
}

function integer(flag: string, raw: string, least: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < least) {
    throw new UsageError(`bench: ${flag} "${raw}" is not a whole number of at least ${least}; pass e.g. ${flag} ${Math.max(least, 3)}`);
  }
  return Number(raw);
}

function positiveList(flag: string, raw: string): number[] {
  const items = raw.split(",").map((s) => s.trim());
  if (items.some((s) => !/^\d+$/.test(s) || Number(s) < 1)) {
    throw new UsageError(`bench: ${flag} "${raw}" must be comma-separated whole numbers of at least 1; pass e.g. ${flag} 1,100,1000`);
  }
  return [...new Set(items.map(Number))].sort((a, b) => a - b);
}

function sectionList(raw: string): Section[] {
  const items = raw.split(",").map((s) => s.trim());
  const unknown = items.filter((s) => !(DEFAULT_SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0 || items.length === 0) {
    throw new UsageError(`bench: --only "${raw}" names unknown sections (${unknown.join(", ")}); choose from ${DEFAULT_SECTIONS.join(",")}`);
  }
  return DEFAULT_SECTIONS.filter((s) => items.includes(s));
}

function nonEmpty(flag: string, raw: string): string {
  if (raw.trim() === "") throw new UsageError(`bench: ${flag} is empty; pass a file path, e.g. ${flag} bench-results.json`);
  return raw;
}
