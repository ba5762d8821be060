/** The printed side of the bench: tables of medians with their ranges, then the targets. */
import Table from "cli-table3";
import type { Section } from "./args";
import type { FleetRow, VariantFigures } from "./fleet";
import type { RealNovaFigures } from "./real-nova";
import type { RealisticRow } from "./realistic";
import type { Figures, TargetResult } from "./targets";
import { NO_TOOLS, type ProviderPlanFigures } from "./console-provider";

/** No colours: the report is read in CI logs and files as often as on terminals. */
const PLAIN = { head: [], border: [] };

const signed = (n: number): string => (n >= 0 ? `+${n}` : `${n}`);
const range = (median: number, min: number, max: number): string => `${median} (${min}–${max})`;
const variant = (v: VariantFigures): string =>
  `${range(v.median_ms, v.min_ms, v.max_ms)}${v.measured_servers ? ` ×${v.measured_servers}→scaled` : ""}`;

export function renderReport(f: Figures, sections: readonly Section[], targets: TargetResult[]): string {
  const parts: string[] = [];
  if (f.fleet) parts.push(fleetTable(f.fleet));
  if (f.thumbnails) {
    const t = f.thumbnails;
    parts.push(
      `Audit with thumbnails (os-console audit --probe --thumbnails, ${t.servers} servers, 800x600 screens): ${range(t.wall_ms.median, t.wall_ms.min, t.wall_ms.max)} ms, peak RSS ${t.peak_rss_mb} MB, ${t.thumbnails_written} PNGs written`,
    );
  }
  if (f.realistic_fleet) parts.push(realisticTable(f.realistic_fleet));
  if (f.real_nova) parts.push(realNovaTable(f.real_nova));
  if (f.apply) {
    const a = f.apply;
    parts.push(
      `terraform apply of ${a.servers} servers on real Nova: ${a.apply_ms} ms, of which the console data source ${a.apply_console_read_ms} ms (${Math.round(a.apply_console_share * 100)}%); ` +
        `terraform plan right after: ${a.plan_ms} ms, of which reading the console data source again (a console POST per server) ${a.plan_console_read_ms} ms (${Math.round(a.plan_console_share * 100)}%)`,
    );
  }
  if (sections.includes("openstack")) {
    parts.push(
      f.openstack_cli
        ? `openstack console url show: ${range(f.openstack_cli.per_url_ms, f.openstack_cli.min_per_url_ms, f.openstack_cli.max_per_url_ms)} ms per URL over ${f.openstack_cli.servers} servers; the hook ${f.openstack_cli.hook_per_url_ms} ms per URL on the same servers (${f.openstack_cli.speedup}x faster)`
        : "openstack console url show: not measured, the `openstack` command is not installed (Debian: python3-openstackclient)",
    );
  }
  if (f.startup) {
    const s = f.startup;
    parts.push(
      `Hook start-up (empty fleet): hook ${range(s.hook.median, s.hook.min, s.hook.max)} ms, node -e 0 ${range(s.node.median, s.node.min, s.node.max)} ms, delta ${signed(s.delta_ms)} ms`,
    );
  }
  if (f.provider_startup) {
    const s = f.provider_startup;
    parts.push(
      `Console provider start-up (spawn to its handshake line, mutual TLS): provider ${range(s.provider.median, s.provider.min, s.provider.max)} ms, node -e 0 ${range(s.node.median, s.node.min, s.node.max)} ms, delta ${signed(s.delta_ms)} ms`,
    );
  }
  if (sections.includes("provider")) {
    parts.push(f.console_provider ? providerTable(f.console_provider) : `Console provider: not measured, ${NO_TOOLS} (npm run terraform:tools, or TERRAFORM_TOOLS_DIR)`);
  }
  if (f.synth) {
    const t = new Table({
      style: PLAIN,
      head: ["synth servers", "project ms", "plain ms", "project/plain", "its runs' ratios", "CPU project/plain", "peak RSS MB (project / plain)"],
    });
    for (const r of f.synth) {
      t.push([
        r.servers,
        range(r.project.median, r.project.min, r.project.max),
        range(r.plain.median, r.plain.min, r.plain.max),
        r.ratio,
        `${Math.min(...r.run_ratios)}–${Math.max(...r.run_ratios)}`,
        `${r.cpu_ratio} (${r.project_cpu.median} / ${r.plain_cpu.median} ms)`,
        `${r.peak_rss_mb} / ${r.plain_peak_rss_mb}`,
      ]);
    }
    parts.push(`Synth (median, min–max, ms)\n${t.toString()}`);
  }
  const t = new Table({ style: PLAIN, head: ["target", "measured", "status"] });
  for (const r of targets) t.push([r.target, r.measured, r.status]);
  parts.push(t.toString());
  return parts.join("\n\n");
}

