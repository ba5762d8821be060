/**
 * The real Terraform CLI and providers a test runs: the project's tools
 * (`npm run terraform:tools` writes .tools/env.sh with TF_CLI_CONFIG_FILE,
 * PATH and CHECKPOINT_DISABLE), else what the environment already sets
 * (TF_CLI_CONFIG_FILE pointing at a provider mirror, terraform on PATH).
 * Without either, the suite fails saying how to get them: no skipping.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
const ENV_FILE = path.join(ROOT, ".tools", "env.sh");

export interface TerraformTools {
  /** The terraform executable. */
  terraform: string;
  /** What to add to a child's environment: TF_CLI_CONFIG_FILE, PATH, CHECKPOINT_DISABLE. */
  env: Record<string, string>;
  /** Where they came from, for messages. */
  source: string;
}

/** `export NAME=value` lines; `$NAME`/`${NAME}` expand from what came before, then the process's environment. */
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

function onPath(name: string, pathValue: string): string | undefined {
  for (const dir of pathValue.split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function terraformTools(): TerraformTools {
  let env: Record<string, string>;
  let source: string;
  if (fs.existsSync(ENV_FILE)) {
    env = parseEnvFile(fs.readFileSync(ENV_FILE, "utf8"));
    source = ENV_FILE;
  } else if (process.env.TF_CLI_CONFIG_FILE) {
    env = { TF_CLI_CONFIG_FILE: process.env.TF_CLI_CONFIG_FILE, PATH: process.env.PATH ?? "/usr/bin:/bin" };
    source = "TF_CLI_CONFIG_FILE from the environment";
  } else {
    throw new Error(
      "no Terraform tools: run `npm run terraform:tools` (builds terraform and the providers into .tools/), or set TF_CLI_CONFIG_FILE to a CLI config with a provider mirror and put terraform on PATH",
    );
  }
  env.CHECKPOINT_DISABLE = "1";
  const terraform = onPath("terraform", env.PATH ?? process.env.PATH ?? "");
  if (!terraform) throw new Error(`no terraform on the PATH that ${source} gives: run \`npm run terraform:tools\``);
  if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) {
    throw new Error(`TF_CLI_CONFIG_FILE=${env.TF_CLI_CONFIG_FILE} (from ${source}) does not exist: run \`npm run terraform:tools\``);
  }
  return { terraform, env, source };
}
