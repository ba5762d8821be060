import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { closest } from "./suggest";
import { FleetDefinition, FleetEntry, FleetFile } from "./fleet-definition";
import { FLEET_FILE_SHAPE, FLEET_STACKS_SHAPE, Shape } from "./fleet-file-shape";
import { BACKEND_TYPES, StateBackend, refuseBackendCredentials, resolveBackend } from "./state-backend";

/**
 * A fleet file that cannot be used; the message names the file, the key, the problem and the fix.
 *
 * @jsii ignore Error subclasses cannot cross jsii; other languages get the same one-line message from the JavaScript error.
 */
export class FleetFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FleetFileError";
    // One line in every language, as PropsError (jsii prints the JavaScript stack beside Python's traceback).
    this.stack = `${this.name}: ${this.message}`;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const describe = (v: unknown): string =>
  v === null ? "nothing (null)" : Array.isArray(v) ? "a list" : isObject(v) ? "an object" : `${typeof v} ${JSON.stringify(v)}`;

const keyPath = (parent: string, key: string | number): string =>
  typeof key === "number" ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/** Checks a parsed document against a shape; throws at the first mismatch. */
function checkShape(value: unknown, shape: Shape, at: string, fail: (key: string, problem: string, fix: string) => never): void {
  const where = at || "(top level)";
  switch (shape.kind) {
    case "string":
      if (typeof value === "string") return;
      // YAML reads 2.10 as the number 2.1: microversions and ids must be quoted.
      if (typeof value === "number" || typeof value === "boolean") fail(where, `is ${describe(value)}, not a string`, `quote it: "${String(value)}"`);
      return fail(where, `expected a string, got ${describe(value)}`, "give a string");
    case "integer":
      if (typeof value === "number" && Number.isInteger(value)) return;
      return fail(where, `expected a whole number, got ${describe(value)}`, "write a number without quotes, e.g. 3");
    case "number":
      if (typeof value === "number") return;
      return fail(where, `expected a number, got ${describe(value)}`, "write a number without quotes, e.g. 20");
    case "boolean":
      if (typeof value === "boolean") return;
      return fail(where, `expected true or false, got ${describe(value)}`, "write true or false without quotes");
    case "enum":
      if (typeof value === "string" && shape.values.includes(value)) return;
      return fail(where, `${describe(value)} is not allowed`, `use one of ${shape.values.join(", ")}`);
    case "list":
      if (!Array.isArray(value)) return fail(where, `expected a list, got ${describe(value)}`, "write a YAML list (- item) or a JSON array");
      value.forEach((item, i) => checkShape(item, shape.of, keyPath(at, i), fail));
      return;
    case "map":
      if (!isObject(value)) return fail(where, `expected an object of string keys, got ${describe(value)}`, "write key: value pairs");
      for (const [k, v] of Object.entries(value)) checkShape(v, shape.of, keyPath(at, k), fail);
      return;
    case "object": {
      if (!isObject(value)) return fail(where, `expected an object, got ${describe(value)}`, "write key: value pairs");
      for (const [k, v] of Object.entries(value)) {
        if (shape.extensions && k.startsWith("x-")) continue;
        const field = shape.fields[k];
        if (!field) {
          const guess = closest(k, Object.keys(shape.fields));
          fail(keyPath(at, k), "is not a known key", guess ? `did you mean ${guess}?` : `use one of ${Object.keys(shape.fields).join(", ")}`);
        }
        checkShape(v, field, keyPath(at, k), fail);
      }
      for (const k of shape.required ?? []) {
        if (value[k] === undefined || value[k] === null) fail(keyPath(at, k), "is missing", "add it");
      }
      return;
    }
  }
}

const STACK_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const DEFAULT_STACK_NAME = "fleet";

type Fail = (key: string, problem: string, fix: string) => never;

function checkStackName(name: string, key: string, fail: Fail): void {
  if (!STACK_NAME_RE.test(name)) fail(key, `${JSON.stringify(name)} is not a usable stack name`, "use letters, digits, - and _, starting with a letter");
}

