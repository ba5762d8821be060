import { isTemplate, isWholeExpression } from "./expressions";
import { SchemaProblem, formatPath } from "./problems";
import { TypeJson } from "./schema-types";

type Path = ReadonlyArray<string | number>;

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A value written the way a block is: an object, or a list of objects. */
export const looksLikeBlock = (v: unknown): boolean =>
  isPlainObject(v) || (Array.isArray(v) && v.length > 0 && v.every(isPlainObject));

/** Terraform's type names in its own notation, for messages. */
export function typeName(type: TypeJson): string {
  if (typeof type === "string") return type;
  const [kind, inner] = type;
  if (kind === "object") return `object({${Object.keys(inner as Record<string, TypeJson>).join(", ")}})`;
  if (kind === "tuple") return `tuple([${(inner as TypeJson[]).map(typeName).join(", ")}])`;
  return `${kind}(${typeName(inner as TypeJson)})`;
}

/** True when a value of this type may be a single object (a block written once). */
function acceptsObject(type: TypeJson): boolean {
  return type === "dynamic" || (Array.isArray(type) && (type[0] === "object" || type[0] === "map"));
}

/**
 * True when a block-like value (an object, or a list of objects) fits the
 * type, so writing it is not a block used in an attribute's place.
 */
export function acceptsBlockShape(type: TypeJson, value: unknown): boolean {
  if (isPlainObject(value)) return acceptsObject(type);
  if (type === "dynamic") return true;
  if (!Array.isArray(type)) return false;
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") return acceptsObject(inner as TypeJson);
  if (kind === "tuple") return (inner as TypeJson[]).some(acceptsObject);
  return false;
}

const describe = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;

/**
 * Checks a JSON value against a Terraform type the way Terraform converts
 * values: numbers and bools become strings, numeric strings numbers,
 * "true"/"false" bools. A whole `${...}` expression is unknown until plan and
 * stands for any type; a template with text around it yields a string.
 */
export function checkValue(value: unknown, type: TypeJson, path: Path, problems: SchemaProblem[]): void {
  if (value === null || type === "dynamic") return;
  if (typeof value === "string" && isWholeExpression(value)) return;
  const wrong = (why?: string): void => {
    problems.push({
      kind: "wrong-type",
      path: formatPath(path),
      message: `expected ${typeName(type)}, got ${describe(value)}${why ? ` (${why})` : ""}`,
    });
  };
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") wrong();
        return;
      case "number":
        if (typeof value === "number") return;
        if (typeof value === "string" && (isTemplate(value) || (value.trim() !== "" && Number.isFinite(Number(value))))) return;
        wrong();
        return;
      case "bool":
        if (typeof value === "boolean") return;
        if (typeof value === "string" && (isTemplate(value) || value === "true" || value === "false")) return;
        wrong();
        return;
    }
  }
  const [kind, inner] = type as Exclude<TypeJson, string>;
  switch (kind) {
    case "list":
    case "set":
      if (!Array.isArray(value)) return wrong(typeof value === "string" && isTemplate(value) ? "a template with text around ${...} is a string" : undefined);
      value.forEach((item, i) => checkValue(item, inner as TypeJson, [...path, i], problems));
      return;
    case "tuple": {
      const types = inner as TypeJson[];
      if (!Array.isArray(value) || value.length !== types.length) return wrong();
      value.forEach((item, i) => checkValue(item, types[i], [...path, i], problems));
      return;
    }
    case "map":
      if (!isPlainObject(value)) return wrong();
      for (const [k, v] of Object.entries(value)) checkValue(v, inner as TypeJson, [...path, k], problems);
      return;
    case "object": {
      if (!isPlainObject(value)) return wrong();
      const attrs = inner as Record<string, TypeJson>;
      for (const [k, v] of Object.entries(value)) {
        if (!(k in attrs)) {
          problems.push({ kind: "wrong-type", path: formatPath([...path, k]), message: `${typeName(type)} has no attribute "${k}"` });
        } else {
          checkValue(v, attrs[k], [...path, k], problems);
        }
      }
      return;
    }
  }
}
