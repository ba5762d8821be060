/**
 * `npm run demo`: the project's main job, offline. Starts the emulator,
 * deploys the example fleet to it with real Terraform (the project's tools
 * where installed, else your `terraform` with providers from the registry),
 * prints every server's console URL from the stack outputs, and on Ctrl-C
 * destroys the fleet and stops. When `terraform init` cannot reach the
 * registry (CI, a fresh clone behind a firewall) and Go is there, it builds the
 * project's tools (`npm run terraform:tools`), saying so and how long it took,
 * and deploys with them. Without any Terraform CLI, or without the registry
 * and Go, it says why in one line and shows the synthesized stack's console
 * hook run against the emulator, so the URLs still appear. It opens nothing and touches no real cloud: OS_*
 * variables of your shell are dropped for its children.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Table from "cli-table3";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { ListenError, startEmulator, type Emulator } from "../packages/openstack-emulator/src";
import { findTerraform, onPath, ROOT, type TerraformTools } from "./terraform-cli";

const say = (line: string) => process.stdout.write(`demo: ${line}\n`);

function refuse(line: string, code = 2): never {
  process.stderr.write(`demo: ${line}\n`);
  process.exit(code);
}

/** A step failed after the emulator started: main stops it and cleans up before saying so. */
class DemoFailure extends Error {}
/** `terraform init` could not reach the provider registry: the demo can build the providers instead. */
class RegistryUnreachable extends Error {}
/** How Terraform says the registry is out of reach (no network, DNS, a proxy refusing). */
const REGISTRY_UNREACHABLE = /failed to request discovery document|could not connect to registry|Failed to query available provider packages/;
const fail = (line: string): never => {
  throw new DemoFailure(line);
};

interface Flags {
  port: number;
  fleet: string;
  terraform: boolean;
}

function flags(argv: string[]): Flags {
  const port = (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) > 65531) throw new InvalidArgumentError(`--port: "${value}" is not a port; give e.g. 5000, or 0 for free ones`);
    return Number(value);
  };
  const program = new Command("demo")
    .description("deploy the example fleet to the emulator with real Terraform and print its console URLs; Ctrl-C destroys and stops")
    .option("--port <port>", "first of the emulator's five ports (Keystone, Nova, Glance, Neutron, Placement); 0 picks free ones", port, 5000)
    .option("--fleet <file>", "the fleet file to deploy", "fleet.yaml")
    .option("--no-terraform", "skip Terraform even if installed: synth, then run the console hook against the emulator")
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  try {
    return program.parse(argv, { from: "user" }).opts<Flags>();
  } catch (err) {
    if (err instanceof CommanderError && (err.code === "commander.helpDisplayed" || err.code === "commander.version")) process.exit(0);
    const message = err instanceof Error ? err.message.replace(/^error: /, "").replace(/^.*? is invalid\. /, "") : String(err);
    refuse(`${message}; see npm run demo -- --help`);
  }
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child with the given environment; its output captured, not shown (the demo prints what matters). */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** Your shell's environment without its OpenStack settings, plus the emulator's: nothing reaches a real cloud. */
function childEnv(emulator: Emulator, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OS_")));
  return { ...kept, ...extra, ...emulator.env("demo") };
}

const tail = (r: Ran) => (r.stderr.trim() || r.stdout.trim()).split("\n").slice(-8).join("\n");

/** Synth with Terraform: the console provider's resource (the default mode); without: the hook's data source, which the demo runs itself. */
async function synth(fleet: string, outdir: string, consoleMode: "resource" | "data-source"): Promise<string> {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  // This node runs tsx: the shell's PATH may not even have one.
  const r = await run(process.execPath, [tsx, "main.ts"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir, FLEET_FILE: fleet, CONSOLE_MODE: consoleMode } });
  if (r.code !== 0) fail(`synth of ${fleet} failed: ${tail(r)}`);
  const stacks = fs.readdirSync(path.join(outdir, "stacks"));
  return path.join(outdir, "stacks", stacks[0]);
}

