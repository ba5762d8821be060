/**
 * What a Terraform plan changes in place, and what clients read back: PUT
 * /servers/{id} (name, access IPs, description from 2.19, hostname from
 * 2.90), /metadata and /metadata/{key}, /tags and /tags/{tag} (2.26+), /ips
 * and /ips/{network}, each validated and refused in Nova's words.
 */
import type { Reply } from "../http/reply";
import { lockedRefusal } from "./actions";
import { visibleServer, type ApiCall, type ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { instanceNotFound, novaEmpty, novaFault, novaJson, policyRefused, versionedNotFound } from "./replies";
import { bodyProblem, type Schema } from "./schema";
import type { ServerEntry } from "./server-store";
import { changedView } from "./server-views";

/** nova.api.validation.parameter_types.metadata. */
export const METADATA_SCHEMA: Schema = {
  type: "object",
  patternProperties: { "^[a-zA-Z0-9-_:. ]{1,255}$": { type: "string", maxLength: 255 } },
  additionalProperties: false,
};

/** parameter_types.tag. */
export const TAG_SCHEMA: Schema = { type: "string", pattern: "^[^,/]*$", minLength: 1, maxLength: 60 };

/** Nova's default quota of metadata items per server. */
export const METADATA_ITEMS_QUOTA = 128;
/** objects.instance.MAX_TAG_COUNT. */
const MAX_TAGS = 50;

type Found = { ok: true; server: ServerEntry } | { ok: false; reply: Reply };

/** The server of the URL, visible and (for changes) writable and unlocked. */
function target(api: ApiCall, deps: ComputeDeps, change?: string): Found {
  const server = visibleServer(deps, api.caller, api.serverId!);
  if (!server) return { ok: false, reply: instanceNotFound(api.version, api.serverId!) };
  if (change === undefined) return { ok: true, server };
  if (!api.caller.canWrite) return { ok: false, reply: policyRefused(api.version, change) };
  const locked = lockedRefusal(api.version, server, api.caller.isAdmin);
  return locked ? { ok: false, reply: locked } : { ok: true, server };
}

function viewOf(api: ApiCall, deps: ComputeDeps, server: ServerEntry) {
  return changedView(server, { version: api.version, isAdmin: api.caller.isAdmin, links: api.links, flavor: (id) => deps.flavors.get(id) }, "update");
}

function updateSchema(version: string): Schema {
  const at = (v: string) => novaVersionAtLeast(version, v);
  const properties: Record<string, Schema> = {
    name: { type: "string", minLength: 1, maxLength: 255 },
    accessIPv4: { type: "string", format: "ipv4" },
    accessIPv6: { type: "string", format: "ipv6" },
    "OS-DCF:diskConfig": { type: "string", enum: ["AUTO", "MANUAL"] },
  };
  if (at("2.19")) properties.description = { type: ["string", "null"], maxLength: 255 };
  if (at("2.90")) properties.hostname = hostnameSchema(version);
  return {
    type: "object",
    properties: { server: { type: "object", properties, additionalProperties: false } },
    required: ["server"],
    additionalProperties: false,
  };
}

/** parameter_types.hostname (2.90): a label of 63; from 2.94 an FQDN of up to 255. */
export function hostnameSchema(version: string): Schema {
  return novaVersionAtLeast(version, "2.94")
    ? { type: "string", minLength: 2, maxLength: 255, pattern: "^[a-zA-Z0-9]+[a-zA-Z0-9-._]*[a-zA-Z0-9]+$" }
    : { type: "string", minLength: 2, maxLength: 63, pattern: "^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$" };
}

/** GET /servers/{id}/shares (2.97): the Manila shares attached; the emulator has no Manila, so none. */
export function serverShares(api: ApiCall, deps: ComputeDeps): Reply {
  if (!novaVersionAtLeast(api.version, "2.97")) return versionedNotFound(api.version);
  const found = target(api, deps);
  return found.ok ? novaJson(api.version, 200, { shares: [] }) : found.reply;
}

/** PUT /servers/{id}: 200 with the server as it now is. */
export function updateServer(api: ApiCall, deps: ComputeDeps): Reply {
  const problem = bodyProblem(updateSchema(api.version), api.body);
  if (problem) return novaFault(api.version, 400, problem);
  const found = target(api, deps, "os_compute_api:servers:update");
  if (!found.ok) return found.reply;
  const { server } = found;
  const spec = (api.body as { server: Record<string, unknown> }).server;
  if (typeof spec.name === "string") server.name = spec.name;
  if (typeof spec["OS-DCF:diskConfig"] === "string") server.diskConfig = spec["OS-DCF:diskConfig"];
  if (typeof spec.accessIPv4 === "string") server.accessIPv4 = spec.accessIPv4;
  if (typeof spec.accessIPv6 === "string") server.accessIPv6 = compactIPv6(spec.accessIPv6);
  if ("description" in spec) server.description = spec.description as string | null;
  if (typeof spec.hostname === "string") server.hostname = spec.hostname;
  deps.servers.touch(server);
  return novaJson(api.version, 200, { server: viewOf(api, deps, server) });
}

/** Nova stores IPv6 addresses as netaddr writes them: compressed, lower case. */
export function compactIPv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return address;
  }
}