function checkBackend(backend: StateBackend | undefined, key: string, fail: Fail): void {
  if (backend === undefined) return;
  const named = BACKEND_TYPES.filter((t) => backend[t] !== undefined);
  if (named.length !== 1) {
    fail(key, named.length === 0 ? "names no backend" : `names ${named.length} backends (${named.join(", ")})`, `give exactly one of ${BACKEND_TYPES.join(", ")}`);
  }
}

/** The file's pairs of keys that are one choice each: a fleet that sets either key of a pair overrides both defaults. */
const CHOICES = [
  ["imageId", "imageName"],
  ["flavorId", "flavorName"],
] as const;

/** A fleet over the shared fleet defaults; the console's options merge one level deep. */
function withFleetDefaults(defaults: Partial<FleetEntry> | undefined, fleet: FleetEntry): FleetEntry {
  if (!defaults) return fleet;
  const console = defaults.console || fleet.console ? { ...defaults.console, ...fleet.console } : undefined;
  // A default imageName and a fleet's own imageId are one choice (the constructs' image), not two settings.
  const base: Record<string, unknown> = { ...defaults };
  for (const pair of CHOICES) if (pair.some((k) => fleet[k] !== undefined)) for (const k of pair) delete base[k];
  return { ...base, ...fleet, ...(console ? { console } : {}) };
}

interface StacksDocument {
  readonly defaults?: { readonly openstack?: FleetDefinition["openstack"]; readonly backend?: StateBackend; readonly fleet?: Partial<FleetEntry> };
  readonly stacks: ReadonlyArray<{ readonly name: string; readonly openstack?: FleetDefinition["openstack"]; readonly backend?: StateBackend; readonly fleets: readonly FleetEntry[] }>;
}

function parseStacks(doc: Record<string, unknown>, fail: Fail): FleetDefinition[] {
  const oneStackKeys = ["stack", "openstack", "backend", "fleets"].filter((k) => k in doc);
  if (oneStackKeys.length > 0) {
    fail(oneStackKeys[0], "is given beside stacks", "use either stacks (several stacks, with shared defaults) or the one-stack keys stack, openstack, backend and fleets");
  }
  const raw = doc as unknown as StacksDocument;
  refuseBackendCredentials(raw.defaults?.backend, "defaults.backend", fail);
  (Array.isArray(raw.stacks) ? raw.stacks : []).forEach((s, i) => refuseBackendCredentials(isObject(s) ? s.backend : undefined, `stacks[${i}].backend`, fail));
  checkShape(doc, FLEET_STACKS_SHAPE, "", fail);
  if (raw.stacks.length === 0) fail("stacks", "is empty", "describe at least one stack");
  checkBackend(raw.defaults?.backend, "defaults.backend", fail);
  const seen = new Map<string, number>();
  return raw.stacks.map((s, i) => {
    const at = `stacks[${i}]`;
    checkStackName(s.name, `${at}.name`, fail);
    const first = seen.get(s.name);
    if (first !== undefined) fail(`${at}.name`, `${JSON.stringify(s.name)} is already the name of stacks[${first}]`, "give each stack its own name");
    seen.set(s.name, i);
    if (s.fleets.length === 0) fail(`${at}.fleets`, "is empty", "describe at least one fleet");
    checkBackend(s.backend, `${at}.backend`, fail);
    const openstack = raw.defaults?.openstack || s.openstack ? { ...raw.defaults?.openstack, ...s.openstack } : undefined;
    const backend = s.backend ?? raw.defaults?.backend;
    return {
      stack: s.name,
      ...(openstack ? { openstack } : {}),
      ...(backend ? { backend } : {}),
      fleets: s.fleets.map((f) => withFleetDefaults(raw.defaults?.fleet, f)),
      where: `${at} (${s.name})`,
    };
  });
}

/**
 * Two stacks whose state would be the same object overwrite each other, and
 * two pg stacks in one database lock each other (the pg backend's advisory
 * locks are per database, keyed by row id, not per schema:
 * hashicorp/terraform#22833, #33217): refuse both.
 */
