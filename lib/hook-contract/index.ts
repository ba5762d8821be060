/**
 * The console hook's contract: the query a RemoteConsole writes into its
 * `data "external"` block, the query the hook reads on stdin, and the output
 * ids stacks expose. Constructs and hook both import this one module (it
 * imports only the console matrix and node:path: no cdktf, no HTTP), so keys,
 * defaults, encoding and validation rules cannot drift apart.
 *
 * Adding an option is one entry in CONSOLE_OPTIONS: its query key, its
 * documentation, how its value is written and read, and its rule.
 * `ConsoleOptions` (the construct props) is derived from that table.
 */
import * as path from "node:path";
import {
  BASE_MICROVERSION,
  CONSOLE_PAIRS,
  CONSOLE_PROFILES,
  DEFAULT_MICROVERSION,
  DEFAULT_PAIR,
  PROFILE_NAMES,
  compareMicroversions,
  isMicroversion,
  isProfileName,
  pairProblem,
  protocolForType,
  resolvePair,
  type ConsolePair,
} from "../console-matrix";

// ---- output ids ------------------------------------------------------------

/** Output id of the map of every console URL in a stack (sensitive). */
export const CONSOLE_URLS_OUTPUT = "console_urls";
/** Output id of the map of server name to Nova id that FleetStack writes and `os-console from-stack` reads. */
export const SERVER_IDS_OUTPUT = "server_ids";
const PER_SERVER_PREFIX = "console_url_";

/**
 * `console_url_<name>` with the name reduced to letters, digits and
 * underscores, so the id is valid in Terraform and plain in jq and shells.
 */
export function consoleUrlOutputId(serverName: string): string {
  return PER_SERVER_PREFIX + serverName.replace(/[^A-Za-z0-9_]/g, "_");
}

// ---- ids ---------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * OpenStack ids (Nova servers, Glance images, Neutron networks, server
 * groups) in their canonical 8-4-4-4-12 form, any case: the form the APIs
 * and Terraform's state hold them in, so a dashless id would match nothing.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

// ---- options -----------------------------------------------------------------

/** Overall deadline of one hook run when the query names none. */
const DEFAULT_TIMEOUT_SECONDS = 120;

/** Why a value cannot be used, and what to do instead. */
interface Refusal {
  readonly problem: string;
  readonly fix: string;
}

interface OptionSpec<T> {
  /** The query key the value travels under. */
  readonly key: string;
  /** The JSON type of the value in a fleet file; `values` lists an enum's. */
  readonly kind: "string" | "boolean" | "number";
  readonly values?: readonly string[];
  /** The string the query carries. */
  readonly encode: (value: T) => string;
  /** The value a query string means, or why it means none. */
  readonly decode: (text: string) => T | Refusal;
  /** The rule every given value meets, on both sides; undefined when it does. */
  readonly check: (value: T) => Refusal | undefined;
}

const isRefusal = (v: unknown): v is Refusal => typeof v === "object" && v !== null && "problem" in v && "fix" in v;

function text(key: string, check: (value: string) => Refusal | undefined, emptyFix: string): OptionSpec<string> {
  return {
    key,
    kind: "string",
    encode: (v) => v,
    decode: (t) => t,
    check: (v) => (v.trim() === "" ? { problem: "is empty", fix: emptyFix } : check(v)),
  };
}

function flag(key: string): OptionSpec<boolean> {
  return {
    key,
    kind: "boolean",
    encode: (v) => String(v),
    decode: (t) => (t === "true" ? true : t === "false" ? false : { problem: `${JSON.stringify(t)} is not "true" or "false"`, fix: 'give "true" or "false"' }),
    check: (v) => (typeof v === "boolean" ? undefined : { problem: `${String(v)} is not true or false`, fix: "give true or false" }),
  };
}

const SECONDS_FIX = `give the hook's overall deadline in seconds, e.g. ${DEFAULT_TIMEOUT_SECONDS}`;
const INTERFACES = ["public", "internal", "admin"] as const;
const ok = (): undefined => undefined;

/**
 * Every console option: the construct prop (the property name), its query
 * key, its documentation and its rule. Protocol, type, profile and
 * microversion are also checked together (checkConsoleOptions).
 */
