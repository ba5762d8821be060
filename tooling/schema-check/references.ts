/**
 * References that name nothing the stack declares: `var.x` without a
 * `variable "x"`, `local.x` without a local, `data.T.n` or `T.n` (T a resource
 * type of a provider schema) without that element. `terraform validate`
 * refuses them ("Reference to undeclared input variable", ...), so the schema
 * check must too.
 */
import { SchemaProblem, formatPath } from "./problems";
import { isPlainObject } from "./value-type";

/** The `${ ... }` parts of a template, quoted strings inside them blanked out. */
function interpolations(template: string): string[] {
  const found: string[] = [];
  for (let start = template.indexOf("${"); start >= 0; start = template.indexOf("${", start + 2)) {
    if (start > 0 && template[start - 1] === "$") continue; // $${ is a literal
    let depth = 0;
    let inString = false;
    let body = "";
    for (let i = start + 1; i < template.length; i++) {
      const ch = template[i];
      if (inString) {
        if (ch === "\\") i++;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') {
        inString = true;
        body += '""';
      } else if (ch === "{") {
        depth++;
        if (depth > 1) body += ch;
      } else if (ch === "}") {
        if (--depth === 0) break;
        body += ch;
      } else body += ch;
    }
    found.push(body);
  }
  return found;
}

function keysOf(value: unknown): Set<string> {
  return new Set(isPlainObject(value) ? Object.keys(value) : []);
}

function namesByType(value: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (isPlainObject(value)) for (const [type, byName] of Object.entries(value)) out.set(type, keysOf(byName));
  return out;
}

const REFERENCE = /(?<![\w.\]])(var|local|data)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?|(?<![\w.\]])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g;

/** Every reference in the stack's strings that points at nothing declared. */
export function checkReferences(tf: Record<string, unknown>, resourceTypes: ReadonlySet<string>, problems: SchemaProblem[]): void {
  const variables = keysOf(tf.variable);
  const locals = keysOf(tf.locals);
  const resources = namesByType(tf.resource);
  const data = namesByType(tf.data);
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (typeof value === "string") {
      for (const expr of interpolations(value)) {
        for (const m of expr.matchAll(REFERENCE)) {
          const [, kind, name, dataName, type, resourceName] = m;
          let missing: string | undefined;
          if (kind === "var" && !variables.has(name)) missing = `input variable "${name}"; declare it (a TerraformVariable) or pass a value`;
          else if (kind === "local" && !locals.has(name)) missing = `local value "${name}"; declare it (a TerraformLocal) or pass a value`;
          else if (kind === "data" && dataName && !data.get(name)?.has(dataName)) missing = `data source ${name}.${dataName}`;
          else if (type && resourceTypes.has(type) && !resources.get(type)?.has(resourceName)) missing = `resource ${type}.${resourceName}`;
          if (missing) problems.push({ kind: "undeclared-reference", path: formatPath(path), message: `refers to an undeclared ${missing}` });
        }
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) if (k !== "//") walk(v, [...path, k]);
  };
  for (const section of ["resource", "data", "ephemeral", "output", "locals", "provider", "module"]) {
    if (tf[section] !== undefined) walk(tf[section], [section]);
  }
}
