/**
 * The targets, each a ratio from the same run, checked against the
 * figures. A target whose size was not measured says so rather than passing.
 */
import type { FleetRow } from "./fleet";
import type { OpenStackCliFigures } from "./openstack-cli";
import type { RealNovaFigures } from "./real-nova";
import type { RealisticRow } from "./realistic";
import type { StartupFigures } from "./startup";
import type { SynthRow } from "./synth/measure";
import type { ApplyFigures } from "./apply";
import type { ThumbnailFigures } from "./thumbnails";
import type { ProviderPlanFigures } from "./console-provider";
import type { ProviderStartupFigures } from "./provider-startup";

const TARGETS = {
  fleetServers: 1000,
  hookOverFloor: 1.25,
  tokenRequests: 1,
  startupDeltaMs: 50,
  synthServers: 1000,
  synthRatio: 1.3,
  synthPeakMb: 1024,
  openstackSpeedup: 20,
  thumbnailServers: 1000,
  thumbnailPeakMb: 300,
  realisticSizes: [100, 1000],
  realisticRatio: 1.15,
  realOverWarmup: 1.1,
  realBareServers: 40,
  realOverBare: 0.6,
  providerServers: 1000,
  providerPlanConsoleRequests: 0,
  providerPlanRatio: 1.05,
  providerStepOverHook: 1.1,
  providerStartupDeltaMs: 100,
} as const;

export type TargetStatus = "PASS" | "MISS" | "NOT MEASURED";

export interface TargetResult {
  target: string;
  measured: string;
  status: TargetStatus;
}

export interface Figures {
  fleet: FleetRow[] | null;
  realistic_fleet: RealisticRow[] | null;
  real_nova?: RealNovaFigures | null;
  startup: StartupFigures | null;
  synth: SynthRow[] | null;
  openstack_cli: OpenStackCliFigures | null;
  thumbnails: ThumbnailFigures | null;
  /** `terraform apply` and the plan after it on real Nova, with the console data source's share (--real-openstack). */
  apply: ApplyFigures | null;
  /** The console provider on a fleet Terraform deployed to the emulator: the plan in resource mode, the console step of an apply. */
  console_provider?: ProviderPlanFigures | null;
  /** The console provider's start-up to its handshake line (startup section). */
  provider_startup?: ProviderStartupFigures | null;
  /** The client's concurrency the rows ran at (what in-flight counts are checked against). */
  concurrency: number;
}

