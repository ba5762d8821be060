/** The bench's arithmetic and verdicts, on figures given by hand. */
import { parseBenchArgs, UsageError } from "../../bench/args";
import type { FleetRow } from "../../bench/fleet";
import { summarize, repeat } from "../../bench/stats";
import type { SynthRow } from "../../bench/synth/measure";
import { checkTargets, type Figures } from "../../bench/targets";

describe("summarize", () => {
  it("takes the median of odd and even sample counts, with min and max", () => {
    expect(summarize([30, 10, 20])).toMatchObject({ median: 20, min: 10, max: 30 });
    expect(summarize([4, 1, 3, 2])).toMatchObject({ median: 2.5, min: 1, max: 4 });
  });

  it("refuses no samples", () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });
});

describe("repeat", () => {
  it("runs the warm-up unrecorded, then the recorded runs", async () => {
    let calls = 0;
    const results = await repeat(2, 3, async () => ++calls);
    expect(results).toEqual([3, 4, 5]);
  });
});

describe("parseBenchArgs", () => {
  it("defaults to the issue's sizes", () => {
    const o = parseBenchArgs([]);
    expect([o.sizes, o.synthSizes, o.sections]).toEqual([[1, 100, 1000], [10, 100, 1000], ["fleet", "openstack", "startup", "synth"]]);
  });

  it("sorts and de-duplicates sizes", () => {
    expect(parseBenchArgs(["--sizes", "100,1,100"]).sizes).toEqual([1, 100]);
  });

  it("names the flag and the fix for a bad value", () => {
    expect(() => parseBenchArgs(["--warmup", "-1"])).toThrow(UsageError);
    expect(() => parseBenchArgs(["--warmup", "x"])).toThrow(/--warmup "x" is not a whole number of at least 0; pass e.g. --warmup 3/);
  });
});

const fleetRow = (servers: number, hook: number, floor: number, tokens: number): FleetRow => ({
  servers,
  hook_ms: hook,
  floor_ms: floor,
  floor_loop_ms: floor,
  per_server_process_ms: 1,
  cli_audit_ms: 1,
  token_requests: tokens,
  console_requests: servers,
  hook_floor_ratio: Math.round((hook / floor) * 100) / 100,
  variants: {} as FleetRow["variants"],
});

const synthRow = (servers: number, ratio: number, peak: number): SynthRow => ({
  servers,
  project_ms: ratio * 100,
  plain_ms: 100,
  peak_rss_mb: peak,
  plain_peak_rss_mb: 100,
  ratio,
  cpu_ratio: ratio,
  project: summarize([ratio * 100]),
  plain: summarize([100]),
  project_cpu: summarize([ratio * 100]),
  plain_cpu: summarize([100]),
});

describe("checkTargets", () => {
  const figures = (over: Partial<Figures>): Figures => ({ fleet: null, startup: null, synth: null, openstack_cli: null, ...over });
  const status = (f: Figures): string[] => checkTargets(f).map((t) => `${t.status}: ${t.target}`);

  it("passes figures within every target", () => {
    const f = figures({
      fleet: [fleetRow(1000, 1250, 1000, 1)],
      startup: { hook_ms: 100, node_ms: 50, delta_ms: 50, hook: summarize([100]), node: summarize([50]) },
      synth: [synthRow(1000, 1.3, 1023)],
      openstack_cli: { per_url_ms: 2000, min_per_url_ms: 2000, max_per_url_ms: 2000, servers: 10, hook_per_url_ms: 100, speedup: 20 },
    });
    expect(checkTargets(f).every((t) => t.status === "PASS")).toBe(true);
  });

  it("misses each target just beyond it", () => {
    const f = figures({
      fleet: [fleetRow(1000, 1260, 1000, 2)],
      startup: { hook_ms: 101, node_ms: 50, delta_ms: 51, hook: summarize([101]), node: summarize([50]) },
      synth: [synthRow(1000, 1.31, 1024)],
      openstack_cli: { per_url_ms: 1990, min_per_url_ms: 1990, max_per_url_ms: 1990, servers: 10, hook_per_url_ms: 100, speedup: 19.9 },
    });
    expect(checkTargets(f).map((t) => t.status)).toEqual(Array(6).fill("MISS"));
  });

  it("says a target was not measured when its size was not run, never that it passed", () => {
    const f = figures({ fleet: [fleetRow(100, 100, 100, 1)], synth: [synthRow(100, 1, 100)] });
    expect(status(f)).toEqual([
      "NOT MEASURED: fleet of 1000: hook/floor <= 1.25",
      "NOT MEASURED: fleet of 1000: token requests = 1",
      "NOT MEASURED: hook start-up <= node -e 0 + 50 ms",
      "NOT MEASURED: synth of 1000: project/plain <= 1.3",
      "NOT MEASURED: synth of 1000: peak memory < 1024 MB",
      "NOT MEASURED: per URL: hook >= 20x faster than openstack CLI",
    ]);
  });
});
