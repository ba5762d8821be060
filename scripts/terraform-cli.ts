/**
 * Which Terraform CLI runs a stack here, and with what environment: the one
 * place the demo and the test suites ask. First the project's tools (what
 * `npm run terraform:tools` installed and described in .tools/tools.json: the
 * CLI, terraform or OpenTofu, and a mirror-only CLI config); else a CLI config
 * the environment names (TF_CLI_CONFIG_FILE, e.g. a provider mirror); else the
 * user's own `terraform` (or TERRAFORM_BINARY_NAME) on PATH with providers
 * from the registry. TERRAFORM_TOOLS_DIR names another tools folder than the
 * checkout's .tools/, as for the installer.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..");

/** What `npm run terraform:tools` installed (.tools/tools.json; scripts/terraform-tools.js writes it). */
export interface ToolsManifest {
  readonly cli: { readonly name: "terraform" | "tofu"; readonly path: string; readonly version: string };
  /** OpenTofu, built always beside the CLI (the same binary when the machine has no terraform). Absent in tools built before it was. */
  readonly tofu?: { readonly path: string; readonly version: string };
  readonly cliConfigFile: string;
  readonly binDir: string;
  readonly mirror: string;
  readonly providers: ReadonlyArray<{ readonly address: string; readonly version: string; readonly module: string }>;
}

export function toolsManifestPath(base: NodeJS.ProcessEnv = process.env): string {
  return path.join(base.TERRAFORM_TOOLS_DIR ? path.resolve(base.TERRAFORM_TOOLS_DIR) : path.join(ROOT, ".tools"), "tools.json");
}

/** The project's tools; one line saying what to run when they are not built or are broken. */
export function loadToolsManifest(base: NodeJS.ProcessEnv = process.env): ToolsManifest {
  const file = toolsManifestPath(base);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new Error(`the real Terraform tools are not installed (no ${path.relative(ROOT, file) || file}): run npm run terraform:tools first`);
  }
  const tools = JSON.parse(text) as ToolsManifest;
  if (!fs.existsSync(tools.cli.path)) throw new Error(`${tools.cli.name} is gone from ${tools.cli.path}: rerun npm run terraform:tools`);
  if (!fs.existsSync(tools.cliConfigFile)) throw new Error(`${tools.cliConfigFile} is gone: rerun npm run terraform:tools`);
  return tools;
}

/** What a shell gets from `. .tools/env.sh`, on top of `base`. */
export function manifestEnv(tools: ToolsManifest, base: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...base,
    PATH: `${tools.binDir}${path.delimiter}${base.PATH ?? process.env.PATH ?? "/usr/bin:/bin"}`,
    TF_CLI_CONFIG_FILE: tools.cliConfigFile,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    ...(tools.cli.name === "tofu" ? { TERRAFORM_BINARY_NAME: "tofu" } : {}),
  };
}

/** The CLI to run and the environment to give it. */
export interface TerraformTools {
  /** The terraform (or tofu) executable. */
  terraform: string;
  /** What to add to a child's environment (TF_CLI_CONFIG_FILE, PATH, CHECKPOINT_DISABLE, TERRAFORM_BINARY_NAME where set). */
  env: Record<string, string>;
  /** "project": .tools/; "config": TF_CLI_CONFIG_FILE from the environment; "user": the CLI on PATH, registry providers. */
  kind: "project" | "config" | "user";
  /** Where they came from, for messages. */
  source: string;
}

export function onPath(name: string, pathValue: string): string | undefined {
  for (const dir of pathValue.split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const defined = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** The Terraform to use, or undefined when there is none at all. Throws when .tools/ is broken (it names the fix). */
export function findTerraform(base: NodeJS.ProcessEnv = process.env): TerraformTools | undefined {
  if (fs.existsSync(toolsManifestPath(base))) {
    const tools = loadToolsManifest(base);
    const { PATH, TF_CLI_CONFIG_FILE, CHECKPOINT_DISABLE, TERRAFORM_BINARY_NAME } = manifestEnv(tools, { PATH: base.PATH });
    return {
      terraform: tools.cli.path,
      env: defined({ PATH, TF_CLI_CONFIG_FILE, CHECKPOINT_DISABLE, TERRAFORM_BINARY_NAME }),
      kind: "project",
      source: `${toolsManifestPath(base)} (${tools.cli.name} ${tools.cli.version})`,
    };
  }
  const binary = base.TERRAFORM_BINARY_NAME || "terraform";
  const terraform = onPath(binary, base.PATH ?? "");
  if (!terraform) return undefined;
  const named: Record<string, string> = base.TERRAFORM_BINARY_NAME ? { TERRAFORM_BINARY_NAME: base.TERRAFORM_BINARY_NAME } : {};
  if (base.TF_CLI_CONFIG_FILE) {
    return { terraform, env: { TF_CLI_CONFIG_FILE: base.TF_CLI_CONFIG_FILE, CHECKPOINT_DISABLE: "1", ...named }, kind: "config", source: `TF_CLI_CONFIG_FILE=${base.TF_CLI_CONFIG_FILE}` };
  }
  return { terraform, env: { CHECKPOINT_DISABLE: "1", ...named }, kind: "user", source: `${terraform} (providers from the registry)` };
}

/**
 * The project's tools with OpenTofu as the CLI: what a test passes wherever it
 * passes the tools, to run the same stack with tofu as cdktf does (manifestEnv
 * then sets TERRAFORM_BINARY_NAME=tofu; the CLI config is the same). Throws,
 * naming the fix, when the tools hold none.
 */
export function withTofu(tools: ToolsManifest): ToolsManifest {
  const tofu = tools.tofu ?? (tools.cli.name === "tofu" ? tools.cli : undefined);
  if (!tofu) throw new Error(`the project's tools name no OpenTofu (${tools.cliConfigFile.replace(/terraform\.rc$/, "tools.json")}): rerun npm run terraform:tools, which builds it`);
  if (!fs.existsSync(tofu.path)) throw new Error(`OpenTofu is gone from ${tofu.path}: rerun npm run terraform:tools`);
  return { ...tools, cli: { name: "tofu", path: tofu.path, version: tofu.version } };
}
