/**
 * The console provider's rows, on a fleet Terraform deployed to the emulator
 * (in its own process): the real Terraform CLI and terraform-provider-openstack
 * from the project's tools, and the provider synth laid into the stack.
 *
 * - plan: `terraform plan` of the deployed fleet in resource mode, its console
 *   with `serverOutputs: false` (`console_urls` only, as docs advise for large
 *   fleets), against the same servers without consoles (a second stack
 *   directory holding the same state less the osconsole_urls resource), and,
 *   for the record, the same console with the default per-server outputs (a
 *   third), alternating, with the emulator's console and token requests
 *   counted during each plan;
 * - console step: the osconsole_urls resource's apply, from Terraform's `-json`
 *   log (apply_start to apply_complete), in `apply -replace` of it, against the
 *   hook minting the same servers as Terraform runs it (one process, the query
 *   on stdin), alternating.
 *
 * The fleet is deployed once per run of the bench; the emulator dies with the
 * row, and every server with it, whatever happened.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { findTerraform } from "../scripts/terraform-cli";
import { expectSuccess, expectTerraformSuccess, runChild } from "./child";
import { EmulatorProcess, type RequestCounts } from "./emulator-client";
import { hookOnce, type Server } from "./fleet";
import { envWith, HOOK_BUNDLE, pathWithNode, PROVIDER_BUNDLE, requireBundle, ROOT } from "./paths";
import { ratio, repeat, summarize, type Summary } from "./stats";

const STACK = "bench-provider";
/** Terraform's apply of the fleet runs every create at once: the OpenStack provider polls each new server for about 5 s. */
const MIN_DEPLOY_PARALLELISM = 10;

export interface ProviderPlanFigures {
  servers: number;
  /** `-parallelism` of the deploy and of the console step's applies (the plans run at Terraform's default). */
  deploy_parallelism: number;
  /** The apply that deployed the fleet with its console, once. */
  deploy_ms: number;
  /** That apply's osconsole_urls step (apply_start to apply_complete). */
  deploy_console_step_ms: number;
  /** `terraform plan` of the stack with its console (resource mode, `console_urls` only). */
  resource_plan: Summary;
  /** The same with the default per-server outputs (`console_url_<name>` each). */
  server_outputs_plan: Summary;
  /** server_outputs_plan / plain_plan, medians: what 1,000 outputs on the whole fleet cost Terraform. */
  server_outputs_plan_ratio: number;
  /** `terraform plan` of the same servers, no console. */
  plain_plan: Summary;
  /** resource_plan / plain_plan, medians. */
  plan_ratio: number;
  /** Console requests the emulator served during the resource-mode plans (the most of any run). */
  resource_plan_console_requests: number;
  resource_plan_token_requests: number;
  /** Token requests of the plain plan: terraform-provider-openstack's own. */
  plain_plan_token_requests: number;
  /** The osconsole_urls resource's create in `apply -replace`, from Terraform's log. */
  console_step: Summary;
  /** The hook on the same servers, spawn to exit. */
  hook: Summary;
  /** console_step / hook, medians. */
  console_step_ratio: number;
  /** Console requests of one console step (one per server). */
  console_step_console_requests: number;
}

export interface ProviderPlanSettings {
  runs: number;
  warmup: number;
}

type Side = "console" | "plain" | "outputs";

function fleetFile(servers: number, side: Side): string {
  const console: Record<Side, string> = {
    console: "    console: { protocol: vnc, type: novnc, serverOutputs: false }   # mode resource, the default\n",
    outputs: "    console: { protocol: vnc, type: novnc }   # and a console_url_<name> output per server, the default\n",
    plain: "",
  };
  return `stack: ${STACK}
openstack:
  region: RegionOne
fleets:
  - name: bench
    count: ${servers}
    imageName: cirros-0.6.2-x86_64-disk
    flavorName: m1.tiny
    networkMode: none   # the emulator's private network is a /24: no ports, so no limit on the fleet
${console[side]}`;
}

/**
 * The osconsole_urls step of an apply in a `-json` log: the first apply_start
 * of such a resource's create to the last apply_complete of one (one resource
 * per fleet). Creates only: `-replace` first deletes (forgets) the old one.
 */
