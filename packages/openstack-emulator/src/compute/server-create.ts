/**
 * POST /servers in Nova's order: the request schema of the microversion
 * (400), policy (403), then the checks of the API and compute API, each
 * refused as real Nova words it (recorded on the harness): the flavor
 * ("Flavor X could not be found."), the image ("Can not find requested
 * image", "Missing imageRef attribute"), the key pair ("Invalid key_name
 * provided."), security groups, and networks ("Network X could not be
 * found.", auto allocation, several candidates). Accepted servers get a port
 * on each network and stay BUILD for `taskStateMs`.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { pythonRepr, pythonStr } from "../http/python-format";
import type { Reply } from "../http/reply";
import type { NetworkEntry } from "../network/store";
import type { ApiCall, ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { recordAction } from "./instance-actions";
import { novaFault, novaJson, policyRefused, withRequestId } from "./replies";
import { bodyProblem, type Schema } from "./schema";
import type { ServerNic } from "./server-store";
import { serverLinks } from "./server-views";
import { compactIPv6, hostnameSchema, METADATA_SCHEMA } from "./server-updates";

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** Nova's multi_instance_display_name_template. */
const MULTI_NAME = (name: string, n: number) => `${name}-${n}`;

function createSchema(version: string): Schema {
  const at = (v: string) => novaVersionAtLeast(version, v);
  const needsNetworks = at("2.37");
  const properties: Record<string, Schema> = {
    name: { type: "string", minLength: 1, maxLength: 255 },
    imageRef: { type: "string" },
    flavorRef: { type: ["string", "integer"], minLength: 1 },
    adminPass: { type: "string" },
    metadata: METADATA_SCHEMA,
    networks: needsNetworks ? { type: ["array", "string"] } : { type: "array" },
    "OS-DCF:diskConfig": { type: "string", enum: ["AUTO", "MANUAL"] },
    accessIPv4: { type: "string", format: "ipv4" },
    accessIPv6: { type: "string", format: "ipv6" },
    availability_zone: { type: "string" },
    block_device_mapping: { type: "array" },
    block_device_mapping_v2: { type: "array" },
    config_drive: { type: ["boolean", "string", "null"] },
    key_name: { type: "string" },
    min_count: { type: ["integer", "string"], pattern: "^[0-9]*$", minimum: 1 },
    max_count: { type: ["integer", "string"], pattern: "^[0-9]*$", minimum: 1 },
    return_reservation_id: { type: ["boolean", "string"] },
    security_groups: { type: "array" },
    user_data: { type: "string" },
  };
  if (!at("2.57")) properties.personality = { type: "array" };
  if (at("2.19")) properties.description = { type: ["string", "null"], maxLength: 255 };
  if (at("2.52")) properties.tags = { type: "array" };
  if (at("2.63")) properties.trusted_image_certificates = { type: ["array", "null"] };
  if (at("2.74")) Object.assign(properties, { host: { type: "string" }, hypervisor_hostname: { type: "string" } });
  if (at("2.90")) properties.hostname = hostnameSchema(version);
  return {
    type: "object",
    properties: {
      server: {
        type: "object",
        properties,
        required: needsNetworks ? ["name", "flavorRef", "networks"] : ["name", "flavorRef"],
        additionalProperties: false,
      },
      "os:scheduler_hints": { type: "object" },
      "OS-SCH-HNT:scheduler_hints": { type: "object" },
    },
    required: ["server"],
    additionalProperties: false,
  };
}

interface ServerRequest {
  name: string;
  flavorRef: string | number;
  imageRef?: string;
  networks?: unknown;
  key_name?: string;
  metadata?: Record<string, unknown>;
  tags?: unknown[];
  security_groups?: Array<{ name?: unknown }>;
  block_device_mapping_v2?: Array<Record<string, unknown>>;
  user_data?: string;
  adminPass?: string;
  "OS-DCF:diskConfig"?: string;
  return_reservation_id?: boolean | string;
  accessIPv4?: string;
  accessIPv6?: string;
  description?: string | null;
  hostname?: string;
  min_count?: number | string;
  max_count?: number | string;
}

const notValidUnder = (field: string, value: unknown): string =>
  `Invalid input for field/attribute ${field}. Value: ${pythonStr(value)}. ${pythonRepr(value)} is not valid under any of the given schemas`;

