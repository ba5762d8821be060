/**
 * Where `from-stack` finds a stack's servers: a state file or `terraform
 * show -json` document (--state, "-" for stdin), a cdktf outputs file
 * (--outputs-file), or the state of a cdktf stack (--stack): with a local
 * backend, the file its synthesized backend block names (cdktf writes
 * `<project>/terraform.<stack>.tfstate`); with a remote one (pg, s3, http),
 * `terraform show -json` run in the stack's directory, so the state is read
 * from the backend and never written to disk.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { usageError } from "../errors";
import { serversFromOutputs } from "./outputs-file";
import { isShowJson, serversFromShowJson } from "./show-json";
import { JsonObject, StackServer, isObject } from "./stack-server";
import { isTerraformState, serversFromState } from "./terraform-state";

export interface StackSource {
  readonly stack?: string;
  readonly state?: string;
  readonly outputsFile?: string;
}

export interface StackServers {
  /** The file read, as given or relative to the working directory. */
  readonly source: string;
  readonly servers: StackServer[];
}

const FIX_STATE = "deploy the stack first (cdktf deploy); with a remote backend, run `terraform show -json > state.json` in the stack's directory and pass --state state.json";

export function readStackServers(from: StackSource, cwd: string, readStdin: () => string): StackServers {
  if (from.outputsFile !== undefined) {
    const doc = readJson(from.outputsFile, cwd, readStdin, "outputs file", "write it with `cdktf deploy --outputs-file out.json`");
    return withServers(from.outputsFile, serversFromOutputs(doc, from.outputsFile, from.stack));
  }
  const where = from.state !== undefined ? { file: from.state } : stackState(cwd, from.stack);
  if ("remote" in where) {
    const doc = showJson(where.stackDir, where.stack, where.remote, cwd);
    return withServers(`the ${where.remote} backend of stack ${where.stack}`, serversFromShowJson(doc, `terraform show -json of stack ${where.stack}`));
  }
  const path = where.file;
  const doc = readJson(path, cwd, readStdin, "state file", FIX_STATE);
  if (isShowJson(doc)) return withServers(path, serversFromShowJson(doc, path));
  if (isTerraformState(doc)) return withServers(path, serversFromState(doc, path));
  throw usageError(`${path} is neither a Terraform state nor a \`terraform show -json\` document`, FIX_STATE);
}

function withServers(source: string, servers: StackServer[]): StackServers {
  if (servers.length === 0) {
    throw usageError(`${source} holds no openstack_compute_instance_v2 servers with an id`, "check it is the state of the stack that creates the servers, and that it has been applied");
  }
  return { source, servers };
}

/** cdktf.json may move the synth output ("output"); cdktf.out otherwise. */
function outputDir(cwd: string): string {
  const config = join(cwd, "cdktf.json");
  if (existsSync(config)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(config, "utf8"));
      if (isObject(parsed) && typeof parsed.output === "string" && parsed.output !== "") return parsed.output;
    } catch {
      // A broken cdktf.json is cdktf's to report; the default directory is still the best guess.
    }
  }
  return "cdktf.out";
}

/** The stack cdktf synthesized, when there is one: `--stack`, else the only one. */
function stackName(cwd: string, stacksDir: string, stack: string | undefined): string {
  if (stack !== undefined) return stack;
  const absolute = resolve(cwd, stacksDir);
  const stacks = existsSync(absolute) ? readdirSync(absolute, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  if (stacks.length === 1) return stacks[0];
  if (stacks.length === 0) {
    throw usageError(`no cdktf stacks under ${relative(cwd, absolute) || "."} in ${cwd}`, "run from the cdktf project directory, or give --stack, --state or --outputs-file");
  }
  throw usageError(`${stacks.length} cdktf stacks under ${stacksDir} (${stacks.join(", ")})`, "choose one with --stack");
}

/** The synthesized stack's `terraform.backend` block: type and settings; undefined when the stack was not synthesized here. */
function synthesizedBackend(file: string): { type: string; settings: JsonObject } | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined; // cdktf's to report; fall back to its default path
  }
  const backend = isObject(parsed) && isObject(parsed.terraform) && isObject(parsed.terraform.backend) ? parsed.terraform.backend : undefined;
  const [type] = backend ? Object.keys(backend) : [];
  if (!backend || !type) return { type: "local", settings: {} };
  return { type, settings: isObject(backend[type]) ? (backend[type] as JsonObject) : {} };
}

