/**
 * The console URLs a deployed stack keeps, for `from-stack --stored`: what each
 * console mode leaves behind. Resource mode: the `osconsole_urls` resources'
 * `urls` (with `minted_at`, `servers`, `protocol`, `type`) in the state;
 * data-source mode: the hook's `data "external"` results; both modes: the
 * `console_urls` output, in an outputs file. Ephemeral mode keeps nothing.
 * No cloud is asked: the URLs are as old as their minting, and expire.
 */
import { CONSOLE_ATTRIBUTES, CONSOLE_URLS_OUTPUT, CONSOLE_URLS_TYPE, SERVERS_KEY } from "../hook-contract";
import { usageError } from "./errors";
import { JsonObject, StackSource, indexSuffix, isObject, readStackDocument } from "./stack-source";

/** One stored URL and what the stack says about it. */
export interface StoredConsole {
  readonly name: string;
  readonly url: string;
  /** Terraform address of the holder (`osconsole_urls.web_console_urls_1A2B.urls["web-1"]`) or the output path. */
  readonly address: string;
  readonly id?: string;
  readonly protocol?: string;
  readonly type?: string;
  readonly mintedAt?: string;
}

/** The resource or data source kinds that hold URLs, with where each keeps them. */
type Holder = { readonly mode: "managed" | "data"; readonly type: string; readonly attributes: JsonObject; readonly address: string };

const stringMap = (value: unknown): Record<string, string> =>
  isObject(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string")) : {};

/** The servers a hook query names: its `servers` is JSON text of name to id. */
function queryServers(query: Record<string, string>): Record<string, string> | undefined {
  try {
    const servers: unknown = JSON.parse(query[SERVERS_KEY] ?? "");
    return isObject(servers) ? stringMap(servers) : undefined;
  } catch {
    return undefined;
  }
}

/** The URLs one holder keeps; a `data "external"` counts only when it is the hook's (its query names the servers its result answers). */
function fromHolder(h: Holder): StoredConsole[] {
  const optional = (key: string): string | undefined => (typeof h.attributes[key] === "string" ? (h.attributes[key] as string) : undefined);
  if (h.mode === "managed" && h.type === CONSOLE_URLS_TYPE) {
    const urls = stringMap(h.attributes[CONSOLE_ATTRIBUTES.urls]);
    const servers = stringMap(h.attributes[SERVERS_KEY]);
    const minted = stringMap(h.attributes[CONSOLE_ATTRIBUTES.mintedAt]);
    return Object.entries(urls).map(([name, url]) => ({
      name,
      url,
      address: `${h.address}.${CONSOLE_ATTRIBUTES.urls}[${JSON.stringify(name)}]`,
      id: servers[name],
      protocol: optional("protocol"),
      type: optional("type"),
      mintedAt: minted[name],
    }));
  }
  if (h.mode === "data" && h.type === "external") {
    const query = stringMap(h.attributes.query);
    const servers = queryServers(query);
    const result = stringMap(h.attributes.result);
    if (!servers || !Object.keys(result).every((name) => name in servers)) return [];
    return Object.entries(result).map(([name, url]) => ({ name, url, address: `${h.address}.result[${JSON.stringify(name)}]`, id: servers[name], protocol: query.protocol, type: query.type }));
  }
  return [];
}

/** From a state file (format version 4): every instance of the holders, deposed objects skipped. */
function storedFromState(doc: JsonObject): StoredConsole[] {
  const found: StoredConsole[] = [];
  for (const resource of Array.isArray(doc.resources) ? doc.resources : []) {
    if (!isObject(resource) || (resource.mode !== "managed" && resource.mode !== "data")) continue;
    const prefix = `${typeof resource.module === "string" ? `${resource.module}.` : ""}${resource.mode === "data" ? "data." : ""}${String(resource.type)}.${String(resource.name)}`;
    for (const instance of Array.isArray(resource.instances) ? resource.instances : []) {
      if (!isObject(instance) || instance.deposed !== undefined || !isObject(instance.attributes)) continue;
      found.push(...fromHolder({ mode: resource.mode, type: String(resource.type), attributes: instance.attributes, address: prefix + indexSuffix(instance.index_key) }));
    }
  }
  return found;
}

/** From `terraform show -json` (state form): root and child modules' resources, whose `values` hold sensitive values in the clear. */
function storedFromShowJson(doc: JsonObject): StoredConsole[] {
  const found: StoredConsole[] = [];
  const walk = (module: JsonObject): void => {
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(r) || (r.mode !== "managed" && r.mode !== "data") || !isObject(r.values) || typeof r.address !== "string") continue;
      found.push(...fromHolder({ mode: r.mode, type: String(r.type), attributes: r.values, address: r.address }));
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) if (isObject(child)) walk(child);
  };
  if (isObject(doc.values) && isObject(doc.values.root_module)) walk(doc.values.root_module);
  return found;
}

/** From a cdktf outputs file: every `console_urls` output (nested by stack and construct path). */
function storedFromOutputs(node: JsonObject, path: string[] = []): StoredConsole[] {
  const found: StoredConsole[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (!isObject(value)) continue;
    if (key === CONSOLE_URLS_OUTPUT) {
      for (const [name, url] of Object.entries(stringMap(value))) found.push({ name, url, address: [...path, key, name].join(".") });
    } else found.push(...storedFromOutputs(value, [...path, key]));
  }
  return found;
}

/**
 * The URLs a stack keeps, read where `from` points (as readStackServers
 * reads its servers); with an outputs file and --stack, that stack's only.
 */
export function readStoredConsoles(from: StackSource, cwd: string, readStdin: () => string): { source: string; consoles: StoredConsole[] } {
  const { kind, doc, source } = readStackDocument(from, cwd, readStdin);
  const scoped = kind === "outputs" && from.stack !== undefined ? (isObject(doc[from.stack]) ? { [from.stack]: doc[from.stack] as JsonObject } : {}) : doc;
  const consoles = kind === "outputs" ? storedFromOutputs(scoped) : kind === "show" ? storedFromShowJson(doc) : storedFromState(doc);
  if (consoles.length === 0) {
    throw usageError(
      `${source} keeps no console URLs${kind === "outputs" ? " (no console_urls output: write the file with --outputs-file-include-sensitive-outputs)" : ""}`,
      "its consoles may be in ephemeral mode, which stores none: leave out --stored to mint fresh URLs",
    );
  }
  return { source, consoles };
}
