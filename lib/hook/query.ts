/**
 * The hook's query: what Terraform's external data source sends on stdin, a
 * JSON object whose values are all strings. Keys, defaults and rules are the
 * hook contract's (lib/hook-contract), the ones RemoteConsole writes by.
 * Every key and value is checked; each mistake is one line naming the key,
 * the problem and the fix. Credentials are refused: the query lands in plans
 * and state.
 */
import {
  ConsoleOptionError,
  ConsoleServersError,
  QUERY_KEYS,
  SERVERS_KEY,
  consoleSettings,
  decodeConsoleQuery,
  decodeServers,
  queryKeyOf,
} from "../hook-contract";
import type { ConnectionSettings, ConsolePair } from "../openstack";

export interface HookQuery {
  /** In the query's order. */
  readonly servers: ReadonlyArray<{ readonly name: string; readonly id: string }>;
  readonly pair: ConsolePair;
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
    /** The query key at fault ("protocol/type" when the pair is), or "" when stdin is not a JSON object. */
    readonly field: string,
    problem: string,
    fix: string,
  ) {
    super(`${field === "" ? "the query" : `query "${field}"`}: ${problem}; ${fix}`);
    this.name = "QueryError";
  }
}

const CREDENTIAL_KEY = /pass|secret|token|credential/i;

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
    if (!QUERY_KEYS.includes(key)) {
      if (CREDENTIAL_KEY.test(key)) {
        throw new QueryError(key, "credentials must not travel in the query, which Terraform stores in plans and state", "remove it; the hook reads credentials from OS_* variables or clouds.yaml (OS_CLOUD), like the OpenStack provider");
      }
      throw new QueryError(key, "is not a query key the hook knows", `use only ${QUERY_KEYS.join(", ")}`);
    }
    if (typeof value !== "string") {
      throw new QueryError(key, `is a JSON ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}, not a string`, "Terraform's query is a map of strings: pass it as a string (jsonencode() for structures)");
    }
  }
  const query = raw as Record<string, string>;

  let settings;
  try {
    settings = consoleSettings(decodeConsoleQuery(query));
  } catch (err) {
    if (!(err instanceof ConsoleOptionError)) throw err;
    throw new QueryError(err.options.map(queryKeyOf).join("/"), err.problem, err.fix);
  }
  let servers;
  try {
    servers = decodeServers(query[SERVERS_KEY]);
  } catch (err) {
    if (!(err instanceof ConsoleServersError)) throw err;
    throw new QueryError(SERVERS_KEY, err.problem, err.fix);
  }
  const timeoutMs = Math.round(settings.timeoutSeconds * 1000);
  return {
    servers,
    pair: { protocol: settings.protocol, type: settings.type },
    profile: settings.profile,
    tolerateUnavailable: settings.tolerateUnavailable,
    probe: settings.probe,
    timeoutMs,
    settings: {
      cloud: settings.cloud,
      region: settings.region,
      interface: settings.interface,
      computeEndpoint: settings.computeEndpoint,
      cacert: settings.cacert,
      insecure: settings.insecure,
      // Absent, resolveCloudConfig takes clouds.yaml's compute_api_version, else the client's default (2.8).
      microversion: settings.microversion,
      deadlineMs: timeoutMs,
    },
  };
}