function fleetTable(rows: FleetRow[]): string {
  const t = new Table({
    style: PLAIN,
    head: ["servers", "hook ms", "floor ms", "floor loop ms", "hook/floor", "process per server ms", "CLI audit ms", "CLI audit --probe ms", "token req. (hook)", "console req. (hook)"],
  });
  for (const r of rows) {
    t.push([
      r.servers,
      variant(r.variants.hook),
      variant(r.variants.floor),
      variant(r.variants.floor_loop),
      r.hook_floor_ratio,
      variant(r.variants.per_server_process),
      variant(r.variants.cli_audit),
      variant(r.variants.cli_audit_probe),
      r.token_requests,
      r.console_requests,
    ]);
  }
  return `Console minting (median, min–max, ms)\n${t.toString()}`;
}

function providerTable(p: ProviderPlanFigures): string {
  const t = new Table({ style: PLAIN, head: ["step", "resource mode ms", "against ms", "ratio", "console req.", "token req."] });
  t.push([
    "terraform plan of the deployed fleet (console_urls only)",
    range(p.resource_plan.median, p.resource_plan.min, p.resource_plan.max),
    `${range(p.plain_plan.median, p.plain_plan.min, p.plain_plan.max)} (no consoles)`,
    p.plan_ratio,
    p.resource_plan_console_requests,
    `${p.resource_plan_token_requests} (without: ${p.plain_plan_token_requests})`,
  ]);
  t.push([
    "the same with console_url_<name> per server (no target)",
    range(p.server_outputs_plan.median, p.server_outputs_plan.min, p.server_outputs_plan.max),
    "(no consoles)",
    p.server_outputs_plan_ratio,
    "",
    "",
  ]);
  t.push([
    "apply's console step (osconsole_urls create)",
    range(p.console_step.median, p.console_step.min, p.console_step.max),
    `${range(p.hook.median, p.hook.min, p.hook.max)} (the hook)`,
    p.console_step_ratio,
    p.console_step_console_requests,
    "",
  ]);
  return (
    `Console provider on ${p.servers} servers Terraform deployed to the emulator (median, min–max, ms)\n${t.toString()}\n` +
    `The deploy (apply -parallelism=${p.deploy_parallelism}): ${p.deploy_ms} ms, of which the console step ${p.deploy_console_step_ms} ms`
  );
}

function realisticTable(rows: RealisticRow[]): string {
  const t = new Table({
    style: PLAIN,
    head: ["servers", "hook ms", "ideal ms (startup)", "hook/ideal", "consoles in flight", "token validations (hook)", "bare fresh-token fan-out ms", "its validations"],
  });
  for (const r of rows) {
    t.push([r.servers, range(r.hook.median, r.hook.min, r.hook.max), `${r.ideal_ms} (${r.startup_ms})`, r.ratio, r.max_console_in_flight, r.token_validations, range(r.bare_loop.median, r.bare_loop.min, r.bare_loop.max), r.bare_loop_token_validations]);
  }
  return `Realistic fleet: the emulator with the real-nova latency profile (median, min–max, ms)\n${t.toString()}`;
}

function realNovaTable(f: RealNovaFigures): string {
  const t = new Table({ style: PLAIN, head: ["servers", "hook ms", "bare fresh-token loop ms", "loop with warm-up ms", "hook/warm-up loop", "hook/bare loop"] });
  for (const r of f.rows) {
    t.push([r.servers, range(r.hook.median, r.hook.min, r.hook.max), range(r.bare_loop.median, r.bare_loop.min, r.bare_loop.max), range(r.warmup_loop.median, r.warmup_loop.min, r.warmup_loop.max), r.hook_over_warmup_loop, r.hook_over_bare_loop]);
  }
  const cli = f.openstack_cli_per_url_ms === null ? "openstack CLI not installed" : `openstack console url show: ${f.openstack_cli_per_url_ms} ms per URL`;
  return `Real Nova (the harness; each loop a process started as the hook is, after its token request; the warm-up loop widens 2, 4, 8, 16 as the client does; median, min–max, ms)\n${t.toString()}\n${cli}`;
}