const CONSOLE_OPTIONS = {
  /** Console protocol: vnc, spice, serial, rdp or mks. @default inferred from `type`, else the profile's default pair, else "vnc" */
  protocol: text("protocol", ok, "name a protocol such as vnc, or leave it out"),
  /** Console type, e.g. novnc. @default the first type of `protocol` the profile offers, else "novnc" */
  type: text("type", ok, "name a console type such as novnc, or leave it out"),
  /** Cloud profile to check the pair against, at synth and in the hook: upstream, zed or virtuozzo (vnc/novnc only). @default none: any pair Nova knows */
  profile: text(
    "profile",
    (v) => (isProfileName(v) ? undefined : { problem: `${JSON.stringify(v)} is not a known profile`, fix: `use one of ${PROFILE_NAMES.join(", ")}, or leave it out` }),
    "name a profile, or leave it out",
  ),
  /**
   * Compute microversion to ask for; the hook raises it to what the pair needs.
   * @default the cloud's `compute_api_version` in clouds.yaml (or OS_COMPUTE_API_VERSION), else "2.8"
   */
  microversion: text(
    "microversion",
    (v) =>
      isMicroversion(v) && compareMicroversions(v, BASE_MICROVERSION) >= 0
        ? undefined
        : { problem: `${JSON.stringify(v)} is not a compute microversion`, fix: `give one of the form 2.N, e.g. ${DEFAULT_MICROVERSION}, or leave it out` },
    "give a microversion, or leave it out",
  ),
  /** Overall deadline of one hook run, in seconds (Terraform gives external programs none). @default 120 */
  timeout: {
    key: "timeout",
    kind: "number",
    encode: (v: number) => String(v),
    decode: (t: string): number | Refusal => {
      const n = t.trim() === "" ? Number.NaN : Number(t);
      return Number.isFinite(n) ? n : { problem: `${JSON.stringify(t)} is not a number of seconds`, fix: SECONDS_FIX };
    },
    check: (v: number) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? undefined : { problem: `${String(v)} is not a positive number of seconds`, fix: SECONDS_FIX }),
  } satisfies OptionSpec<number>,
  /** Give "" for servers whose console cannot be had (and say so on stderr) instead of failing the read. @default false */
  tolerateUnavailable: flag("tolerate_unavailable"),
  /**
   * Open every minted URL as a browser would (console page, WebSocket with the token, RFB handshake)
   * before answering Terraform: a console that does not open fails the read, with the step that failed,
   * or gives "" with `tolerateUnavailable`. @default false
   */
  probe: flag("probe"),
  /** clouds.yaml entry. @default `OS_CLOUD`, else the `OS_*` variables */
  cloud: text("cloud", ok, "name one, or leave it out to use the environment"),
  /** Catalog region. @default `OS_REGION_NAME`, else the cloud's */
  region: text("region", ok, "name one, or leave it out to use the environment"),
  // The rule admits only the three names, so a checked value is one of them.
  /** Catalog interface of the compute endpoint. @default "public" */
  interface: {
    ...text(
      "interface",
      (v) => ((INTERFACES as readonly string[]).includes(v) ? undefined : { problem: `${JSON.stringify(v)} is not a catalog interface`, fix: "use public, internal or admin" }),
      "use public, internal or admin, or leave it out",
    ),
    values: INTERFACES,
  } as unknown as OptionSpec<(typeof INTERFACES)[number]>,
  /** Compute endpoint URL to use instead of the catalog's (e.g. `https://node:8774/v2.1`). @default from the catalog */
  computeEndpoint: text(
    "compute_endpoint",
    (v) => (/^https?:\/\/[^/\s]+/.test(v) ? undefined : { problem: `${JSON.stringify(v)} is not an http(s) URL`, fix: "give the compute root, e.g. https://node:8774/v2.1, or leave it out to use the catalog's" }),
    "give a URL, or leave it out to use the catalog's",
  ),
  /** Absolute path of a CA bundle to verify the cloud's TLS certificates. @default the system CAs (or OS_CACERT) */
  cacert: text(
    "cacert",
    // The hook runs in cdktf.out/stacks/<stack>, so a relative path would point elsewhere than the user meant.
    (v) => (path.isAbsolute(v) ? undefined : { problem: `${JSON.stringify(v)} is a relative path, but the hook runs in cdktf.out/stacks/<stack>`, fix: "give an absolute path" }),
    "give a path, or leave it out",
  ),
  /** Skip TLS verification. Dangerous: a warning is printed at synth and by the hook. @default false */
  insecure: flag("insecure"),
};

type Options = typeof CONSOLE_OPTIONS;
/** A console option's name, as a construct prop. */
export type ConsoleOptionName = keyof Options;
type ValueOf<K extends ConsoleOptionName> = Options[K] extends OptionSpec<infer T> ? T : never;