function printTable(urls: Record<string, string>): void {
  const table = new Table({ head: ["server", "console URL"], style: { head: [], border: [], compact: true } });
  for (const name of Object.keys(urls).sort((a, b) => a.localeCompare(b, "en", { numeric: true }))) table.push([name, urls[name] || "(unavailable)"]);
  process.stdout.write(`${table.toString()}\n`);
}

let interruption: Promise<void> | undefined;

/**
 * Resolves at the first Ctrl-C (or SIGTERM). The handler stays: one Ctrl-C in
 * a terminal can arrive more than once (npm and tsx pass it on besides the
 * terminal's own), and a repeat must not cut the destroy short.
 */
function untilInterrupted(): Promise<void> {
  interruption ??= new Promise((resolve) => {
    process.on("SIGINT", () => resolve());
    process.on("SIGTERM", () => resolve());
  });
  return interruption;
}

async function withTerraform(tools: TerraformTools, emulator: Emulator, stackDir: string, work: string): Promise<void> {
  const env = childEnv(emulator, { ...tools.env, TF_IN_AUTOMATION: "1" });
  const terraform = (...args: string[]) => run(tools.terraform, args, { cwd: stackDir, env });
  say(`terraform init (${tools.source})`);
  const init = await terraform("init", "-input=false", "-no-color", `-backend-config=path=${path.join(work, "demo.tfstate")}`);
  if (init.code !== 0 && tools.kind !== "project" && REGISTRY_UNREACHABLE.test(init.stderr + init.stdout)) throw new RegistryUnreachable(tools.source);
  if (init.code !== 0) fail(`terraform init failed: ${tail(init)}`);
  const resources = Object.values((JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as { resource: Record<string, object> }).resource).reduce(
    (n, r) => n + Object.keys(r).length,
    0,
  );
  say(`terraform apply: ${resources} resources on the emulator (servers go BUILD to ACTIVE, then the console provider mints their URLs)`);
  let interrupted = false;
  const interruptedEarly = untilInterrupted().then(() => (interrupted = true));
  const apply = await terraform("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50");
  if (apply.code === 0 && !interrupted) {
    const urls = await terraform("output", "-json", "console_urls");
    printTable(JSON.parse(urls.stdout) as Record<string, string>);
    say("the fleet runs on the emulator; console URLs expire in 600 s (a change of the console's keepers mints new ones). Ctrl-C destroys it and stops.");
    await interruptedEarly;
  } else if (!interrupted) {
    process.stderr.write(`demo: terraform apply failed: ${tail(apply)}\n`);
  }
  say("terraform destroy");
  const destroy = await terraform("destroy", "-auto-approve", "-input=false", "-no-color", "-parallelism=50");
  if (destroy.code !== 0) process.stderr.write(`demo: terraform destroy failed: ${tail(destroy)}\n`);
  else say(`destroyed; ${emulator.listServers().length} servers left on the emulator`);
}

interface ExternalData {
  program: string[];
  query: Record<string, string>;
}

/** No Terraform: create the stack's servers in the emulator and run each console hook as Terraform's external data source would. */
async function withoutTerraform(emulator: Emulator, stackDir: string): Promise<void> {
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as { data?: { external?: Record<string, ExternalData> } };
  const urls: Record<string, string> = {};
  for (const [id, source] of Object.entries(stack.data?.external ?? {})) {
    const names = [...source.query.servers.matchAll(/"([^"]+)" = openstack_compute_instance_v2\.[^.]+\.id/g)].map((m) => m[1]);
    const servers = Object.fromEntries(names.map((name) => [name, emulator.createServer({ name }).id]));
    const [, ...args] = source.program;
    const hook = await run(process.execPath, args, { cwd: stackDir, env: childEnv(emulator), input: JSON.stringify({ ...source.query, servers: JSON.stringify(servers) }) });
    if (hook.code !== 0) fail(`the console hook of ${id} failed: ${tail(hook)}`);
    Object.assign(urls, JSON.parse(hook.stdout) as Record<string, string>);
  }
  printTable(urls);
  say("these servers exist only in the emulator; Ctrl-C stops it.");
  await untilInterrupted();
}

