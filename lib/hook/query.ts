/**
 * The hook's query: what Terraform's external data source sends on stdin, a
 * JSON object whose values are all strings (see "Hook query/result" in the
 * project notes). Every key and value is checked; each mistake is one line
 * naming the field, the problem and the fix. Credentials are refused: the
 * query lands in plans and state.
 */
import { DEFAULT_MICROVERSION, PROFILE_NAMES, isMicroversion, isProfileName, isUuid, pairProblem, type ConnectionSettings } from "../openstack";

export interface HookQuery {
  /** In the query's order. */
  readonly servers: ReadonlyArray<{ readonly name: string; readonly id: string }>;
  readonly pair: { readonly protocol: string; readonly type: string };
  readonly profile?: string;
  readonly tolerateUnavailable: boolean;
  /** Open every minted URL as a browser would before answering; a console that does not open counts as unavailable. */
  readonly probe: boolean;
  /** Overall deadline of the run. */
  readonly timeoutMs: number;
  /** Non-secret connection settings for resolveCloudConfig. */
  readonly settings: ConnectionSettings;
}

export class QueryError extends Error {
  constructor(
    readonly field: string,
    problem: string,
    fix: string,
  ) {
    super(`${field === "" ? "the query" : `query "${field}"`}: ${problem}; ${fix}`);
    this.name = "QueryError";
  }
}

const KNOWN_KEYS = [
  "servers",
  "protocol",
  "type",
  "profile",
  "microversion",
  "timeout",
  "tolerate_unavailable",
  "probe",
  "cloud",
  "region",
  "interface",
  "compute_endpoint",
  "cacert",
  "insecure",
] as const;
type QueryKey = (typeof KNOWN_KEYS)[number];

const CREDENTIAL_KEY = /pass|secret|token|credential/i;
const DEFAULT_TIMEOUT_SECONDS = 120;

export function parseQuery(text: string): HookQuery {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new QueryError("", "stdin is not JSON", 'run this program from a Terraform data "external" block, which sends the query as a JSON object of strings');
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new QueryError("", `stdin holds JSON ${Array.isArray(doc) ? "array" : doc === null ? "null" : typeof doc}, not an object`, 'send a JSON object of strings, as Terraform\'s data "external" query does');
  }
  const raw = doc as Record<string, unknown>;
  for (const [key, value] of Object.entries(raw)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      if (CREDENTIAL_KEY.test(key)) {
        throw new QueryError(key, "credentials must not travel in the query, which Terraform stores in plans and state", "remove it; the hook reads credentials from OS_* variables or clouds.yaml (OS_CLOUD), like the OpenStack provider");
      }
      throw new QueryError(key, "is not a query key the hook knows", `use only ${KNOWN_KEYS.join(", ")}`);
    }
    if (typeof value !== "string") {
      throw new QueryError(key, `is a JSON ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}, not a string`, "Terraform's query is a map of strings: pass it as a string (jsonencode() for structures)");
    }
  }
  const q = raw as Partial<Record<QueryKey, string>>;

  const protocol = q.protocol ?? "vnc";
  const type = q.type ?? "novnc";
  const profile = q.profile === undefined || q.profile === "" ? undefined : q.profile;
  if (profile !== undefined && !isProfileName(profile)) throw new QueryError("profile", `"${profile}" is not a known profile`, `use one of ${PROFILE_NAMES.join(", ")}, or leave it out`);
  const problem = pairProblem(protocol, type, profile);
  if (problem) throw new QueryError(q.type !== undefined ? "type" : "protocol", problem, "choose a protocol/type pair the cloud offers (vnc/novnc is the common one)");

  // Absent, the client's default applies (or the cloud's compute_api_version from clouds.yaml).
  const microversion = optional(q.microversion);
  if (microversion !== undefined && !isMicroversion(microversion)) {
    throw new QueryError("microversion", `"${microversion}" is not a microversion of the form X.Y`, `give one such as ${DEFAULT_MICROVERSION} (the default)`);
  }

  const timeoutSeconds = q.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(q.timeout);
  if (q.timeout !== undefined && (q.timeout.trim() === "" || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)) {
    throw new QueryError("timeout", `"${q.timeout}" is not a positive number of seconds`, `give the overall deadline in seconds, e.g. ${DEFAULT_TIMEOUT_SECONDS}`);
  }
  const timeoutMs = Math.round(timeoutSeconds * 1000);

  const iface = q.interface === undefined || q.interface === "" ? undefined : q.interface;
  if (iface !== undefined && iface !== "public" && iface !== "internal" && iface !== "admin") {
    throw new QueryError("interface", `"${iface}" is not a catalog interface`, "use public, internal or admin");
  }
  const computeEndpoint = optional(q.compute_endpoint);
  if (computeEndpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(computeEndpoint)) {
    throw new QueryError("compute_endpoint", `"${computeEndpoint}" is not an http(s) URL`, "give the compute URL, e.g. https://node:8774/v2.1, or leave it out to use the catalog's");
  }

  const settings: ConnectionSettings = {
    cloud: optional(q.cloud),
    region: optional(q.region),
    interface: iface,
    computeEndpoint,
    cacert: optional(q.cacert),
    insecure: q.insecure === undefined ? undefined : bool("insecure", q.insecure),
    microversion,
    deadlineMs: timeoutMs,
  };
  return {
    servers: parseServers(q.servers),
    pair: { protocol, type },
    profile,
    tolerateUnavailable: q.tolerate_unavailable === undefined ? false : bool("tolerate_unavailable", q.tolerate_unavailable),
    probe: q.probe === undefined ? false : bool("probe", q.probe),
    timeoutMs,
    settings,
  };
}

function parseServers(text: string | undefined): Array<{ name: string; id: string }> {
  const fix = "set it to jsonencode({ name = server.id, ... }) of the fleet's servers";
  if (text === undefined) throw new QueryError("servers", "is missing", fix);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new QueryError("servers", "is not JSON", fix);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new QueryError("servers", "is not a JSON object of server name to id", fix);
  const servers: Array<{ name: string; id: string }> = [];
  for (const [name, id] of Object.entries(doc as Record<string, unknown>)) {
    if (name.trim() === "") throw new QueryError("servers", "has an empty server name", "give every server its name as the key");
    if (typeof id !== "string") throw new QueryError("servers", `server "${name}" has a ${id === null ? "null" : typeof id} id, not a string`, fix);
    if (!isUuid(id)) throw new QueryError("servers", `server "${name}" has id "${id}", which is not a UUID`, "pass the servers' ids (openstack_compute_instance_v2.<name>.id), not their names");
    servers.push({ name, id });
  }
  return servers;
}

function bool(field: string, value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new QueryError(field, `"${value}" is not "true" or "false"`, 'give "true" or "false"');
}

function optional(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
