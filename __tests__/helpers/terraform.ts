/**
 * The real Terraform CLI and providers that `npm run terraform:tools` put in
 * .tools/, and one way to run them: the mirror-only CLI config, checkpoint
 * off, every run bounded by a kill timer, failures reduced to one line.
 */
import { manifestEnv, toolsManifestPath, type ToolsManifest } from "../../scripts/terraform-cli";
import { RunResult, runProgram } from "./run";

// The project's tools, and their environment: scripts/terraform-cli.ts.
export { loadToolsManifest, manifestEnv, withTofu, type ToolsManifest } from "../../scripts/terraform-cli";
export const TOOLS_MANIFEST = toolsManifestPath();

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
export function terraform(tools: ToolsManifest, args: readonly string[], run: TerraformRun): Promise<RunResult> {
  return runProgram(tools.cli.path, args, {
    cwd: run.cwd,
    env: manifestEnv(tools, { HOME: run.cwd, ...run.env }),
    killAfterMs: run.killAfterMs ?? 300_000,
  });
}

/**
 * `terraform init` from the mirror; throws one line naming the cause: most
 * often a constraint the mirror has no release for.
 */
export async function terraformInit(tools: ToolsManifest, run: TerraformRun & { backend?: boolean }): Promise<void> {
  const result = await terraform(tools, ["init", "-input=false", "-no-color", ...(run.backend === false ? ["-backend=false"] : [])], run);
  if (result.code === 0) return;
  const why = terraformError(result);
  const hint = /no available releases match/.test(why)
    ? `the mirror at ${tools.mirror} holds ${tools.providers.map((p) => `${p.address} ${p.version}`).join(", ")}: change the stack's constraint or rerun npm run terraform:tools`
    : "see the message above; rerun npm run terraform:tools if the mirror is damaged";
  throw new Error(`${tools.cli.name} init failed in ${run.cwd}: ${why.slice(0, 600)} (${hint})`);
}