export function checkTargets(f: Figures): TargetResult[] {
  const t = TARGETS;
  const results: TargetResult[] = [];
  const fleet = f.fleet?.find((r) => r.servers === t.fleetServers);
  const noFleet = f.fleet === null ? "fleet section not run" : `--sizes without ${t.fleetServers}`;
  results.push(
    fleet
      ? check(`fleet of ${t.fleetServers}: hook/floor <= ${t.hookOverFloor}`, `${fleet.hook_floor_ratio}`, fleet.hook_floor_ratio <= t.hookOverFloor)
      : missing(`fleet of ${t.fleetServers}: hook/floor <= ${t.hookOverFloor}`, noFleet),
    fleet
      ? check(`fleet of ${t.fleetServers}: token requests = ${t.tokenRequests}`, `${fleet.token_requests}`, fleet.token_requests === t.tokenRequests)
      : missing(`fleet of ${t.fleetServers}: token requests = ${t.tokenRequests}`, noFleet),
  );
  for (const size of t.realisticSizes) {
    const row = f.realistic_fleet?.find((r) => r.servers === size);
    const none = f.realistic_fleet === null ? "realistic section not run" : `--realistic-sizes without ${size}`;
    results.push(
      row
        ? check(`realistic fleet of ${size}: hook/ideal <= ${t.realisticRatio}`, `${row.ratio}`, row.ratio <= t.realisticRatio)
        : missing(`realistic fleet of ${size}: hook/ideal <= ${t.realisticRatio}`, none),
      row
        ? check(`realistic fleet of ${size}: consoles in flight reach the concurrency (${f.concurrency})`, `${row.max_console_in_flight}`, row.max_console_in_flight >= Math.min(size, f.concurrency))
        : missing(`realistic fleet of ${size}: consoles in flight reach the concurrency (${f.concurrency})`, none),
    );
  }
  if (f.real_nova) {
    for (const row of f.real_nova.rows) {
      results.push(check(`real Nova, ${row.servers} servers: hook/warm-up loop <= ${t.realOverWarmup}`, `${row.hook_over_warmup_loop}`, row.hook_over_warmup_loop <= t.realOverWarmup));
    }
    const forty = f.real_nova.rows.find((r) => r.servers === t.realBareServers);
    const label = `real Nova, ${t.realBareServers} servers: hook/bare fresh-token loop <= ${t.realOverBare}`;
    results.push(forty ? check(label, `${forty.hook_over_bare_loop}`, forty.hook_over_bare_loop <= t.realOverBare) : missing(label, `--real-sizes without ${t.realBareServers}`));
  }
  results.push(
    f.startup
      ? check(`hook start-up <= node -e 0 + ${t.startupDeltaMs} ms`, `${f.startup.delta_ms >= 0 ? "+" : ""}${f.startup.delta_ms} ms`, f.startup.delta_ms <= t.startupDeltaMs)
      : missing(`hook start-up <= node -e 0 + ${t.startupDeltaMs} ms`, "startup section not run"),
  );
  results.push(...providerTargets(f));
  const synth = f.synth?.find((r) => r.servers === t.synthServers);
  const noSynth = f.synth === null ? "synth section not run" : `--synth-sizes without ${t.synthServers}`;
  results.push(
    synth
      ? check(`synth of ${t.synthServers}: project/plain <= ${t.synthRatio}`, `${synth.ratio}`, synth.ratio <= t.synthRatio)
      : missing(`synth of ${t.synthServers}: project/plain <= ${t.synthRatio}`, noSynth),
    synth
      ? check(`synth of ${t.synthServers}: peak memory < ${t.synthPeakMb} MB`, `${synth.peak_rss_mb} MB`, synth.peak_rss_mb < t.synthPeakMb)
      : missing(`synth of ${t.synthServers}: peak memory < ${t.synthPeakMb} MB`, noSynth),
  );
  const os = f.openstack_cli;
  results.push(
    os
      ? check(`per URL: hook >= ${t.openstackSpeedup}x faster than openstack CLI`, `${os.speedup}x`, os.speedup >= t.openstackSpeedup)
      : missing(`per URL: hook >= ${t.openstackSpeedup}x faster than openstack CLI`, "openstack CLI not installed, or section not run"),
  );
  const shots = f.thumbnails;
  const thumbTarget = `audit --probe --thumbnails of ${t.thumbnailServers}: peak memory < ${t.thumbnailPeakMb} MB`;
  results.push(
    shots && shots.servers === t.thumbnailServers
      ? check(thumbTarget, `${shots.peak_rss_mb} MB`, shots.peak_rss_mb < t.thumbnailPeakMb)
      : missing(thumbTarget, shots ? `measured on ${shots.servers} servers` : f.fleet === null ? "fleet section not run" : `--sizes without ${t.thumbnailServers}`),
  );
  return results;
}

function providerTargets(f: Figures): TargetResult[] {
  const t = TARGETS;
  const p = f.console_provider;
  const at = p?.servers === t.providerServers ? p : undefined;
  const none = p ? `measured on ${p.servers} servers` : "provider section not run, or the Terraform tools are not installed";
  const fleet = `console provider, fleet of ${t.providerServers}`;
  const results = [
    at
      ? check(`${fleet}: resource-mode plan's console requests = ${t.providerPlanConsoleRequests}`, `${at.resource_plan_console_requests}`, at.resource_plan_console_requests === t.providerPlanConsoleRequests)
      : missing(`${fleet}: resource-mode plan's console requests = ${t.providerPlanConsoleRequests}`, none),
    // terraform-provider-openstack logs in at every plan; the console provider must add no token of its own.
    at
      ? check(`${fleet}: resource-mode plan's token requests = the plan's without consoles`, `${at.resource_plan_token_requests} (without: ${at.plain_plan_token_requests})`, at.resource_plan_token_requests === at.plain_plan_token_requests)
      : missing(`${fleet}: resource-mode plan's token requests = the plan's without consoles`, none),
    at
      ? check(`${fleet}: plan, resource mode/without consoles <= ${t.providerPlanRatio}`, `${at.plan_ratio}`, at.plan_ratio <= t.providerPlanRatio)
      : missing(`${fleet}: plan, resource mode/without consoles <= ${t.providerPlanRatio}`, none),
    at
      ? check(`${fleet}: apply's console step/the hook <= ${t.providerStepOverHook}`, `${at.console_step_ratio}`, at.console_step_ratio <= t.providerStepOverHook)
      : missing(`${fleet}: apply's console step/the hook <= ${t.providerStepOverHook}`, none),
  ];
  const s = f.provider_startup;
  const startup = `console provider start-up to its handshake <= node -e 0 + ${t.providerStartupDeltaMs} ms`;
  results.push(s ? check(startup, `${s.delta_ms >= 0 ? "+" : ""}${s.delta_ms} ms`, s.delta_ms <= t.providerStartupDeltaMs) : missing(startup, "startup section not run"));
  return results;
}

function check(target: string, measured: string, ok: boolean): TargetResult {
  return { target, measured, status: ok ? "PASS" : "MISS" };
}

function missing(target: string, why: string): TargetResult {
  return { target, measured: why, status: "NOT MEASURED" };
}
