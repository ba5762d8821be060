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
import { CONSOLE_URLS_OUTPUT } from "../hook-contract";
import { usageError } from "./errors";

/** A server a deployed stack manages, as the state or outputs name it. */
export interface StackServer {
  /** What the operator calls it: the server's `name` attribute (see docs/cli.md, "Server names"). */
  readonly name: string;
  /** Nova server id; absent when only the name is known (an outputs file without server_ids). */
  readonly id?: string;
  /** Where it came from: a Terraform address (`openstack_compute_instance_v2.web[0]`) or an output path. */
  readonly address: string;
}

/** The resource type whose instances are servers. */
export const SERVER_RESOURCE_TYPE = "openstack_compute_instance_v2";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Terraform's instance address suffix: `[0]` for count, `["key"]` for for_each. */
export function indexSuffix(indexKey: unknown): string {
  if (typeof indexKey === "number") return `[${indexKey}]`;
  if (typeof indexKey === "string") return `[${JSON.stringify(indexKey)}]`;
  return "";
}

/** The name an operator knows a server by: its `name` attribute, or the address when it has none. */
export function serverName(attributes: JsonObject, address: string): string {
  const name = attributes.name;
  return typeof name === "string" && name !== "" ? name : address;
}

/**
 * Servers from a Terraform state file (format version 4, Terraform 0.12+):
 * `resources[]` with mode "managed" and type openstack_compute_instance_v2,
 * each instance's `attributes.id`; `index_key` for count/for_each instances.
 */

export function isTerraformState(doc: JsonObject): boolean {
  return "version" in doc && "resources" in doc;
}

export function serversFromState(doc: JsonObject, source: string): StackServer[] {
  if (doc.version !== 4) {
    throw usageError(
      `${source}: state format version ${JSON.stringify(doc.version)} is not supported`,
      "give a state written by Terraform 0.12 or later (version 4), or a `terraform show -json` document",
    );
  }
  if (!Array.isArray(doc.resources)) {
    throw usageError(`${source}: "resources" is not a list`, "give the file Terraform wrote, unmodified");
  }
  const servers: StackServer[] = [];
  for (const resource of doc.resources) {
    if (!isObject(resource) || resource.mode !== "managed" || resource.type !== SERVER_RESOURCE_TYPE) continue;
    const base = `${typeof resource.module === "string" ? `${resource.module}.` : ""}${SERVER_RESOURCE_TYPE}.${String(resource.name)}`;
    const instances = Array.isArray(resource.instances) ? resource.instances : [];
    for (const instance of instances) {
      // A deposed object is the old half of a create-before-destroy replacement: not the server to hand out.
      if (!isObject(instance) || instance.deposed !== undefined || !isObject(instance.attributes)) continue;
      const id = instance.attributes.id;
      if (typeof id !== "string" || id === "") continue;
      const address = base + indexSuffix(instance.index_key);
      servers.push({ name: serverName(instance.attributes, address), id, address });
    }
  }
  return servers;
}

/**
 * Servers from `terraform show -json` (state form): `values.root_module`
 * with `resources[]` ({address, mode, type, values: {id, name}}) and nested
 * `child_modules[]` of the same shape.
 */

export function isShowJson(doc: JsonObject): boolean {
  return "format_version" in doc;
}

export function serversFromShowJson(doc: JsonObject, source: string): StackServer[] {
  if (doc.values === undefined) {
    // `terraform show -json` of an empty state has no "values"; a plan has "planned_values" instead.
    const what = "planned_values" in doc ? "a plan, not a state" : "an empty state";
    throw usageError(`${source}: this \`terraform show -json\` document is ${what}`, "run `terraform show -json` in the applied stack's directory without a plan file");
  }
  if (!isObject(doc.values) || !isObject(doc.values.root_module)) {
    throw usageError(`${source}: "values.root_module" is missing`, "give the output of `terraform show -json`, unmodified");
  }
  const servers: StackServer[] = [];
  collectShown(doc.values.root_module, servers);
  return servers;
}

function collectShown(module: JsonObject, into: StackServer[]): void {
  const resources = Array.isArray(module.resources) ? module.resources : [];
  for (const resource of resources) {
    if (!isObject(resource) || resource.mode !== "managed" || resource.type !== SERVER_RESOURCE_TYPE) continue;
    if (!isObject(resource.values)) continue;
    const id = resource.values.id;
    if (typeof id !== "string" || id === "") continue;
    const address = typeof resource.address === "string" ? resource.address : `${SERVER_RESOURCE_TYPE}.${String(resource.name)}`;
    into.push({ name: serverName(resource.values, address), id, address });
  }
  const children = Array.isArray(module.child_modules) ? module.child_modules : [];
  for (const child of children) if (isObject(child)) collectShown(child, into);
}

