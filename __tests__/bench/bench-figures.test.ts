/** The bench's arithmetic and verdicts, on figures given by hand. */
import { parseBenchArgs, UsageError } from "../../bench/args";
import type { FleetRow } from "../../bench/fleet";
import type { OpenStackCliFigures } from "../../bench/openstack-cli";
import type { StartupFigures } from "../../bench/startup";
import { ratio, summarize, repeat } from "../../bench/stats";
import { shapeDifference, type SynthRow } from "../../bench/synth/measure";
import { checkTargets, type Figures } from "../../bench/targets";
import type { RealisticRow } from "../../bench/realistic";
import { consoleStepMs, type ProviderPlanFigures } from "../../bench/console-provider";
import type { ProviderStartupFigures } from "../../bench/provider-startup";

describe("summarize", () => {
  it("takes the median of odd and even sample counts, with min and max", () => {
    expect(summarize([30, 10, 20])).toMatchObject({ median: 20, min: 10, max: 30 });
    expect(summarize([4, 1, 3, 2])).toMatchObject({ median: 2.5, min: 1, max: 4 });
  });

  it("refuses no samples", () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });
});

describe("shapeDifference (both synth sides must declare the same Terraform)", () => {
  const shape = (outputs: string[]) => ({ provider: ["external", "openstack"], resource: ["openstack_compute_instance_v2 x 2"], output: outputs });

  it("finds nothing when both sides declare the same, in any order", () => {
    expect(shapeDifference(shape(["a (sensitive)", "b (sensitive)"]), shape(["b (sensitive)", "a (sensitive)"]))).toBeUndefined();
  });

  it("names the block and the entry only one side declares", () => {
    expect(shapeDifference(shape(["a (sensitive)", "b (sensitive)"]), shape(["a (sensitive)"]))).toBe('output "b (sensitive)" only in the project stack');
    expect(shapeDifference(shape(["a"]), shape(["a (sensitive)"]))).toBe('output "a" only in the project stack');
    expect(shapeDifference({ data: [] }, { data: ["external x 1"] })).toBe('data "external x 1" only in the plain stack');
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
    expect([o.sizes, o.realisticSizes, o.synthSizes, o.sections, o.providerServers]).toEqual([
      [1, 100, 1000],
      [10, 100, 1000],
      [10, 100, 1000, 10000],
      ["fleet", "realistic", "openstack", "startup", "synth", "provider"],
      1000,
    ]);
  });

  it("adds the real-Nova rows only with --real-openstack", () => {
    const o = parseBenchArgs(["--real-openstack", "--real-sizes", "40,10"]);
    expect([o.sections.includes("real_nova"), o.realSizes]).toEqual([true, [10, 40]]);
    expect(parseBenchArgs([]).sections).not.toContain("real_nova");
    expect(() => parseBenchArgs(["--only", "real_nova"])).toThrow(/names unknown sections \(real_nova\)/);
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
  cli_audit_probe_ms: 1,
  token_requests: tokens,
  console_requests: servers,
  hook_floor_ratio: ratio(hook, floor),
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
  run_ratios: [ratio],
  project: summarize([ratio * 100]),
  plain: summarize([100]),
  project_cpu: summarize([ratio * 100]),
  plain_cpu: summarize([100]),
});

const startup = (hook: number, node: number): StartupFigures => ({
  hook_ms: hook,
  node_ms: node,
  delta_ms: hook - node,
  hook: summarize([hook]),
  node: summarize([node]),
});

const openstackCli = (perUrl: number, hookPerUrl: number): OpenStackCliFigures => ({
  per_url_ms: perUrl,
  min_per_url_ms: perUrl,
  max_per_url_ms: perUrl,
  servers: 10,
  hook_per_url_ms: hookPerUrl,
  speedup: ratio(perUrl, hookPerUrl),
});

const realisticRow = (servers: number, hookMs: number, idealMs: number, inFlight: number): RealisticRow => {
  const summary = { median: hookMs, min: hookMs, max: hookMs, samples: [hookMs] };
  return {
    servers,
    hook_ms: hookMs,
    ideal_ms: idealMs,
    startup_ms: 100,
    ratio: ratio(hookMs, idealMs),
    max_console_in_flight: inFlight,
    token_validations: 2,
    bare_loop_ms: hookMs,
    bare_loop_token_validations: 16,
    hook: summary,
    bare_loop: summary,
  };
};

describe("consoleStepMs (the osconsole_urls step of an apply, from Terraform's -json log)", () => {
  const event = (type: string, resourceType: string, at: string, action = "create") =>
    JSON.stringify({ "@level": "info", "@timestamp": `2026-12-07T06:00:${at}Z`, type, hook: { resource: { addr: `${resourceType}.x`, resource_type: resourceType }, action } });

  it("spans the first apply_start of an osconsole_urls create to its last apply_complete, ignoring other resources, the replaced one's delete and other lines", () => {
    const log = [
      "not json",
      event("apply_start", "osconsole_urls", "00.000000", "delete"),
      event("apply_complete", "osconsole_urls", "00.100000", "delete"),
      event("apply_start", "openstack_compute_instance_v2", "00.000000"),
      event("apply_start", "osconsole_urls", "01.250000"),
      event("apply_complete", "openstack_compute_instance_v2", "09.000000"),
      event("apply_complete", "osconsole_urls", "02.500500"),
    ].join("\n");
    expect(consoleStepMs(log)).toBe(1250);
  });

  it("refuses a log without the console's create", () => {
    expect(() => consoleStepMs(event("apply_start", "osconsole_urls", "00.000000", "delete"))).toThrow(/shows no osconsole_urls create/);
  });
});

const providerPlan = (servers: number, m: { resourcePlan: number; plainPlan: number; consoles: number; tokens: number; step: number; hook: number }): ProviderPlanFigures => ({
  servers,
  deploy_parallelism: servers,
  deploy_ms: 1,
  deploy_console_step_ms: 1,
  resource_plan: summarize([m.resourcePlan]),
  plain_plan: summarize([m.plainPlan]),
  plan_ratio: ratio(m.resourcePlan, m.plainPlan),
  server_outputs_plan: summarize([m.resourcePlan * 2]),
  server_outputs_plan_ratio: ratio(m.resourcePlan * 2, m.plainPlan),
  resource_plan_console_requests: m.consoles,
  resource_plan_token_requests: m.tokens,
  plain_plan_token_requests: 1,
  console_step: summarize([m.step]),
  hook: summarize([m.hook]),
  console_step_ratio: ratio(m.step, m.hook),
  console_step_console_requests: servers,
});

const providerStartup = (provider: number, node: number): ProviderStartupFigures => ({
  provider_ms: provider,
  node_ms: node,
  delta_ms: provider - node,
  provider: summarize([provider]),
  node: summarize([node]),
});

describe("checkTargets", () => {
  const figures = (over: Partial<Figures>): Figures => ({ fleet: null, realistic_fleet: null, real_nova: null, apply: null, startup: null, synth: null, openstack_cli: null, thumbnails: null, concurrency: 16, ...over });
  const thumbnails = (servers: number, peakMb: number) => ({ servers, wall_ms: { median: 1, min: 1, max: 1, samples: [1] }, peak_rss_mb: peakMb, thumbnails_written: servers });
  const status = (f: Figures): string[] => checkTargets(f).map((t) => `${t.status}: ${t.target}`);
  /** Every section measured at the targets' sizes (fleet and synth of 1000; floor 1000 ms, node 50 ms, hook 100 ms per URL). */
  const allMeasured = (m: {
    hookMs: number;
    tokens: number;
    startupMs: number;
    synthRatio: number;
    peakMb: number;
    cliPerUrlMs: number;
    thumbPeakMb: number;
    realisticHookMs: number;
    inFlight: number;
    provider: Parameters<typeof providerPlan>[1];
    providerStartupMs: number;
  }): Figures =>
    figures({
      fleet: [fleetRow(1000, m.hookMs, 1000, m.tokens)],
      startup: startup(m.startupMs, 50),
      synth: [synthRow(1000, m.synthRatio, m.peakMb)],
      openstack_cli: openstackCli(m.cliPerUrlMs, 100),
      thumbnails: thumbnails(1000, m.thumbPeakMb),
      realistic_fleet: [realisticRow(100, m.realisticHookMs, 1000, m.inFlight), realisticRow(1000, m.realisticHookMs, 1000, m.inFlight)],
      console_provider: providerPlan(1000, m.provider),
      provider_startup: providerStartup(m.providerStartupMs, 50),
    });

  it("passes figures within every target", () => {
    const f = allMeasured({ hookMs: 1250, tokens: 1, startupMs: 100, synthRatio: 1.3, peakMb: 1023, cliPerUrlMs: 2000, thumbPeakMb: 299, realisticHookMs: 1150, inFlight: 16, provider: { resourcePlan: 1050, plainPlan: 1000, consoles: 0, tokens: 1, step: 1100, hook: 1000 }, providerStartupMs: 150 });
    expect(checkTargets(f).every((t) => t.status === "PASS")).toBe(true);
  });

  it("misses each target just beyond it", () => {
    const f = allMeasured({ hookMs: 1260, tokens: 2, startupMs: 101, synthRatio: 1.31, peakMb: 1024, cliPerUrlMs: 1990, thumbPeakMb: 300, realisticHookMs: 1160, inFlight: 15, provider: { resourcePlan: 1060, plainPlan: 1000, consoles: 1, tokens: 2, step: 1110, hook: 1000 }, providerStartupMs: 151 });
    expect(checkTargets(f).map((t) => t.status)).toEqual(Array(16).fill("MISS"));
  });

  it("checks the real-Nova rows against the loops of the same run", () => {
    const row = (servers: number, hook: number, bare: number, warm: number) => {
      const one = (ms: number) => ({ median: ms, min: ms, max: ms, samples: [ms] });
      return { servers, hook_ms: hook, bare_loop_ms: bare, warmup_loop_ms: warm, hook_over_warmup_loop: ratio(hook, warm), hook_over_bare_loop: ratio(hook, bare), hook: one(hook), bare_loop: one(bare), warmup_loop: one(warm) };
    };
    const f = figures({ real_nova: { rows: [row(10, 1100, 2000, 1000), row(40, 1200, 2000, 1100)], openstack_cli_per_url_ms: null } });
    expect(status(f).filter((t) => t.includes("real Nova"))).toEqual([
      "PASS: real Nova, 10 servers: hook/warm-up loop <= 1.1",
      "PASS: real Nova, 40 servers: hook/warm-up loop <= 1.1",
      "PASS: real Nova, 40 servers: hook/bare fresh-token loop <= 0.6",
    ]);
    const slow = figures({ real_nova: { rows: [row(40, 1300, 2000, 1100)], openstack_cli_per_url_ms: null } });
    expect(status(slow).filter((t) => t.includes("real Nova"))).toEqual([
      "MISS: real Nova, 40 servers: hook/warm-up loop <= 1.1",
      "MISS: real Nova, 40 servers: hook/bare fresh-token loop <= 0.6",
    ]);
  });

  it("checks the console provider's rows only at the target's fleet, and says on what size they were measured otherwise", () => {
    const small = figures({ console_provider: providerPlan(3, { resourcePlan: 1, plainPlan: 1, consoles: 0, tokens: 1, step: 1, hook: 1 }) });
    expect(checkTargets(small).filter((t) => t.target.startsWith("console provider, fleet")).map((t) => `${t.status}: ${t.measured}`)).toEqual(Array(4).fill("NOT MEASURED: measured on 3 servers"));
  });

  it("says a target was not measured when its size was not run, never that it passed", () => {
    const f = figures({ fleet: [fleetRow(100, 100, 100, 1)], synth: [synthRow(100, 1, 100)] });
    expect(status(f)).toEqual([
      "NOT MEASURED: fleet of 1000: hook/floor <= 1.25",
      "NOT MEASURED: fleet of 1000: token requests = 1",
      "NOT MEASURED: realistic fleet of 100: hook/ideal <= 1.15",
      "NOT MEASURED: realistic fleet of 100: consoles in flight reach the concurrency (16)",
      "NOT MEASURED: realistic fleet of 1000: hook/ideal <= 1.15",
      "NOT MEASURED: realistic fleet of 1000: consoles in flight reach the concurrency (16)",
      "NOT MEASURED: hook start-up <= node -e 0 + 50 ms",
      "NOT MEASURED: console provider, fleet of 1000: resource-mode plan's console requests = 0",
      "NOT MEASURED: console provider, fleet of 1000: resource-mode plan's token requests = the plan's without consoles",
      "NOT MEASURED: console provider, fleet of 1000: plan, resource mode/without consoles <= 1.05",
      "NOT MEASURED: console provider, fleet of 1000: apply's console step/the hook <= 1.1",
      "NOT MEASURED: console provider start-up to its handshake <= node -e 0 + 100 ms",
      "NOT MEASURED: synth of 1000: project/plain <= 1.3",
      "NOT MEASURED: synth of 1000: peak memory < 1024 MB",
      "NOT MEASURED: per URL: hook >= 20x faster than openstack CLI",
      "NOT MEASURED: audit --probe --thumbnails of 1000: peak memory < 300 MB",
    ]);
  });
});
