/**
 * Where the real Terraform CLI comes from, for the demo and the Terraform
 * tests: the project's tools (`npm run terraform:tools` writes .tools/env.sh
 * exporting TF_CLI_CONFIG_FILE, PATH and CHECKPOINT_DISABLE: terraform and
 * the providers built into .tools/), else a CLI config the environment names
 * (TF_CLI_CONFIG_FILE, e.g. a provider mirror), else the user's own
 * `terraform` on PATH with providers from the registry. TERRAFORM_TOOLS_DIR
 * names another tools folder than the checkout's .tools/.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..");

function toolsEnvFile(base: NodeJS.ProcessEnv): string {
  return path.join(base.TERRAFORM_TOOLS_DIR || path.join(ROOT, ".tools"), "env.sh");
}

export interface TerraformTools {
  /** The terraform executable. */
  terraform: string;
  /** What to add to a child's environment (TF_CLI_CONFIG_FILE, PATH, CHECKPOINT_DISABLE, where set). */
  env: Record<string, string>;
  /** "project": .tools/; "config": TF_CLI_CONFIG_FILE from the environment; "user": terraform on PATH, registry providers. */
  kind: "project" | "config" | "user";
  /** Where they came from, for messages. */
  source: string;
}

/** `export NAME=value` lines; `$NAME`/`${NAME}` expand from earlier lines, then `base`. */
export function parseEnvFile(text: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    if (!m) continue;
    let value = m[2].trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    out[m[1]] = value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => out[name] ?? base[name] ?? "");
  }
  return out;
}

export function onPath(name: string, pathValue: string): string | undefined {
  for (const dir of pathValue.split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The Terraform to use, or undefined when there is none at all. Throws when .tools/ is broken (it names the fix). */
export function findTerraform(base: NodeJS.ProcessEnv = process.env): TerraformTools | undefined {
  const TOOLS_ENV_FILE = toolsEnvFile(base);
  if (fs.existsSync(TOOLS_ENV_FILE)) {
    const env: Record<string, string> = { ...parseEnvFile(fs.readFileSync(TOOLS_ENV_FILE, "utf8"), base), CHECKPOINT_DISABLE: "1" };
    const terraform = onPath("terraform", env.PATH ?? base.PATH ?? "");
    if (!terraform) throw new Error(`${TOOLS_ENV_FILE} puts no terraform on PATH: run \`npm run terraform:tools\` again`);
    if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) {
      throw new Error(`TF_CLI_CONFIG_FILE=${env.TF_CLI_CONFIG_FILE} (from ${TOOLS_ENV_FILE}) does not exist: run \`npm run terraform:tools\` again`);
    }
    return { terraform, env, kind: "project", source: TOOLS_ENV_FILE };
  }
  const terraform = onPath("terraform", base.PATH ?? "");
  if (!terraform) return undefined;
  if (base.TF_CLI_CONFIG_FILE) {
    return { terraform, env: { TF_CLI_CONFIG_FILE: base.TF_CLI_CONFIG_FILE, CHECKPOINT_DISABLE: "1" }, kind: "config", source: `TF_CLI_CONFIG_FILE=${base.TF_CLI_CONFIG_FILE}` };
  }
  return { terraform, env: { CHECKPOINT_DISABLE: "1" }, kind: "user", source: `${terraform} (providers from the registry)` };
}