/**
 * Servers from a cdktf outputs file (`cdktf deploy --outputs-file out.json`),
 * which nests outputs by stack and construct path:
 * `{ <stack>: { <construct>: { <output>: value } } }`.
 *
 * - A `server_ids` output (server name -> Nova id) gives the servers exactly.
 * - Otherwise the keys of `console_urls` (server name -> URL; written only
 *   with --outputs-file-include-sensitive-outputs) give their names, to be
 *   resolved through Nova's server list. The URLs themselves are stale by
 *   now and are never read.
 */

/** FleetStack's SERVER_IDS_OUTPUT, and the same map under a name of the user's own spelling. */
const SERVER_IDS_OUTPUT = /^server_?ids$/i;

export function serversFromOutputs(doc: JsonObject, source: string, stack: string | undefined): StackServer[] {
  let root = doc;
  let prefix: string[] = [];
  if (stack !== undefined) {
    const forStack = doc[stack];
    if (!isObject(forStack)) {
      throw usageError(`${source} has no outputs for stack "${stack}" (it has ${Object.keys(doc).join(", ") || "none"})`, "give the stack name cdktf deployed, or leave out --stack");
    }
    root = forStack;
    prefix = [stack];
  }
  const byId: StackServer[] = [];
  const byName: StackServer[] = [];
  collectOutputs(root, prefix, byId, byName);
  if (byId.length > 0) return byId;
  if (byName.length > 0) return byName;
  throw usageError(
    `${source} has no server_ids or console_urls output${stack !== undefined ? ` for stack "${stack}"` : ""}`,
    "write it with `cdktf deploy --outputs-file out.json --outputs-file-include-sensitive-outputs`, or read the state with --stack/--state",
  );
}

function collectOutputs(node: JsonObject, path: string[], byId: StackServer[], byName: StackServer[]): void {
  for (const [key, value] of Object.entries(node)) {
    if (!isObject(value)) continue;
    if (SERVER_IDS_OUTPUT.test(key)) {
      for (const [name, id] of Object.entries(value)) {
        if (typeof id === "string" && id !== "") byId.push({ name, id, address: [...path, key, name].join(".") });
      }
    } else if (key === CONSOLE_URLS_OUTPUT) {
      for (const name of Object.keys(value)) byName.push({ name, address: [...path, key, name].join(".") });
    } else {
      collectOutputs(value, [...path, key], byId, byName);
    }
  }
}

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

/** A stack's document as read: an outputs file, a state file, or `terraform show -json` (of a file, stdin, or a remote backend). */
export interface StackDocument {
  readonly kind: "outputs" | "state" | "show";
  readonly doc: JsonObject;
  /** What was read: the file as given, or the backend. */
  readonly source: string;
  /** How a problem inside the document names it (for a backend: the command that printed it). */
  readonly within: string;
}

/** Reads the one document `from` names (see the file's comment); refuses what is none of the three. */
export function readStackDocument(from: StackSource, cwd: string, readStdin: () => string): StackDocument {
  if (from.outputsFile !== undefined) {
    return { kind: "outputs", source: from.outputsFile, within: from.outputsFile, doc: readJson(from.outputsFile, cwd, readStdin, "outputs file", "write it with `cdktf deploy --outputs-file out.json`") };
  }
  const where = from.state !== undefined ? { file: from.state } : stackState(cwd, from.stack);
  if ("remote" in where) {
    const doc = showJson(where.stackDir, where.stack, where.remote, cwd);
    return { kind: "show", source: `the ${where.remote} backend of stack ${where.stack}`, within: `terraform show -json of stack ${where.stack}`, doc };
  }
  const path = where.file;
  const doc = readJson(path, cwd, readStdin, "state file", FIX_STATE);
  if (isShowJson(doc)) return { kind: "show", source: path, within: path, doc };
  if (isTerraformState(doc)) return { kind: "state", source: path, within: path, doc };
  throw usageError(`${path} is neither a Terraform state nor a \`terraform show -json\` document`, FIX_STATE);
}

export function readStackServers(from: StackSource, cwd: string, readStdin: () => string): StackServers {
  const { kind, doc, source, within } = readStackDocument(from, cwd, readStdin);
  if (kind === "outputs") return withServers(source, serversFromOutputs(doc, within, from.stack));
  return withServers(source, kind === "show" ? serversFromShowJson(doc, within) : serversFromState(doc, within));
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
