/**
 * The part of JSON Schema Nova's request schemas use, reporting the first
 * error in the order python-jsonschema finds it (schema keywords in the
 * order written, properties in the order listed) and worded as Nova words it
 * (nova/api/validation/validators.py), so 400 messages match real Nova's.
 */
import { isIPv4, isIPv6 } from "node:net";
import { pythonRepr, pythonStr } from "../http/python-format";

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  items?: Schema;
  format?: "ipv4" | "ipv6";
  required?: string[];
  additionalProperties?: boolean;
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
}

export interface SchemaError {
  path: string[];
  instance: unknown;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    default:
      return false;
  }
}

function keywordError(schema: Schema, keyword: keyof Schema, value: unknown, path: string[]): SchemaError | undefined {
  const at = (message: string): SchemaError => ({ path, instance: value, message });
  switch (keyword) {
    case "type": {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type!];
      return types.some((t) => hasType(value, t)) ? undefined : at(`${pythonRepr(value)} is not of type ${types.map((t) => pythonRepr(t)).join(", ")}`);
    }
    case "enum":
      return schema.enum!.includes(value) ? undefined : at(`${pythonRepr(value)} is not one of ${pythonRepr(schema.enum)}`);
    case "minLength":
      return typeof value === "string" && [...value].length < schema.minLength! ? at(`${pythonRepr(value)} is too short`) : undefined;
    case "maxLength":
      return typeof value === "string" && [...value].length > schema.maxLength! ? at(`${pythonRepr(value)} is too long`) : undefined;
    case "minimum":
      return typeof value === "number" && value < schema.minimum! ? at(`${pythonRepr(value)} is less than the minimum of ${schema.minimum}`) : undefined;
    case "pattern":
      return typeof value === "string" && !new RegExp(schema.pattern!).test(value)
        ? at(`${pythonRepr(value)} does not match ${pythonRepr(schema.pattern)}`)
        : undefined;
    case "properties": {
      if (!isObject(value)) return undefined;
      for (const [name, sub] of Object.entries(schema.properties!)) {
        if (name in value) {
          const error = firstError(sub, value[name], [...path, name]);
          if (error) return error;
        }
      }
      return undefined;
    }
    case "patternProperties": {
      if (!isObject(value)) return undefined;
      for (const [pattern, sub] of Object.entries(schema.patternProperties!)) {
        const re = new RegExp(pattern);
        for (const [name, item] of Object.entries(value)) {
          if (!re.test(name)) continue;
          const error = firstError(sub, item, [...path, name]);
          if (error) return error;
        }
      }
      return undefined;
    }
    case "items": {
      if (!Array.isArray(value)) return undefined;
      for (const [i, item] of value.entries()) {
        const error = firstError(schema.items!, item, [...path, String(i)]);
        if (error) return error;
      }
      return undefined;
    }
    case "format":
      return typeof value === "string" && !(schema.format === "ipv4" ? isIPv4(value) : isIPv6(value))
        ? at(`${pythonRepr(value)} is not a '${schema.format}'`)
        : undefined;
    case "required": {
      if (!isObject(value)) return undefined;
      const missing = schema.required!.find((name) => !(name in value));
      return missing === undefined ? undefined : at(`${pythonRepr(missing)} is a required property`);
    }
    case "additionalProperties": {
      if (!isObject(value) || schema.additionalProperties !== false) return undefined;
      const patterns = Object.keys(schema.patternProperties ?? {});
      const extras = Object.keys(value).filter((k) => !(k in (schema.properties ?? {})) && !patterns.some((p) => new RegExp(p).test(k)));
      if (extras.length === 0) return undefined;
      if (patterns.length > 0) {
        // python-jsonschema words it differently when patternProperties are present.
        const names = [...extras].sort().map((e) => pythonRepr(e)).join(", ");
        return at(`${names} ${extras.length === 1 ? "does" : "do"} not match any of the regexes: ${patterns.sort().map((p) => pythonRepr(p)).join(", ")}`);
      }
      const verb = extras.length === 1 ? "was" : "were";
      return at(`Additional properties are not allowed (${extras.map((e) => pythonRepr(e)).join(", ")} ${verb} unexpected)`);
    }
    default:
      return undefined;
  }
}

export function firstError(schema: Schema, value: unknown, path: string[] = []): SchemaError | undefined {
  for (const keyword of Object.keys(schema) as (keyof Schema)[]) {
    const error = keywordError(schema, keyword, value, path);
    if (error) return error;
  }
  return undefined;
}

/** A request body's first error as Nova's 400 message, or undefined when the body is valid. */
export function bodyProblem(schema: Schema, body: unknown): string | undefined {
  const error = firstError(schema, body);
  if (!error) return undefined;
  if (error.path.length === 0) return error.message;
  const field = error.path[error.path.length - 1];
  return `Invalid input for field/attribute ${field}. Value: ${pythonStr(error.instance)}. ${error.message}`;
}

/** A query parameter's problem as Nova words it. */
export function queryProblem(name: string, value: string, schema: Schema): string | undefined {
  const error = firstError(schema, value);
  return error ? `Invalid input for query parameters ${name}. Value: ${value}. ${error.message}` : undefined;
}
