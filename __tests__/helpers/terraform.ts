/**
 * The real Terraform CLI and providers that `npm run terraform:tools` put in
 * .tools/, and one way to run them: the mirror-only CLI config, checkpoint
 * off, every run bounded by a kill timer, failures reduced to one line.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./bundles";
import { RunResult, runProgram } from "./run";

export interface TerraformTools {
  readonly cli: { readonly name: "terraform" | "tofu"; readonly path: string; readonly version: string };
  readonly cliConfigFile: string;
  readonly binDir: string;
  readonly mirror: string;
  readonly providers: ReadonlyArray<{ readonly address: string; readonly version: string; readonly module: string }>;
}

export const TOOLS_MANIFEST = path.join(ROOT, ".tools", "tools.json");

/** The tools' manifest; one line saying what to run when they are not built. */
export function loadTerraformTools(): TerraformTools {
  let text: string;
  try {
    text = fs.readFileSync(TOOLS_MANIFEST, "utf8");
  } catch {
    throw new Error(`the real Terraform tools are not installed (no ${path.relative(ROOT, TOOLS_MANIFEST)}): run npm run terraform:tools first`);
  }
  const tools = JSON.parse(text) as TerraformTools;
  if (!fs.existsSync(tools.cli.path)) {
    throw new Error(`${tools.cli.name} is gone from ${tools.cli.path}: rerun npm run terraform:tools`);
  }
  return tools;
}

/** What a shell gets from `. .tools/env.sh`, on top of `base`. */
export function terraformEnv(tools: TerraformTools, base: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...base,
    PATH: `${tools.binDir}${path.delimiter}${base.PATH ?? process.env.PATH ?? "/usr/bin:/bin"}`,
    TF_CLI_CONFIG_FILE: tools.cliConfigFile,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    ...(tools.cli.name === "tofu" ? { TERRAFORM_BINARY_NAME: "tofu" } : {}),
  };
}

/** Terraform's own error text, box-drawing removed, on one line. */
export function terraformError(result: Pick<RunResult, "stdout" | "stderr">): string {
  return (result.stderr || result.stdout)
    .split("\n")
    .map((l) => l.replace(/^[│╷╵\s]+/, "").trim())
    .filter(Boolean)
    .join(" ");
}

export interface TerraformRun {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly killAfterMs?: number;
}

/** One terraform (or tofu) command in `cwd`. */
export function terraform(tools: TerraformTools, args: readonly string[], run: TerraformRun): Promise<RunResult> {
  return runProgram(tools.cli.path, ["-chdir=" + run.cwd, ...args], {
    cwd: run.cwd,
    env: terraformEnv(tools, { HOME: run.cwd, ...run.env }),
    killAfterMs: run.killAfterMs ?? 300_000,
  });
}

/**
 * `terraform init` from the mirror; throws one line naming the cause: most
 * often a constraint the mirror has no release for.
 */
export async function terraformInit(tools: TerraformTools, run: TerraformRun & { backend?: boolean }): Promise<void> {
  const result = await terraform(tools, ["init", "-input=false", "-no-color", ...(run.backend === false ? ["-backend=false"] : [])], run);
  if (result.code === 0) return;
  const why = terraformError(result);
  const hint = /no available releases match/.test(why)
    ? `the mirror at ${tools.mirror} holds ${tools.providers.map((p) => `${p.address} ${p.version}`).join(", ")}: change the stack's constraint or rerun npm run terraform:tools`
    : "see the message above; rerun npm run terraform:tools if the mirror is damaged";
  throw new Error(`${tools.cli.name} init failed in ${run.cwd}: ${why.slice(0, 600)} (${hint})`);
}
