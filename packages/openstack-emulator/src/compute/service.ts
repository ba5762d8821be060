/**
 * The Nova listener's routes and request pipeline, in the order real Nova
 * runs them: URL map (version documents need no token), keystonemiddleware
 * (401), the routes mapper (HTML 404), microversion negotiation (400/406),
 * content type (415), body decoding (400), the project id in the URL (400),
 * then the controller.
 */
import type { Endpoint } from "../endpoints";
import { matchEndpoint } from "../endpoints";
import type { IncomingCall, Routed } from "../http/call";
import type { Reply } from "../http/reply";
import type { Token, TokenStore } from "../identity/tokens";
import { actionName, serverAction } from "./actions";
import { showConsoleToken } from "./console-auth-tokens";
import { isLegacyAction } from "./console-schemas";
import { createRemoteConsole, NOT_SUPPORTED } from "./consoles";
import type { ApiCall, Caller, ComputeDeps } from "./context";
import { negotiate } from "./microversion";
import { novaFault, novaJson, plainJson, routeNotFound, unauthorized, withRequestIds } from "./replies";
import { flavorExtraSpecs, listFlavors, showFlavor } from "./flavors";
import { createKeypair, deleteKeypair, listKeypairs, showKeypair } from "./keypairs";
import { createServer, deleteServer, listServers, serverVolumes, showServer } from "./servers";
import { serverIps, serverMetadata, serverShares, serverTags, updateServer } from "./server-updates";
import { serverInterfaces } from "./interfaces";
import { listInstanceActions, showInstanceAction } from "./instance-actions";
import { listImages, showImage } from "./images";
import { availabilityZones, showLimits, showQuotas } from "./limits";
import { v20Document, v21Document, versionList } from "./versions";

export interface ComputeServiceDeps extends ComputeDeps {
  endpoints: readonly Endpoint[];
  tokens: TokenStore;
  origin: () => string;
  /** keystonemiddleware's www_authenticate_uri. */
  keystoneUri: () => string;
}

/** Nova's ProjectMapper accepts a project id of hex digits and dashes before the collection. */
const PROJECT_ID = /^[0-9a-f-]+$/;

type Operation = (api: ApiCall, deps: ComputeDeps) => Reply;

interface ApiRoute {
  key: string;
  serverId?: string;
  operation?: Operation;
}

/** Nova's collections the emulator does not model: Nova's own answer for a feature it lacks (501), never an HTML page. */
const UNSERVED_COLLECTIONS = new Set([
  "extensions",
  "os-aggregates",
  "os-assisted-volume-snapshots",
  "os-hosts",
  "os-hypervisors",
  "os-instance-usage-audit-log",
  "os-migrations",
  "os-quota-class-sets",
  "os-server-external-events",
  "os-server-groups",
  "os-services",
  "os-simple-tenant-usage",
  "os-snapshots",
  "os-volumes",
]);
const UNSERVED_SERVER_PARTS = new Set(["migrations", "os-server-password", "diagnostics", "topology", "os-security-groups"]);

const notServed: Operation = (api) => novaFault(api.version, 501, NOT_SUPPORTED);

function flavorRoute(method: string, segments: string[]): ApiRoute {
  if (method !== "GET" || segments.length > 3) return { key: "compute.flavors", operation: segments.length <= 4 ? notServed : undefined };
  if (segments.length === 1) return { key: "compute.flavors", operation: (a, d) => listFlavors(a, d, false) };
  const id = decodeURIComponent(segments[1]);
  if (segments.length === 2) {
    return { key: "compute.flavors", operation: id === "detail" ? (a, d) => listFlavors(a, d, true) : (a, d) => showFlavor(a, d, id) };
  }
  return { key: "compute.flavors", operation: segments[2] === "os-extra_specs" ? (a, d) => flavorExtraSpecs(a, d, id) : segments[2] === "os-flavor-access" ? notServed : undefined };
}

function keypairRoute(method: string, segments: string[]): ApiRoute {
  if (segments.length === 1) return { key: "compute.keypairs", operation: method === "GET" ? listKeypairs : method === "POST" ? createKeypair : undefined };
  if (segments.length > 2) return { key: "compute.keypairs" };
  const name = decodeURIComponent(segments[1]);
  const operation: Operation | undefined =
    method === "GET" ? (a, d) => showKeypair(a, d, name) : method === "DELETE" ? (a, d) => deleteKeypair(a, d, name) : undefined;
  return { key: "compute.keypairs", operation };
}

