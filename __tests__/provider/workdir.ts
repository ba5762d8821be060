/**
 * A Terraform (or OpenTofu) working directory for the osconsole provider:
 * the bundled provider laid in terraform.d/plugins (the implied local
 * mirror), an empty CLI configuration (so nothing comes from a registry),
 * the configuration as main.tf.json, and the cloud's OS_* variables.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { consoleProviderMirrorPath, CONSOLE_PROVIDER_SOURCE, CONSOLE_PROVIDER_VERSION } from "../../lib/hook-contract";
import { loadToolsManifest, withTofu } from "../../scripts/terraform-cli";
import { ROOT } from "../helpers/bundles";
import { runProgram, type RunResult } from "../helpers/run";
import { TempTree } from "../helpers/temp-tree";

export const PROVIDER_BUNDLE = path.join(ROOT, "dist/provider/terraform-provider-osconsole.js");

export interface Cli {
  readonly name: "terraform" | "tofu";
  readonly path: string;
}

const tools = loadToolsManifest();

/** The two CLIs the provider is tested under, as the project's tools have them (npm run terraform:tools builds OpenTofu). */
export const CLIS: readonly Cli[] = [
  { name: "terraform", path: tools.cli.name === "terraform" ? tools.cli.path : "terraform" },
  { name: "tofu", path: withTofu(tools).cli.path },
];

const ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64" };
export const PLATFORM = `${process.platform}_${ARCH[process.arch] ?? process.arch}`;

/** A terraform block requiring the provider, for main.tf.json. */
export const REQUIRED_PROVIDERS = { required_providers: { osconsole: { source: CONSOLE_PROVIDER_SOURCE, version: CONSOLE_PROVIDER_VERSION } } };

export class Workdir {
  private readonly tree = new TempTree("osconsole-provider-");
  readonly dir: string;
  private readonly cliConfig: string;

  constructor(
    readonly cli: Cli,
    private readonly baseEnv: Record<string, string>,
  ) {
    this.dir = this.tree.dir("work");
    const executable = path.join(this.dir, "terraform.d/plugins", consoleProviderMirrorPath(PLATFORM));
    fs.mkdirSync(path.dirname(executable), { recursive: true });
    fs.copyFileSync(PROVIDER_BUNDLE, executable);
    fs.chmodSync(executable, 0o755);
    this.cliConfig = this.tree.write("empty.tfrc", "");
  }

  /** Writes main.tf.json (the terraform block with required_providers added). */
  configure(config: Record<string, unknown>): void {
    const terraform = { ...REQUIRED_PROVIDERS, ...((config.terraform as object | undefined) ?? {}) };
    fs.writeFileSync(path.join(this.dir, "main.tf.json"), JSON.stringify({ ...config, terraform }, null, 2));
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { ...this.baseEnv, TF_CLI_CONFIG_FILE: this.cliConfig, HOME: this.tree.root, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", ...extra };
  }

  run(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    return runProgram(this.cli.path, [...args], { cwd: this.dir, env: this.env(extraEnv), killAfterMs: 180_000 });
  }

  /** Runs a command that must succeed; throws its output otherwise. */
  async ok(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    const result = await this.run(args, extraEnv);
    if (result.code !== 0) throw new Error(`${this.cli.name} ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    return result;
  }

  async init(): Promise<void> {
    await this.ok(["init", "-input=false", "-no-color"]);
  }

  file(relative: string): string {
    return path.join(this.dir, relative);
  }

  cleanup(): void {
    this.tree.cleanup();
  }
}
