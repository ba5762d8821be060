/**
 * A cdktf project of a test's own, in a temporary folder: its cdktf.json runs
 * this repository's main.ts on the test's fleet file, so `cdktf deploy`,
 * `cdktf output` and `cdktf destroy` run exactly as a user runs them, with the
 * real Terraform CLI and the providers from .tools/.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../../../__tests__/helpers/bundles";
import { RunResult, runProgram } from "../../../__tests__/helpers/run";
import { ToolsManifest, terraform, manifestEnv } from "../../../__tests__/helpers/terraform";

const CDKTF_BIN = path.join(ROOT, "node_modules", ".bin", "cdktf");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

export interface StackProject {
  readonly dir: string;
  readonly stack: string;
  /** cdktf.out/stacks/<stack>: where cdktf runs Terraform, and the local state lives. */
  readonly stackDir: string;
  /** `cdktf <args>` in the project, with the cloud's settings. */
  cdktf(args: readonly string[], killAfterMs?: number): Promise<RunResult>;
  /** `terraform <args>` in a stack's folder (the project's stack unless named), as cdktf runs it. */
  terraform(args: readonly string[], killAfterMs?: number, stack?: string): Promise<RunResult>;
  /** The environment cdktf and Terraform get: the tools', the cloud's, the test's extras. */
  readonly env: NodeJS.ProcessEnv;
  /** Replaces the fleet file's text, as a user edits it between deploys. */
  writeFleetFile(text: string): void;
  remove(): void;
}

export interface StackProjectOptions {
  readonly tools: ToolsManifest;
  /** The fleet file's text (YAML). */
  readonly fleetFile: string;
  /** The stack the fleet file names. */
  readonly stack: string;
  /** The cloud's OS_* settings: what the provider and the hook read. */
  readonly osEnv: Readonly<Record<string, string>>;
  /** More environment, e.g. a backend's credentials. */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

export function stackProject(options: StackProjectOptions): StackProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-project-"));
  const fleetFile = path.join(dir, "fleet.yaml");
  fs.writeFileSync(fleetFile, options.fleetFile);
  fs.writeFileSync(
    path.join(dir, "cdktf.json"),
    JSON.stringify({
      language: "typescript",
      app: `${process.execPath} ${TSX} ${path.join(ROOT, "main.ts")}`,
      output: "cdktf.out",
      projectId: "3a7c0a52-terraform-suite",
      sendCrashReports: "false",
      terraformProviders: [],
      terraformModules: [],
    }),
  );
  const stackDir = path.join(dir, "cdktf.out", "stacks", options.stack);
  const env = manifestEnv(options.tools, {
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: dir,
    CI: "1",
    FORCE_COLOR: "0",
    NO_COLOR: "1",
    FLEET_FILE: fleetFile,
    ...options.osEnv,
    ...options.extraEnv,
  });
  return {
    dir,
    stack: options.stack,
    stackDir,
    cdktf: (args, killAfterMs = 600_000) => runProgram(CDKTF_BIN, args, { cwd: dir, env, killAfterMs }),
    env,
    terraform: (args, killAfterMs = 300_000, stack = options.stack) =>
      terraform(options.tools, args, { cwd: path.join(dir, "cdktf.out", "stacks", stack), env, killAfterMs }),
    writeFleetFile: (text) => fs.writeFileSync(fleetFile, text),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