/** The methods a route answers: anything else is the routes mapper's 404, as in Nova. */
function only(method: string, allowed: string[], operation: Operation): Operation | undefined {
  return allowed.includes(method) ? operation : undefined;
}

function otherRoute(method: string, segments: string[]): ApiRoute {
  const [collection, ...rest] = segments;
  const key = "compute.other";
  if (collection === "os-console-auth-tokens" && rest.length === 1) return { key, operation: only(method, ["GET"], showConsoleToken) };
  if (collection === "limits" && rest.length === 0) return { key, operation: only(method, ["GET"], showLimits) };
  if (collection === "os-availability-zone" && rest.length <= 1 && (rest[0] ?? "detail") === "detail") {
    return { key, operation: only(method, ["GET"], (a, d) => availabilityZones(a, d, rest.length === 1)) };
  }
  if (collection === "os-quota-sets" && rest.length >= 1 && rest.length <= 2) {
    const project = decodeURIComponent(rest[0]);
    const view = rest.length === 1 ? "show" : rest[1] === "detail" ? "detail" : rest[1] === "defaults" ? "defaults" : undefined;
    if (view === undefined) return { key };
    return { key, operation: method === "GET" ? (a, d) => showQuotas(a, d, project, view) : ["PUT", "DELETE"].includes(method) && view === "show" ? notServed : undefined };
  }
  if (collection === "images" && rest.length <= 1) {
    const operation: Operation = rest.length === 0 ? (a, d) => listImages(a, d, false) : rest[0] === "detail" ? (a, d) => listImages(a, d, true) : (a, d) => showImage(a, d, decodeURIComponent(rest[0]));
    return { key, operation: only(method, ["GET"], operation) };
  }
  if (collection === "images") return { key, operation: notServed };
  if (UNSERVED_COLLECTIONS.has(collection) && rest.length <= 3) return { key, operation: notServed };
  return { key };
}

function serverPartRoute(method: string, serverId: string, part: string, item: string | undefined): ApiRoute {
  const at = (key: string, operation: Operation | undefined): ApiRoute => ({ key, serverId, operation });
  switch (part) {
    case "action":
      return at("compute.action", item === undefined && method === "POST" ? serverAction : undefined);
    case "remote-consoles":
      return at("compute.remote-consoles", item === undefined && method === "POST" ? createRemoteConsole : undefined);
    case "metadata":
      return at("compute.servers", only(method, item === undefined ? ["GET", "POST", "PUT"] : ["GET", "PUT", "DELETE"], (a, d) => serverMetadata(a, d, item)));
    case "tags":
      return at("compute.servers", only(method, item === undefined ? ["GET", "PUT", "DELETE"] : ["GET", "PUT", "DELETE"], (a, d) => serverTags(a, d, item)));
    case "ips":
      return at("compute.servers", only(method, ["GET"], (a, d) => serverIps(a, d, item)));
    case "os-interface":
      return at("compute.servers", only(method, item === undefined ? ["GET", "POST"] : ["GET", "DELETE"], (a, d) => serverInterfaces(a, d, item)));
    case "os-instance-actions":
      return at("compute.servers", only(method, ["GET"], item === undefined ? listInstanceActions : (a, d) => showInstanceAction(a, d, item)));
    case "shares":
      return at("compute.servers", item === undefined && method === "GET" ? serverShares : notServed);
    case "os-volume_attachments":
      return at("compute.servers", item === undefined && method === "GET" ? serverVolumes : notServed);
    default:
      return at("compute.other", UNSERVED_SERVER_PARTS.has(part) ? notServed : undefined);
  }
}

function apiRoute(method: string, segments: string[]): ApiRoute {
  if (segments.some((s) => s === "")) return { key: "compute.other" };
  if (segments[0] === "flavors") return flavorRoute(method, segments);
  if (segments[0] === "os-keypairs") return keypairRoute(method, segments);
  if (segments[0] !== "servers") return otherRoute(method, segments);
  if (segments.length > 4) return { key: "compute.other" };
  if (segments.length === 1) {
    const operation = method === "GET" ? (a: ApiCall, d: ComputeDeps) => listServers(a, d, false) : method === "POST" ? createServer : undefined;
    return { key: "compute.servers", operation };
  }
  const serverId = decodeURIComponent(segments[1]);
  if (segments.length === 2) {
    if (serverId === "detail" && method === "GET") return { key: "compute.servers", operation: (a, d) => listServers(a, d, true) };
    const operation = method === "GET" ? showServer : method === "DELETE" ? deleteServer : method === "PUT" ? updateServer : undefined;
    return { key: "compute.servers", serverId, operation };
  }
  return serverPartRoute(method, serverId, segments[2], segments[3] === undefined ? undefined : decodeURIComponent(segments[3]));
}