const asStrings = (m: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)]));

function metadataQuota(version: string, count: number): Reply | undefined {
  return count > METADATA_ITEMS_QUOTA ? novaFault(version, 403, `Maximum number of metadata items exceeds ${METADATA_ITEMS_QUOTA}`) : undefined;
}

/** /servers/{id}/metadata[/{key}] by method; `key` undefined for the collection. */
export function serverMetadata(api: ApiCall, deps: ComputeDeps, key: string | undefined): Reply {
  const { version } = api;
  const method = api.call.method;
  if (method === "GET") {
    const found = target(api, deps);
    if (!found.ok) return found.reply;
    const { metadata } = found.server;
    if (key === undefined) return novaJson(version, 200, { metadata });
    if (!(key in metadata)) return novaFault(version, 404, "Metadata item was not found");
    return novaJson(version, 200, { meta: { [key]: metadata[key] } });
  }
  if (method === "DELETE") {
    const found = target(api, deps, "os_compute_api:server-metadata:delete");
    if (!found.ok) return found.reply;
    if (!(key! in found.server.metadata)) return novaFault(version, 404, "Metadata item was not found");
    delete found.server.metadata[key!];
    deps.servers.touch(found.server);
    return novaEmpty(version, 204);
  }
  const field = key === undefined ? "metadata" : "meta";
  const schema: Schema = { type: "object", properties: { [field]: METADATA_SCHEMA }, required: [field], additionalProperties: false };
  const problem = bodyProblem(schema, api.body);
  if (problem) return novaFault(version, 400, problem);
  const given = asStrings((api.body as Record<string, Record<string, unknown>>)[field]);
  if (key !== undefined) {
    const keys = Object.keys(given);
    if (keys.length > 1) return novaFault(version, 400, "Request body contains too many items");
    if (!(key in given)) return novaFault(version, 400, "Request body and URI mismatch");
  }
  const policy = method === "POST" ? "os_compute_api:server-metadata:create" : "os_compute_api:server-metadata:update";
  const found = target(api, deps, key === undefined && method === "PUT" ? "os_compute_api:server-metadata:update_all" : policy);
  if (!found.ok) return found.reply;
  const { server } = found;
  const next = method === "PUT" && key === undefined ? given : { ...server.metadata, ...given };
  const over = metadataQuota(version, Object.keys(next).length);
  if (over) return over;
  server.metadata = next;
  deps.servers.touch(server);
  return novaJson(version, 200, key === undefined ? { metadata: server.metadata } : { meta: given });
}

