/**
 * Servers from `terraform show -json` (state form): `values.root_module`
 * with `resources[]` ({address, mode, type, values: {id, name}}) and nested
 * `child_modules[]` of the same shape.
 */
import { usageError } from "../errors";
import { JsonObject, SERVER_RESOURCE_TYPE, StackServer, isObject, serverName } from "./stack-server";

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
  collect(doc.values.root_module, servers);
  return servers;
}

function collect(module: JsonObject, into: StackServer[]): void {
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
  for (const child of children) if (isObject(child)) collect(child, into);
}