/**
 * The console's settings: which console, checked against which profile, the
 * hook's deadline, and the non-secret connection settings. They travel in the
 * data source's query, which lands in plans and state, so credentials never
 * do: the hook reads those from `OS_CLOUD`/clouds.yaml or `OS_*` at apply
 * time, as the OpenStack provider does.
 *
 * Written out (not mapped from CONSOLE_OPTIONS) so jsii can carry it to
 * Python, Go, Java and C#; the rules stay in the table, and the type check
 * below (and a test) hold its keys equal to the table's.
 */
export interface ConsoleOptions {
  /** Console protocol: vnc, spice, serial, rdp or mks. @default inferred from `type`, else the profile's default pair, else "vnc" */
  readonly protocol?: string;
  /** Console type, e.g. novnc. @default the first type of `protocol` the profile offers, else "novnc" */
  readonly type?: string;
  /** Cloud profile to check the pair against, at synth and in the hook: upstream, zed or virtuozzo (vnc/novnc only). @default none: any pair Nova knows */
  readonly profile?: string;
  /** Compute microversion to ask for (2.N); the hook raises it to what the pair needs. @default the cloud's `compute_api_version` in clouds.yaml (or OS_COMPUTE_API_VERSION), else "2.8" */
  readonly microversion?: string;
  /** Overall deadline of one hook run, in seconds (Terraform gives external programs none). @default 120 */
  readonly timeout?: number;
  /** Give "" for servers whose console cannot be had (and say so on stderr) instead of failing the read. @default false */
  readonly tolerateUnavailable?: boolean;
  /** Open every minted URL as a browser would (console page, WebSocket with the token, RFB handshake) before answering Terraform. @default false */
  readonly probe?: boolean;
  /** clouds.yaml entry. @default `OS_CLOUD`, else the `OS_*` variables */
  readonly cloud?: string;
  /** Catalog region. @default `OS_REGION_NAME`, else the cloud's */
  readonly region?: string;
  /** Catalog interface of the compute endpoint: public, internal or admin. @default "public" */
  readonly interface?: string;
  /** Compute endpoint URL to use instead of the catalog's (e.g. `https://node:8774/v2.1`). @default from the catalog */
  readonly computeEndpoint?: string;
  /** Absolute path of a CA bundle to verify the cloud's TLS certificates. @default the system CAs (or OS_CACERT) */
  readonly cacert?: string;
  /** Skip TLS verification. Dangerous: a warning is printed at synth and by the hook. @default false */
  readonly insecure?: boolean;
}

// Compile-time guard: the interface names exactly the table's options, each with the value type its rule reads.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type WidenLiteral<T> = T extends string ? string : T;
type SameValues = { [K in ConsoleOptionName]: [WidenLiteral<ValueOf<K>>] extends [NonNullable<ConsoleOptions[K]>] ? true : false }[ConsoleOptionName];
type AllTrue<T> = false extends T ? false : true;
const consoleOptionsMatchTable: AllTrue<SameKeys<ConsoleOptions, Options> | SameValues> = true;
void consoleOptionsMatchTable;

/** Every option name, in the table's order. */
export const CONSOLE_OPTION_NAMES = Object.keys(CONSOLE_OPTIONS) as ConsoleOptionName[];
/** The key that carries the servers: a JSON object of server name to Nova id. */
export const SERVERS_KEY = "servers";
/** Every key a query may hold. */
export const QUERY_KEYS: readonly string[] = [SERVERS_KEY, ...CONSOLE_OPTION_NAMES.map((name) => CONSOLE_OPTIONS[name].key)];

/** The JSON type of an option's value in a fleet file (an enum lists its values). */
export function consoleOptionKind(option: ConsoleOptionName): { kind: "string" | "boolean" | "number" } | { kind: "enum"; values: readonly string[] } {
  const { kind, values } = CONSOLE_OPTIONS[option] as OptionSpec<unknown>;
  return values ? { kind: "enum", values } : { kind };
}

/** The query key of an option. */
export function queryKeyOf(option: ConsoleOptionName): string {
  return CONSOLE_OPTIONS[option].key;
}