/** /servers/{id}/tags[/{tag}] (2.26+) by method. */
export function serverTags(api: ApiCall, deps: ComputeDeps, tag: string | undefined): Reply {
  const { version } = api;
  if (!novaVersionAtLeast(version, "2.26")) return versionedNotFound(version);
  const method = api.call.method;
  if (method === "GET") {
    const found = target(api, deps);
    if (!found.ok) return found.reply;
    if (tag === undefined) return novaJson(version, 200, { tags: found.server.tags });
    if (!found.server.tags.includes(tag)) return novaFault(version, 404, `Server ${found.server.id} has no tag '${tag}'`);
    return novaEmpty(version, 204);
  }
  let tags: string[] | undefined;
  if (method === "PUT" && tag === undefined) {
    const schema: Schema = { type: "object", properties: { tags: { type: "array", items: TAG_SCHEMA } }, required: ["tags"], additionalProperties: false };
    const problem = bodyProblem(schema, api.body);
    if (problem) return novaFault(version, 400, problem);
    tags = [...new Set((api.body as { tags: string[] }).tags)];
  } else if (method === "PUT") {
    const problem = bodyProblem(TAG_SCHEMA, tag);
    if (problem) return novaFault(version, 400, `Invalid input for field/attribute tag. Value: ${tag}. ${problem}`);
  }
  const policy = method === "DELETE" ? (tag === undefined ? "delete_all" : "delete") : tag === undefined ? "update_all" : "update";
  const found = target(api, deps, `os_compute_api:os-server-tags:${policy}`);
  if (!found.ok) return found.reply;
  const { server } = found;
  if (server.status === "BUILD" || server.taskState !== null) {
    const state = server.taskState === "deleting" ? "task_state deleting" : "vm_state building";
    return novaFault(version, 409, `Cannot '${method === "DELETE" ? "delete tags" : "update tags"}' instance ${server.id} while it is in ${state}`);
  }
  const tooMany = () => novaFault(version, 400, `The number of tags exceeded the per-server limit ${MAX_TAGS}`);
  if (tags !== undefined) {
    if (tags.length > MAX_TAGS) return tooMany();
    server.tags = tags;
    deps.servers.touch(server);
    return novaJson(version, 200, { tags });
  }
  if (method === "DELETE" && tag === undefined) {
    server.tags = [];
    deps.servers.touch(server);
    return novaEmpty(version, 204);
  }
  if (method === "DELETE") {
    if (!server.tags.includes(tag!)) return novaFault(version, 404, `Instance ${server.id} has no tag '${tag}'`);
    server.tags = server.tags.filter((t) => t !== tag);
    deps.servers.touch(server);
    return novaEmpty(version, 204);
  }
  if (server.tags.includes(tag!)) return novaEmpty(version, 204);
  if (server.tags.length >= MAX_TAGS) return tooMany();
  server.tags = [...server.tags, tag!];
  deps.servers.touch(server);
  const created = novaEmpty(version, 204);
  created.headers.Location = `${api.links.api}/servers/${server.id}/tags/${encodeURIComponent(tag!)}`;
  return { ...created, status: 201 };
}

/** GET /servers/{id}/ips[/{network}]: the addresses without Nova's extended keys. */
export function serverIps(api: ApiCall, deps: ComputeDeps, network: string | undefined): Reply {
  const found = target(api, deps);
  if (!found.ok) return found.reply;
  const addresses: Record<string, Array<{ version: number; addr: string }>> = {};
  if (found.server.host) for (const nic of found.server.nics) (addresses[nic.networkName] ??= []).push({ version: 4, addr: nic.ip });
  if (network === undefined) return novaJson(api.version, 200, { addresses });
  if (!(network in addresses)) return novaFault(api.version, 404, "Instance is not a member of specified network");
  return novaJson(api.version, 200, { [network]: addresses[network] });
}
