/**
 * Servers from a Terraform state file (format version 4, Terraform 0.12+):
 * `resources[]` with mode "managed" and type openstack_compute_instance_v2,
 * each instance's `attributes.id`; `index_key` for count/for_each instances.
 */
import { usageError } from "../errors";
import { JsonObject, SERVER_RESOURCE_TYPE, StackServer, indexSuffix, isObject, serverName } from "./stack-server";

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