export function consoleStepMs(log: string): number {
  let start: number | undefined;
  let end: number | undefined;
  for (const line of log.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as { type?: string; "@timestamp"?: string; hook?: { action?: string; resource?: { resource_type?: string } } };
    if (event.hook?.resource?.resource_type !== "osconsole_urls" || event.hook.action !== "create") continue;
    const at = Date.parse(event["@timestamp"] ?? "");
    if (event.type === "apply_start") start = start === undefined ? at : Math.min(start, at);
    if (event.type === "apply_complete") end = end === undefined ? at : Math.max(end, at);
  }
  if (start === undefined || end === undefined) throw new Error("bench: Terraform's log shows no osconsole_urls create (apply_start and apply_complete)");
  return end - start;
}

/** The servers the console minted for, name → id, from the state (`terraform state pull`: the resource's own `servers` argument). */
function consoleServers(statePulled: string): { address: string; servers: Server[] } {
  const state = JSON.parse(statePulled) as {
    resources: Array<{ mode: string; type: string; name: string; instances: Array<{ attributes: { servers: Record<string, string> } }> }>;
  };
  const consoles = state.resources.filter((r) => r.mode === "managed" && r.type === "osconsole_urls");
  if (consoles.length !== 1) throw new Error(`bench: the deployed stack holds ${consoles.length} osconsole_urls resources, not 1`);
  const [resource] = consoles;
  const servers = Object.entries(resource.instances[0].attributes.servers).map(([name, id]) => ({ name, id }));
  return { address: `osconsole_urls.${resource.name}`, servers };
}

async function counted<T>(emulator: EmulatorProcess, run: () => Promise<T>): Promise<{ value: T; counts: RequestCounts }> {
  await emulator.resetCounters();
  const value = await run();
  return { value, counts: await emulator.counts() };
}

/** Why the rows cannot run here (the project's Terraform tools are missing), or undefined. Broken tools throw, naming the fix. */
export function providerToolsProblem(): string | undefined {
  const tools = findTerraform();
  if (tools?.kind === "project") return undefined;
  return `${NO_TOOLS}: run npm run terraform:tools, or set TERRAFORM_TOOLS_DIR to a folder holding them`;
}

/** What the report says when the section ran without the tools. */
export const NO_TOOLS = "the project's Terraform tools are not installed";