function checkStateKeys(stacks: readonly FleetDefinition[], fail: Fail): void {
  const keys = new Map<string, FleetDefinition>();
  const scopes = new Map<string, FleetDefinition>();
  stacks.forEach((s, i) => {
    const { stateKey, lockScope } = resolveBackend(s.backend, s.stack);
    const sharing = lockScope === undefined ? undefined : scopes.get(lockScope);
    if (sharing) {
      fail(
        `stacks[${i}].backend.pg.connStr`,
        `names the database of ${sharing.where ?? sharing.stack} too, and Terraform's pg backend locks a whole database (hashicorp/terraform#22833), so the two stacks would lock each other and cannot be deployed in parallel`,
        "give each stack its own database, e.g. put {stack} in the database name of connStr",
      );
    }
    if (lockScope !== undefined) scopes.set(lockScope, s);
    const other = keys.get(stateKey);
    if (other) {
      fail(
        `stacks[${i}].backend`,
        `keeps the state of ${s.stack} where ${other.where ?? other.stack} keeps its own (${stateKey.replace(/^(\S+) /, "$1: ")})`,
        "give each stack its own path, schemaName, key or address, or put {stack} in it",
      );
    }
    keys.set(stateKey, s);
  });
}

/**
 * Validates a parsed fleet document, in either form; `source` names it in
 * messages (the file path). Messages inside `stacks` name the stack too.
 */
export function parseFleetDocument(doc: unknown, source: string): FleetFile {
  const named = (key: string): string => {
    const m = /^stacks\[(\d+)\]/.exec(key);
    const name = m && isObject(doc) && Array.isArray(doc.stacks) && isObject(doc.stacks[Number(m[1])]) ? doc.stacks[Number(m[1])].name : undefined;
    return typeof name === "string" ? key.replace(/^stacks\[\d+\]/, (s) => `${s} (${name})`) : key;
  };
  const fail: Fail = (key, problem, fix) => {
    throw new FleetFileError(`${source}: ${named(key)}: ${problem}; ${fix}`);
  };
  if (isObject(doc) && "stacks" in doc) {
    const stacks = parseStacks(doc, fail);
    checkStateKeys(stacks, fail);
    return { stacks };
  }
  if (isObject(doc)) refuseBackendCredentials(doc.backend, "backend", fail);
  checkShape(doc, FLEET_FILE_SHAPE, "", fail);
  const definition = doc as FleetDefinition & { stack?: string };
  if (definition.fleets.length === 0) fail("fleets", "is empty", "describe at least one fleet");
  const stack = definition.stack ?? DEFAULT_STACK_NAME;
  checkStackName(stack, "stack", fail);
  checkBackend(definition.backend, "backend", fail);
  return { stacks: [{ ...definition, stack }] };
}

function parseText(text: string, file: string): unknown {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new FleetFileError(`${file}: not valid JSON: ${(err as Error).message}; fix the syntax`);
    }
  }
  if (ext === ".yaml" || ext === ".yml") {
    try {
      return YAML.parse(text);
    } catch (err) {
      throw new FleetFileError(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}; fix the syntax`);
    }
  }
  throw new FleetFileError(`${file}: unknown file type "${ext}"; name it .yaml, .yml or .json`);
}

/** Reads and validates a fleet file (YAML or JSON by extension): its stacks, one or several. */
export function loadFleetFile(file: string): FleetFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FleetFileError(`${file}: cannot read it (${code ?? (err as Error).message}); set FLEET_FILE to an existing fleet file`);
  }
  return parseFleetDocument(parseText(text, file), file);
}

/** loadFleetFile and parseFleetDocument for every jsii language (a class: jsii carries no free functions). */
export class FleetFiles {
  /** Reads and validates a fleet file (YAML or JSON by extension): its stacks, one or several. */
  static load(file: string): FleetFile {
    return loadFleetFile(file);
  }

  /** Validates a parsed fleet document, in either form; `source` names it in messages. */
  static parse(doc: any, source: string): FleetFile {
    return parseFleetDocument(doc, source);
  }

  private constructor() {}
}
