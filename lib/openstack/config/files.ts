import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../errors";

/** A parsed clouds.yaml (with secure.yaml merged over it). Values are strings, maps or lists. */
export interface CloudsFile {
  readonly path: string;
  readonly securePath?: string;
  readonly clouds: Readonly<Record<string, unknown>>;
}

const CLOUDS_NAMES = ["clouds.yaml", "clouds.yml", "clouds.json"];
const SECURE_NAMES = ["secure.yaml", "secure.yml", "secure.json"];

/** The directories openstacksdk searches, in order: cwd, the user's config dir, /etc/openstack. */
export function searchDirs(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const home = env.HOME || homedir();
  const userConfig = env.XDG_CONFIG_HOME || join(home, ".config");
  return [cwd, join(userConfig, "openstack"), "/etc/openstack"];
}

function firstExisting(dirs: string[], names: string[]): string | undefined {
  for (const dir of dirs) {
    for (const name of names) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

function explicitFile(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const path = env[variable];
  if (!path) return undefined;
  if (!existsSync(path)) {
    throw new ConfigError(`${variable} names ${path}, which does not exist`, `Fix ${variable} or unset it to search the standard places.`);
  }
  return path;
}

/** Finds and reads clouds.yaml (+ secure.yaml), or undefined when there is none. */
export function loadCloudsFile(env: NodeJS.ProcessEnv, cwd: string): CloudsFile | undefined {
  const dirs = searchDirs(env, cwd);
  const path = explicitFile(env, "OS_CLIENT_CONFIG_FILE") ?? firstExisting(dirs, CLOUDS_NAMES);
  if (!path) return undefined;
  const main = cloudsOf(parseConfigFile(path), path);
  const securePath = explicitFile(env, "OS_CLIENT_SECURE_FILE") ?? firstExisting(dirs, SECURE_NAMES);
  if (!securePath) return { path, clouds: main };
  const secure = cloudsOf(parseConfigFile(securePath), securePath);
  return { path, securePath, clouds: deepMerge(main, secure) };
}

function parseConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`, "Check the file's permissions.");
  }
  if (path.endsWith(".json")) {
    try {
      return JSON.parse(text);
    } catch {
      throw new ConfigError(`${path} is not valid JSON`, "Fix its syntax.");
    }
  }
  // Loaded on demand: most runs (OS_* only) never read a clouds.yaml.
  const yaml = require("yaml") as typeof import("yaml");
  try {
    // The failsafe schema keeps every scalar a string, so "2.10" stays 2.10 and booleans are parsed by us.
    return yaml.parse(text, { schema: "failsafe", prettyErrors: false, logLevel: "error", uniqueKeys: true });
  } catch (err) {
    // The parser's message may quote the file (passwords included): report only its code and position.
    const e = err as { code?: string; pos?: [number, number] };
    const line = e.pos ? text.slice(0, e.pos[0]).split("\n").length : undefined;
    throw new ConfigError(
      `${path} is not valid YAML (${e.code ?? "parse error"}${line ? ` at line ${line}` : ""})`,
      "Fix its syntax; `python3 -c 'import yaml,sys; yaml.safe_load(open(sys.argv[1]))' FILE` shows the spot.",
    );
  }
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function cloudsOf(doc: unknown, path: string): Record<string, unknown> {
  if (!isMap(doc) || !isMap(doc.clouds)) {
    throw new ConfigError(`${path} has no "clouds:" mapping`, "Put each cloud under a top-level `clouds:` key, as in openstacksdk's clouds.yaml.");
  }
  return doc.clouds;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isMap(current) && isMap(value) ? deepMerge(current, value) : value;
  }
  return out;
}