/** A console setting that breaks the contract: which options, the problem and the fix. */
export class ConsoleOptionError extends Error {
  constructor(
    /** The options at fault, e.g. ["protocol", "type"]. */
    readonly options: readonly ConsoleOptionName[],
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${options.join("/")}: ${problem}; ${fix}`);
    this.name = "ConsoleOptionError";
  }
}

/**
 * Checks options by the contract's one rule set: each option's own rule,
 * then the pair against the matrix and profile, and the microversion against
 * the profile's maximum. `isUnresolved` marks values known only at apply
 * (Terraform references): those are left for the hook to check.
 */
function checkConsoleOptions(options: ConsoleOptions, isUnresolved: (value: unknown) => boolean = () => false): void {
  for (const name of CONSOLE_OPTION_NAMES) {
    const value = options[name];
    if (value === undefined || isUnresolved(value)) continue;
    const refusal = (CONSOLE_OPTIONS[name] as OptionSpec<unknown>).check(value);
    if (refusal) throw new ConsoleOptionError([name], refusal.problem, refusal.fix);
  }
  const { protocol, type, profile, microversion } = options;
  if ([protocol, type, profile].some((v) => v !== undefined && isUnresolved(v))) return;
  const resolved = resolvePair(options);
  // An unknown type or protocol given alone resolves to no pair: name it against the default's other half.
  const pair = { protocol: resolved.protocol || DEFAULT_PAIR.protocol, type: resolved.type || DEFAULT_PAIR.type };
  const problem = pairProblem(pair.protocol, pair.type, profile);
  if (problem) {
    throw new ConsoleOptionError(pairAtFault(options, pair), problem, "choose a protocol/type pair the cloud offers (vnc/novnc is the common one, and the only one on Virtuozzo)");
  }
  if (profile !== undefined && microversion !== undefined && !isUnresolved(microversion)) {
    const max = CONSOLE_PROFILES[profile].maxMicroversion;
    if (compareMicroversions(microversion, max) > 0) {
      throw new ConsoleOptionError(["microversion"], `${microversion} is above the ${profile} profile's maximum ${max}`, `ask for ${max} or less, or leave it out`);
    }
  }
}

/** Which options a pair problem is about: the unknown one, the type of a mismatch, else those that chose the pair. */
function pairAtFault(options: ConsoleOptions, pair: ConsolePair): ConsoleOptionName[] {
  const knownProtocol = CONSOLE_PAIRS.some((p) => p.protocol === pair.protocol);
  if (options.type !== undefined && protocolForType(options.type) === undefined) return ["type"];
  if (options.protocol !== undefined && !knownProtocol) return ["protocol"];
  if (options.protocol !== undefined && options.type !== undefined && protocolForType(options.type) !== options.protocol) return ["type"];
  const given = (["protocol", "type"] as const).filter((k) => options[k] !== undefined);
  return given.length > 0 ? given : ["profile"];
}

/** How the caller tells values known only at apply (Terraform references) and writes them as strings. */
export interface Unresolved {
  readonly is: (value: unknown) => boolean;
  readonly asText: (value: unknown) => string;
}

/**
 * The query a construct writes, without `servers`: every option given, and
 * always the resolved pair (so a profile's default pair is explicit in the
 * plan). Absent options stay absent: the hook applies the same defaults.
 * Checks the options first (checkConsoleOptions); unresolved values are
 * written as the caller's text and left for the hook to check.
 */
export function encodeConsoleQuery(options: ConsoleOptions, unresolved: Unresolved = { is: () => false, asText: String }): Record<string, string> {
  return writeOptions(options, unresolved.is, (name, value) =>
    unresolved.is(value) ? unresolved.asText(value) : (CONSOLE_OPTIONS[name] as OptionSpec<unknown>).encode(value),
  );
}

/** An option's value as the provider's `osconsole_urls` takes it: a string, a number or a bool (or a reference). */
export type ConsoleArgument = string | number | boolean;

/**
 * The same options as encodeConsoleQuery, checked and resolved alike, as the
 * arguments of the provider's `osconsole_urls` (named by their query keys):
 * numbers and booleans stay typed, as its schema declares them; unresolved
 * values (references) are passed through for Terraform to convert.
 */
export function encodeConsoleArguments(options: ConsoleOptions, isUnresolved: (value: unknown) => boolean = () => false): Record<string, ConsoleArgument> {
  return writeOptions(options, isUnresolved, (_name, value) => value as ConsoleArgument);
}