/**
 * Where a cdktf stack's state is. cdktf's default local backend writes the
 * absolute `<project>/terraform.<stack>.tfstate` into the stack; a path given
 * to LocalBackend may be relative, to the stack's directory, where Terraform
 * runs. A remote backend is read through Terraform.
 */
function stackState(cwd: string, stack: string | undefined): { file: string } | { remote: string; stack: string; stackDir: string } {
  const stacksDir = join(outputDir(cwd), "stacks");
  const name = stackName(cwd, stacksDir, stack);
  const stackDir = join(stacksDir, name);
  const backend = synthesizedBackend(resolve(cwd, stackDir, "cdk.tf.json"));
  if (backend === undefined) return { file: `terraform.${name}.tfstate` };
  if (backend.type !== "local") return { remote: backend.type, stack: name, stackDir };
  const path = typeof backend.settings.path === "string" && backend.settings.path !== "" ? backend.settings.path : "terraform.tfstate";
  const absolute = isAbsolute(path) ? path : resolve(cwd, stackDir, path);
  const shown = relative(resolve(cwd), absolute);
  return { file: shown.startsWith("..") ? absolute : shown };
}

/** The state file `from-stack --stack` reads; for a remote backend, says how to get one. */
export function defaultStatePath(cwd: string, stack: string | undefined): string {
  const where = stackState(cwd, stack);
  if ("file" in where) return where.file;
  throw usageError(`stack ${where.stack} keeps its state in the "${where.remote}" backend, not in a local file`, `run \`terraform show -json > state.json\` in ${where.stackDir} and pass --state state.json`);
}

/** Terraform's own error, on one line, with any user:password@ in a URL masked (a PG_CONN_STR may hold one). */
function terraformWords(text: string): string {
  const words = text
    .split("\n")
    .map((l) => l.replace(/^[│╷╵\s]+/, "").trim())
    .filter(Boolean)
    .join(" ")
    .replace(/(\w+:\/\/)[^\s/@]*@/g, "$1***@")
    .replace(/password=\S+/gi, "password=***");
  return words.length > 400 ? `${words.slice(0, 400)}...` : words;
}

/**
 * `terraform show -json` in the stack's directory (initialized by cdktf deploy):
 * the state as the backend holds it. Runs the CLI cdktf runs
 * (TERRAFORM_BINARY_NAME, else terraform), with the caller's environment,
 * which holds the backend's credentials.
 */
function showJson(stackDir: string, stack: string, backend: string, cwd: string): JsonObject {
  const binary = process.env.TERRAFORM_BINARY_NAME || "terraform";
  const dir = resolve(cwd, stackDir);
  const fix = `run \`cdktf deploy ${stack}\` (or \`terraform init\` in ${stackDir}) first, with the backend's credentials in the environment`;
  if (!existsSync(join(dir, ".terraform"))) {
    throw usageError(`stack ${stack} keeps its state in the "${backend}" backend, and ${stackDir} is not initialized`, fix);
  }
  const run = spawnSync(binary, ["show", "-json", "-no-color"], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 256 << 20,
    timeout: 120_000,
    env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
  });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    throw usageError(
      code === "ENOENT" ? `${binary} is not on PATH: reading stack ${stack}'s state from the "${backend}" backend needs it` : `${binary} show -json in ${stackDir} did not finish (${code ?? run.error.message})`,
      code === "ENOENT" ? "install Terraform (or set TERRAFORM_BINARY_NAME), or pass --state with a `terraform show -json` document" : fix,
    );
  }
  if (run.status !== 0) throw usageError(`${binary} show -json in ${stackDir} failed: ${terraformWords(run.stderr || run.stdout)}`, fix);
  let doc: unknown;
  try {
    doc = JSON.parse(run.stdout);
  } catch {
    throw usageError(`${binary} show -json in ${stackDir} printed no JSON`, fix);
  }
  if (!isObject(doc)) throw usageError(`${binary} show -json in ${stackDir} printed no JSON object`, fix);
  return doc;
}

function readJson(path: string, cwd: string, readStdin: () => string, what: string, fix: string): JsonObject {
  let text: string;
  try {
    text = path === "-" ? readStdin() : readFileSync(resolve(cwd, path), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "it does not exist" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : "it cannot be read";
    throw usageError(`cannot read ${what} ${path}: ${why}`, fix);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the fault, and a state holds secrets: say no more than this.
    throw usageError(`${what} ${path} is not valid JSON`, fix);
  }
  if (!isObject(doc)) throw usageError(`${what} ${path} is not a JSON object`, fix);
  return doc;
}