/** What the schema's formats and oneOfs refuse, after the plain keywords. */
function formatProblem(spec: ServerRequest, version: string): string | undefined {
  if (spec.imageRef !== undefined && spec.imageRef !== "" && !UUID.test(spec.imageRef)) return notValidUnder("imageRef", spec.imageRef);
  const nets = spec.networks;
  if (typeof nets === "string" && !["none", "auto"].includes(nets)) return notValidUnder("networks", nets);
  if (Array.isArray(nets)) {
    const bad = nets.some((n) => {
      if (n === null || typeof n !== "object") return true;
      const { uuid, port } = n as { uuid?: unknown; port?: unknown };
      return (uuid !== undefined && (typeof uuid !== "string" || !UUID.test(uuid))) || (port !== undefined && (typeof port !== "string" || !UUID.test(port)));
    });
    if (bad) return notValidUnder("networks", nets);
    if (novaVersionAtLeast(version, "2.37") && nets.length === 0) return notValidUnder("networks", nets);
    for (const n of nets as Array<{ fixed_ip?: unknown }>) {
      // fixed_ip: oneOf ipv4, ipv6.
      if (n.fixed_ip !== undefined && (typeof n.fixed_ip !== "string" || (!isIPv4(n.fixed_ip) && !isIPv6(n.fixed_ip)))) return notValidUnder("fixed_ip", n.fixed_ip);
    }
  }
  for (const tag of spec.tags ?? []) {
    if (typeof tag !== "string" || tag.length > 60 || tag.includes(",") || tag.includes("/") || tag === "") {
      return `Invalid input for field/attribute tags. Value: ${pythonStr(spec.tags)}. ${pythonRepr(tag)} does not match '^[^,/]*$'`;
    }
  }
  return undefined;
}

type Resolved = { ok: true; networks: NetworkEntry[] } | { ok: false; reply: Reply };

/** The networks a server gets, as Nova's network API validates and picks them. */
function resolveNetworks(api: ApiCall, deps: ComputeDeps, requested: unknown): Resolved {
  const { version, caller } = api;
  const fail = (status: number, message: string): Resolved => ({ ok: false, reply: novaFault(version, status, message) });
  if (requested === "none") return { ok: true, networks: [] };
  const visible = deps.networks.visibleNetworks(caller.projectId, caller.isAdmin);
  if (requested === undefined || requested === "auto") {
    const candidates = visible.filter((n) => !n.external && (n.projectId === caller.projectId || n.shared));
    if (candidates.length === 1) return { ok: true, networks: candidates };
    if (candidates.length > 1) return fail(409, "Multiple possible networks found, use a Network ID to be more specific.");
    if (requested === undefined) return { ok: true, networks: [] };
    return fail(400, `Unable to automatically allocate a network for project ${caller.projectId}`);
  }
  const networks: NetworkEntry[] = [];
  for (const item of requested as Array<{ uuid?: string; port?: string }>) {
    if (item.port !== undefined) return fail(400, `Port id ${item.port} could not be found.`);
    const network = item.uuid === undefined ? undefined : deps.networks.network(item.uuid);
    if (!network || !visible.includes(network)) return fail(400, `Network ${item.uuid} could not be found.`);
    if (network.external && !network.shared && !caller.isAdmin) return fail(403, `It is not allowed to create an interface on external network ${network.id}`);
    networks.push(network);
  }
  return { ok: true, networks };
}

function count(value: number | string | undefined, fallback: number): number {
  const n = typeof value === "string" ? Number(value) : value;
  return n === undefined || !Number.isInteger(n) || n < 1 ? fallback : n;
}

/** os:scheduler_hints (or the old OS-SCH-HNT: spelling) as given: shown in the server from 2.100. */
function schedulerHints(body: unknown): Record<string, unknown> {
  const b = body as Record<string, unknown>;
  const hints = b["os:scheduler_hints"] ?? b["OS-SCH-HNT:scheduler_hints"];
  return hints && typeof hints === "object" ? { ...(hints as Record<string, unknown>) } : {};
}