/** The one walk both encodings share: check, resolve the pair (unless a reference decides it), write each given option under its key. */
function writeOptions<V>(options: ConsoleOptions, isUnresolved: (value: unknown) => boolean, write: (name: ConsoleOptionName, value: unknown) => V): Record<string, V> {
  checkConsoleOptions(options, isUnresolved);
  const unresolvedPair = [options.protocol, options.type, options.profile].some((v) => v !== undefined && isUnresolved(v));
  const written: ConsoleOptions = unresolvedPair ? options : { ...options, ...resolvePair(options) };
  const out: Record<string, V> = {};
  for (const name of CONSOLE_OPTION_NAMES) {
    const value = written[name];
    if (value === undefined) continue;
    out[CONSOLE_OPTIONS[name].key] = write(name, value);
  }
  return out;
}

/**
 * The options a query carries, checked by the same rules as the construct's
 * (checkConsoleOptions). `query` holds string values only; keys other than
 * the options' (such as `servers`) are the caller's.
 */
export function decodeConsoleQuery(query: Readonly<Record<string, string | undefined>>): ConsoleOptions {
  const options: Record<string, unknown> = {};
  for (const name of CONSOLE_OPTION_NAMES) {
    const spec = CONSOLE_OPTIONS[name] as OptionSpec<unknown>;
    const given = query[spec.key];
    if (given === undefined) continue;
    const value = spec.decode(given);
    if (isRefusal(value)) throw new ConsoleOptionError([name], value.problem, value.fix);
    options[name] = value;
  }
  checkConsoleOptions(options as ConsoleOptions);
  return options as ConsoleOptions;
}

/** What the hook acts on: options with the documented defaults applied. */
export interface ConsoleSettings extends Omit<ConsoleOptions, "protocol" | "type" | "timeout" | "tolerateUnavailable" | "probe" | "interface"> {
  /** The option's rule admits only these names, so a checked value is one of them. */
  readonly interface?: (typeof INTERFACES)[number];
  readonly protocol: string;
  readonly type: string;
  readonly timeoutSeconds: number;
  readonly tolerateUnavailable: boolean;
  readonly probe: boolean;
  /** Absent: the cloud's compute_api_version in clouds.yaml (or OS_COMPUTE_API_VERSION), else DEFAULT_MICROVERSION. */
  readonly microversion?: string;
}

export function consoleSettings(options: ConsoleOptions): ConsoleSettings {
  const { timeout, tolerateUnavailable, probe, ...rest } = options;
  return {
    ...(rest as Omit<typeof rest, "interface"> & Pick<ConsoleSettings, "interface">),
    ...resolvePair(options),
    timeoutSeconds: timeout ?? DEFAULT_TIMEOUT_SECONDS,
    tolerateUnavailable: tolerateUnavailable ?? false,
    probe: probe ?? false,
  };
}

// ---- servers -----------------------------------------------------------------

const SERVERS_FIX = "set it to jsonencode({ name = server.id, ... }) of the fleet's servers";

/** The servers of a query's `servers` value, in its order; throws a ConsoleServersError naming the problem. */
export function decodeServers(value: string | undefined): Array<{ name: string; id: string }> {
  if (value === undefined) throw new ConsoleServersError("is missing", SERVERS_FIX);
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    throw new ConsoleServersError("is not JSON", SERVERS_FIX);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new ConsoleServersError("is not a JSON object of server name to id", SERVERS_FIX);
  const servers: Array<{ name: string; id: string }> = [];
  for (const [name, id] of Object.entries(doc as Record<string, unknown>)) {
    const problem = serverProblem(name, id === undefined ? null : id);
    if (problem) throw new ConsoleServersError(problem.problem, problem.fix);
    servers.push({ name, id: id as string });
  }
  return servers;
}

/**
 * The rule for one server of a console: a non-empty name and a UUID id.
 * `id` undefined means not known yet (a Terraform reference at synth).
 */
export function serverProblem(name: string, id: unknown): Refusal | undefined {
  if (name.trim() === "") return { problem: "has an empty server name", fix: "key each server by its name" };
  if (id === undefined) return undefined;
  if (typeof id !== "string") return { problem: `server "${name}" has a ${id === null ? "null" : typeof id} id, not a string`, fix: SERVERS_FIX };
  if (!isUuid(id)) return { problem: `server "${name}" has id "${id}", which is not a UUID`, fix: "pass the servers' ids (openstack_compute_instance_v2.<name>.id), not their names" };
  return undefined;
}

export class ConsoleServersError extends Error {
  constructor(
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${SERVERS_KEY}: ${problem}; ${fix}`);
    this.name = "ConsoleServersError";
  }
}

export * from "./console-provider";
