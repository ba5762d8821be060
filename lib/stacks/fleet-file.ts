import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { closest } from "../schema-check/suggest";
import { FleetDefinition } from "./fleet-definition";
import { FLEET_FILE_SHAPE, Shape } from "./fleet-file-shape";

/** A fleet file that cannot be used; the message names the file, the key, the problem and the fix. */
export class FleetFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FleetFileError";
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

/** Validates a parsed fleet document; `source` names it in messages (the file path). */
export function parseFleetDocument(doc: unknown, source: string): FleetDefinition {
  const fail = (key: string, problem: string, fix: string): never => {
    throw new FleetFileError(`${source}: ${key}: ${problem}; ${fix}`);
  };
  checkShape(doc, FLEET_FILE_SHAPE, "", fail);
  const definition = doc as FleetDefinition & { stack?: string };
  if (definition.fleets.length === 0) fail("fleets", "is empty", "describe at least one fleet");
  const stack = definition.stack ?? DEFAULT_STACK_NAME;
  if (!STACK_NAME_RE.test(stack)) fail("stack", `${JSON.stringify(stack)} is not a usable stack name`, "use letters, digits, - and _, starting with a letter");
  return { ...definition, stack };
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

/** Reads and validates a fleet file (YAML or JSON by extension). */
export function loadFleetFile(file: string): FleetDefinition {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FleetFileError(`${file}: cannot read it (${code ?? (err as Error).message}); set FLEET_FILE to an existing fleet file`);
  }
  return parseFleetDocument(parseText(text, file), file);
}