/** Deploys with `tools`; false when `terraform init` could not reach the registry (nothing was created then). */
async function deployedWith(tools: TerraformTools, emulator: Emulator, stackDir: string, work: string): Promise<boolean> {
  try {
    await withTerraform(tools, emulator, stackDir, work);
    return true;
  } catch (err) {
    if (err instanceof RegistryUnreachable) return false;
    throw err;
  }
}

/**
 * The registry is out of reach: build the project's tools (the providers from
 * their Go modules, into a filesystem mirror) and use them. Their output shows,
 * step by step with times; undefined when there is no Go to build with.
 */
async function buildTools(): Promise<TerraformTools | undefined> {
  if (!onPath("go", process.env.PATH ?? "")) return undefined;
  say("the Terraform registry is out of reach; building the providers from their Go modules (npm run terraform:tools: about a minute the first time, seconds after)");
  const started = Date.now();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OS_")));
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "terraform-tools.js")], { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) fail("npm run terraform:tools failed (its last line says why); the demo needs the registry or those tools");
  say(`built the Terraform tools in ${Math.round((Date.now() - started) / 1000)} s; the next demo starts with them`);
  return findTerraform();
}

async function main(): Promise<void> {
  const f = flags(process.argv.slice(2));
  if (!fs.existsSync(path.resolve(ROOT, f.fleet))) refuse(`--fleet: ${f.fleet} does not exist; give a fleet file such as fleet.yaml`);
  let tools: TerraformTools | undefined;
  try {
    tools = f.terraform ? findTerraform() : undefined;
  } catch (err) {
    refuse((err as Error).message);
  }
  const at = (n: number) => (f.port === 0 ? 0 : f.port + n);
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ identityPort: at(0), computePort: at(1), imagePort: at(2), networkPort: at(3), placementPort: at(4), taskStateMs: 500 });
  } catch (err) {
    if (err instanceof ListenError) refuse(`port ${err.port} is taken (${err.message}); stop what listens there, or run npm run demo -- --port 0 for free ports`);
    throw err;
  }
  say(`emulator up: Keystone ${emulator.identityUrl}, Nova ${emulator.computeUrl}, Glance ${emulator.imageUrl}, Neutron ${emulator.networkUrl}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "openstack-console-demo-"));
  try {
    say(`synthesizing ${f.fleet}`);
    // Resource mode needs Terraform to run the console provider; the hook alone shows the data-source mode.
    const stackDir = await synth(f.fleet, path.join(work, "cdktf.out"), tools ? "resource" : "data-source");
    const hookOnly = async (): Promise<void> => withoutTerraform(emulator, await synth(f.fleet, path.join(work, "cdktf.out.hook"), "data-source"));
    if (!tools) {
      if (f.terraform) {
        say("no Terraform CLI found (no .tools/env.sh, no terraform on PATH): install one from https://developer.hashicorp.com/terraform/install or run `npm run terraform:tools`; showing the console hook against the emulator instead");
      }
      await withoutTerraform(emulator, stackDir);
    } else if (!(await deployedWith(tools, emulator, stackDir, work))) {
      const built = await buildTools();
      if (built) await withTerraform(built, emulator, stackDir, work);
      else {
        say("terraform init cannot reach the provider registry and there is no Go to build the providers with (npm run terraform:tools needs Go 1.24+); showing the console hook against the emulator instead");
        await hookOnly();
      }
    }
  } finally {
    await emulator.close();
    fs.rmSync(work, { recursive: true, force: true });
    say("emulator stopped");
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => refuse(err instanceof Error ? err.message : String(err), 1),
);
void DemoFailure;