export function createServer(api: ApiCall, deps: ComputeDeps): Reply {
  const { version, caller } = api;
  const problem = bodyProblem(createSchema(version), api.body);
  if (problem) return novaFault(version, 400, problem);
  const spec = (api.body as { server: ServerRequest }).server;
  const format = formatProblem(spec, version);
  if (format) return novaFault(version, 400, format);
  if (!caller.canWrite || caller.projectId === null) return policyRefused(version, "os_compute_api:servers:create");

  // The boot device: a volume (boot from volume) or, with destination "local", the image itself.
  const bootDevice = (spec.block_device_mapping_v2 ?? []).find((b) => String(b.boot_index ?? "") === "0");
  const bootVolume = bootDevice?.destination_type === "volume" ? bootDevice : undefined;
  const imageRef = spec.imageRef || (bootDevice?.source_type === "image" ? String(bootDevice.uuid ?? "") : undefined);
  if (!bootVolume && (imageRef === undefined || imageRef === "")) return novaFault(version, 400, "Missing imageRef attribute");
  const flavorId = String(spec.flavorRef);
  if (!deps.flavors.get(flavorId)) return novaFault(version, 400, `Flavor ${flavorId} could not be found.`);
  if (imageRef && !deps.images.get(imageRef)) return novaFault(version, 400, "Can not find requested image");
  if (spec.key_name !== undefined && !deps.keypairs.get(caller.userId, spec.key_name)) return novaFault(version, 400, "Invalid key_name provided.");
  const groups = (spec.security_groups ?? [{ name: "default" }]).map((g) => String(g?.name ?? ""));
  const projectGroups = deps.networks.groupsOf(caller.projectId, false).filter((g) => g.projectId === caller.projectId);
  const groupOf = (g: string) => projectGroups.find((pg) => pg.name === g) ?? projectGroups.find((pg) => pg.id === g);
  const unknownGroup = groups.find((g) => groupOf(g) === undefined);
  if (unknownGroup !== undefined) return novaFault(version, 400, `Unable to find security_group with name or id '${unknownGroup}'`);
  const resolved = resolveNetworks(api, deps, spec.networks);
  if (!resolved.ok) return resolved.reply;

  const instances = count(spec.max_count, count(spec.min_count, 1));
  const min = count(spec.min_count, 1);
  if (spec.min_count !== undefined && spec.max_count !== undefined && min > instances) return novaFault(version, 400, "min_count must be <= max_count");
  const fixedIp = Array.isArray(spec.networks) && (spec.networks as Array<{ fixed_ip?: string }>).some((n) => n.fixed_ip !== undefined);
  if (fixedIp && instances > 1) return novaFault(version, 400, "max_count cannot be greater than 1 if an fixed_ip is specified.");
  const requestId = `req-${randomUUID()}`;
  let first: string | undefined;
  for (let n = 1; n <= instances; n++) {
    const id = randomUUID();
    const nics: ServerNic[] = [];
    for (const network of resolved.networks) {
      const port = deps.networks.createPort(network, caller.projectId, id);
      if (!port) return novaFault(version, 409, `No more IP addresses available on network ${network.id}.`);
      nics.push({ portId: port.id, networkId: network.id, networkName: network.name, subnetId: port.subnetId, ip: port.ip, mac: port.mac });
    }
    const entry = deps.servers.add({
      id,
      name: instances > 1 ? MULTI_NAME(spec.name, n) : spec.name,
      projectId: caller.projectId,
      userId: caller.userId,
      flavorRef: flavorId,
      imageRef: bootVolume ? "" : imageRef,
      keyName: spec.key_name ?? null,
      metadata: Object.fromEntries(Object.entries(spec.metadata ?? {}).map(([k, v]) => [k, String(v)])),
      tags: (spec.tags ?? []) as string[],
      nics,
      securityGroups: groups.map((g) => groupOf(g)!.name),
      volumes: bootVolume ? [randomUUID()] : [],
      buildMs: deps.config.taskStateMs,
      userData: spec.user_data ?? null,
      accessIPv4: spec.accessIPv4,
      diskConfig: spec["OS-DCF:diskConfig"],
      accessIPv6: spec.accessIPv6 === undefined ? undefined : compactIPv6(spec.accessIPv6),
      description: spec.description,
      hostname: spec.hostname,
      schedulerHints: schedulerHints(api.body),
    });
    recordAction(entry, "create", caller, requestId);
    first ??= entry.id;
  }
  const links = serverLinks(api.links, "servers", first!);
  if (spec.return_reservation_id === true || spec.return_reservation_id === "True" || spec.return_reservation_id === "true") {
    return withRequestId(novaJson(version, 202, { reservation_id: `r-${first!.slice(0, 8)}` }), requestId);
  }
  const reply = novaJson(
    version,
    202,
    {
      server: {
        id: first,
        links,
        "OS-DCF:diskConfig": spec["OS-DCF:diskConfig"] ?? "MANUAL",
        security_groups: groups.map((name) => ({ name })),
        adminPass: spec.adminPass ?? randomBytes(9).toString("base64url"),
      },
    },
    { Location: links[0].href },
  );
  return withRequestId(reply, requestId);
}
