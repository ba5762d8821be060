/** A server a deployed stack manages, as the state or outputs name it. */
export interface StackServer {
  /** What the operator calls it: the server's `name` attribute (see docs/cli.md, "Server names"). */
  readonly name: string;
  /** Nova server id; absent when only the name is known (an outputs file without server_ids). */
  readonly id?: string;
  /** Where it came from: a Terraform address (`openstack_compute_instance_v2.web[0]`) or an output path. */
  readonly address: string;
}

/** The resource type whose instances are servers. */
export const SERVER_RESOURCE_TYPE = "openstack_compute_instance_v2";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Terraform's instance address suffix: `[0]` for count, `["key"]` for for_each. */
export function indexSuffix(indexKey: unknown): string {
  if (typeof indexKey === "number") return `[${indexKey}]`;
  if (typeof indexKey === "string") return `[${JSON.stringify(indexKey)}]`;
  return "";
}

/** The name an operator knows a server by: its `name` attribute, or the address when it has none. */
export function serverName(attributes: JsonObject, address: string): string {
  const name = attributes.name;
  return typeof name === "string" && name !== "" ? name : address;
}