export async function measureProviderPlan(servers: number, settings: ProviderPlanSettings, log: (line: string) => void): Promise<ProviderPlanFigures> {
  requireBundle(PROVIDER_BUNDLE);
  requireBundle(HOOK_BUNDLE);
  const tools = findTerraform();
  // The offline tools only: their mirror holds the OpenStack provider, and their terraform.rc finds ours in the stack.
  if (tools?.kind !== "project") throw new Error(`bench: ${providerToolsProblem()}`);
  const parallelism = Math.max(MIN_DEPLOY_PARALLELISM, servers);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-provider-"));
  const emulator = await EmulatorProcess.start(0);
  try {
    const cloud = { emulator, env: envWith(emulator.handle.env) };
    // The tools' PATH (their bin first), with this Node before it for the provider's `#!/usr/bin/env node`.
    const env: NodeJS.ProcessEnv = { HOME: work, ...emulator.handle.env, ...tools.env, PATH: pathWithNode(tools.env.PATH), TF_IN_AUTOMATION: "1" };
    const stack = (side: string): string => path.join(work, side, "cdktf.out", "stacks", STACK);
    const tf = (side: string, args: string[]) => runChild(tools.terraform, args, { cwd: stack(side), env, timeoutMs: 1_800_000 });
    for (const side of ["console", "plain", "outputs"] as const) {
      const dir = path.join(work, side);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "fleet.yaml"), fleetFile(servers, side));
      const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
      expectSuccess(`synth (${side})`, await runChild(process.execPath, [tsx, path.join(ROOT, "main.ts")], { cwd: dir, env: { ...env, FLEET_FILE: path.join(dir, "fleet.yaml") }, timeoutMs: 300_000 }));
      expectSuccess(`terraform init (${side})`, await tf(side, ["init", "-input=false", "-no-color"]));
    }

    log(`console provider: terraform apply of ${servers} servers with a console in resource mode (-parallelism=${parallelism})`);
    const t0 = performance.now();
    const deploy = expectTerraformSuccess("terraform apply", await tf("console", ["apply", "-auto-approve", "-input=false", "-json", `-parallelism=${parallelism}`]));
    const deployMs = Math.round(performance.now() - t0);
    const state = expectSuccess("terraform state pull", await tf("console", ["state", "pull"])).stdout;
    const { address, servers: minted } = consoleServers(state);
    if (minted.length !== servers) throw new Error(`bench: the console minted for ${minted.length} servers, not ${servers}`);

    // The same servers without a console: the deployed state less the console resource (and its outputs).
    fs.writeFileSync(path.join(work, "deployed.tfstate"), state);
    expectSuccess("terraform state push (plain)", await tf("plain", ["state", "push", "-no-color", path.join(work, "deployed.tfstate")]));
    expectSuccess("terraform state rm (plain)", await tf("plain", ["state", "rm", "-no-color", address]));
    expectTerraformSuccess("terraform apply (plain: outputs only)", await tf("plain", ["apply", "-auto-approve", "-input=false", "-json", "-refresh=false"]));
    // The same console with a console_url_<name> output per server: the same resource, the outputs added.
    expectSuccess("terraform state push (outputs)", await tf("outputs", ["state", "push", "-no-color", path.join(work, "deployed.tfstate")]));
    expectTerraformSuccess("terraform apply (outputs: outputs only)", await tf("outputs", ["apply", "-auto-approve", "-input=false", "-json", "-refresh=false"]));

    // -detailed-exitcode: 0 is "no changes", so both plans did the same work on an up-to-date fleet.
    const plan = async (side: string): Promise<number> => {
      const result = await tf(side, ["plan", "-input=false", "-no-color", "-detailed-exitcode"]);
      if (result.code !== 0) throw new Error(`bench: terraform plan (${side}) of the deployed fleet exited ${result.code}, not 0 (no changes): ${(result.stderr.trim() || result.stdout.trim()).split("\n").slice(-1)[0]}`);
      return result.wallMs;
    };
    log(`console provider: plan with the console against without, and with per-server outputs (${settings.warmup} warm-up + ${settings.runs} runs)`);
    const plans = await repeat(settings.warmup, settings.runs, async () => ({
      console: await counted(emulator, () => plan("console")),
      plain: await counted(emulator, () => plan("plain")),
      outputs: await counted(emulator, () => plan("outputs")),
    }));

    log(`console provider: the console step of apply -replace against the hook on the same servers (${settings.warmup} warm-up + ${settings.runs} runs)`);
    const steps = await repeat(settings.warmup, settings.runs, async () => {
      const step = await counted(emulator, async () => {
        const apply = expectTerraformSuccess("terraform apply -replace", await tf("console", ["apply", "-auto-approve", "-input=false", "-json", "-refresh=false", `-replace=${address}`, `-parallelism=${parallelism}`]));
        return consoleStepMs(apply.stdout);
      });
      return { step, hook: await hookOnce(cloud, minted) };
    });

    const resourcePlan = summarize(plans.map((p) => p.console.value));
    const plainPlan = summarize(plans.map((p) => p.plain.value));
    const outputsPlan = summarize(plans.map((p) => p.outputs.value));
    const step = summarize(steps.map((s) => s.step.value));
    const hook = summarize(steps.map((s) => s.hook));
    const most = (counts: RequestCounts[], key: keyof RequestCounts): number => Math.max(...counts.map((c) => c[key]));
    return {
      servers,
      deploy_parallelism: parallelism,
      deploy_ms: deployMs,
      deploy_console_step_ms: consoleStepMs(deploy.stdout),
      resource_plan: resourcePlan,
      plain_plan: plainPlan,
      plan_ratio: ratio(resourcePlan.median, plainPlan.median),
      server_outputs_plan: outputsPlan,
      server_outputs_plan_ratio: ratio(outputsPlan.median, plainPlan.median),
      resource_plan_console_requests: most(plans.flatMap((p) => [p.console.counts, p.outputs.counts]), "consoleRequests"),
      resource_plan_token_requests: most(plans.flatMap((p) => [p.console.counts, p.outputs.counts]), "tokenRequests"),
      plain_plan_token_requests: most(plans.map((p) => p.plain.counts), "tokenRequests"),
      console_step: step,
      hook,
      console_step_ratio: ratio(step.median, hook.median),
      console_step_console_requests: most(steps.map((s) => s.step.counts), "consoleRequests"),
    };
  } finally {
    await emulator.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