const ACCEPTED_TYPES = ["application/json", "application/vnd.openstack.compute+json", "text/plain", ""];

type Decoded = { ok: true; body: unknown } | { ok: false };

function decode(body: Buffer): Decoded {
  if (body.length === 0) return { ok: true, body: null };
  try {
    return { ok: true, body: JSON.parse(body.toString("utf8")) };
  } catch {
    return { ok: false };
  }
}

function callerOf(token: Token): Caller {
  const roles = token.roles.map((r) => r.name);
  const isAdmin = roles.includes("admin");
  return {
    token,
    projectId: token.scope.kind === "project" ? token.scope.project.id : null,
    userId: token.user.id,
    isAdmin,
    canWrite: isAdmin || roles.includes("member"),
  };
}

export class ComputeService {
  constructor(private readonly deps: ComputeServiceDeps) {}

  route(call: IncomingCall): Routed {
    const { endpoint, rest } = matchEndpoint(this.deps.endpoints, call.path);
    const base = this.deps.origin() + endpoint.prefix;
    const max = this.deps.config.maxMicroversion;
    const at = { endpoint: endpoint.key };
    if (rest === "" || rest === "/") return { ...at, key: "compute.versions", handle: () => plainJson(200, versionList(base, max)) };
    if (rest === "/v2" || rest === "/v2/") {
      return { ...at, key: "compute.versions", handle: () => withRequestIds(plainJson(200, v20Document(base))) };
    }
    if (rest === "/v2.1" || rest === "/v2.1/") return { ...at, key: "compute.versions", handle: () => this.v21(call, base) };
    if (!rest.startsWith("/v2.1/")) return { ...at, key: "compute.other", handle: routeNotFound };

    const segments = rest.slice("/v2.1/".length).split("/");
    const projectInUrl = segments.length > 1 && PROJECT_ID.test(segments[0]) ? segments.shift() : undefined;
    const route = apiRoute(call.method, segments);
    const decoded = call.method === "POST" || call.method === "PUT" ? decode(call.body) : ({ ok: true, body: null } as const);
    const isConsole =
      call.method === "POST" &&
      (route.key === "compute.remote-consoles" ||
        (route.key === "compute.action" && decoded.ok && isLegacyAction(actionName(decoded.body) ?? "")));
    return {
      ...at,
      key: route.key,
      consoleServerId: isConsole ? route.serverId : undefined,
      handle: () => this.api(call, route, decoded, base, projectInUrl),
    };
  }

  private v21(call: IncomingCall, base: string): Reply {
    const negotiated = negotiate(call.headers, this.deps.config.maxMicroversion);
    if (!negotiated.ok) return novaFault(negotiated.status === 406 ? negotiated.version : null, negotiated.status, negotiated.message);
    return novaJson(negotiated.version, 200, v21Document(base, this.deps.config.maxMicroversion));
  }

  private api(call: IncomingCall, route: ApiRoute, decoded: Decoded, base: string, projectInUrl: string | undefined): Reply {
    const token = this.deps.tokens.valid(call.header("x-auth-token"));
    if (!token) return unauthorized(this.deps.keystoneUri());
    if (!route.operation) return routeNotFound();

    const negotiated = negotiate(call.headers, this.deps.config.maxMicroversion);
    if (!negotiated.ok) return novaFault(negotiated.status === 406 ? negotiated.version : null, negotiated.status, negotiated.message);
    const { version } = negotiated;

    const contentType = (call.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (call.body.length > 0 && !ACCEPTED_TYPES.includes(contentType)) return novaFault(version, 415, "Unsupported Content-Type");
    if (!decoded.ok) return novaFault(version, 400, "Malformed request body");

    const caller = callerOf(token);
    if (projectInUrl !== undefined && projectInUrl !== caller.projectId) {
      return novaFault(
        version,
        400,
        `Malformed request URL: URL's project_id '${projectInUrl}' doesn't match Context's project_id '${caller.projectId ?? "None"}'`,
      );
    }
    const scoped = projectInUrl ? `/${projectInUrl}` : "";
    const api: ApiCall = {
      call,
      version,
      caller,
      body: decoded.body,
      links: { api: `${base}/v2.1${scoped}`, bookmark: `${base}${scoped}` },
      serverId: route.serverId,
    };
    return route.operation(api, this.deps);
  }
}
