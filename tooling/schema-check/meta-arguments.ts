import { isWholeExpression } from "./expressions";
import { SchemaProblem, formatPath } from "./problems";
import { isPlainObject } from "./value-type";

type Path = ReadonlyArray<string | number>;

/** Terraform's meta-arguments, which no provider schema lists. */
export const RESOURCE_META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"]);
export const DATA_META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle"]);
export const PROVIDER_META = new Set(["alias", "version"]);

const LIFECYCLE_KEYS = new Set([
  "create_before_destroy",
  "prevent_destroy",
  "ignore_changes",
  "replace_triggered_by",
  "precondition",
  "postcondition",
]);

const isExpr = (v: unknown): boolean => typeof v === "string" && isWholeExpression(v);

/** Checks the shape of a meta-argument's value. */
export function checkMetaArgument(name: string, value: unknown, path: Path, problems: SchemaProblem[]): void {
  const bad = (message: string): void => {
    problems.push({ kind: "bad-meta-argument", path: formatPath(path), message });
  };
  switch (name) {
    case "depends_on":
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) bad("depends_on must be a list of references");
      return;
    case "count":
      if (!(typeof value === "number" && Number.isInteger(value) && value >= 0) && !isExpr(value)) bad("count must be a whole number or an expression");
      return;
    case "for_each":
      if (!isPlainObject(value) && !Array.isArray(value) && !isExpr(value)) bad("for_each must be a map, a set or an expression");
      return;
    case "provider":
    case "alias":
    case "version":
      if (typeof value !== "string") bad(`${name} must be a string`);
      return;
    case "lifecycle":
      if (!isPlainObject(value)) return bad("lifecycle must be a block (an object)");
      for (const key of Object.keys(value)) {
        if (!LIFECYCLE_KEYS.has(key)) {
          problems.push({ kind: "bad-meta-argument", path: formatPath([...path, key]), message: `lifecycle has no argument "${key}"` });
        }
      }
      return;
    default:
      return; // provisioner, connection: provisioners have their own schemas, outside the providers'
  }
}
