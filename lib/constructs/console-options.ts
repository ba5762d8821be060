import * as path from "node:path";
import {
  BASE_MICROVERSION,
  CONSOLE_PAIRS,
  CONSOLE_PROFILES,
  DEFAULT_MICROVERSION,
  PROFILE_NAMES,
  compareMicroversions,
  isMicroversion,
  isProfileName,
  pairKey,
  pairProblem,
  protocolForType,
} from "../console-matrix";
import { ConstructLabel, PropsError } from "./props-error";
import { isLiteralString } from "./literals";

/**
 * Non-secret connection settings for the console hook. They travel in the
 * data source's query, which lands in plans and state, so credentials never
 * do: the hook reads those from `OS_CLOUD`/clouds.yaml or `OS_*` at apply time,
 * as the OpenStack provider does.
 */
export interface ConsoleConnectionSettings {
  /** clouds.yaml entry. @default `OS_CLOUD`, else the `OS_*` variables */
  readonly cloud?: string;
  /** Catalog region. @default `OS_REGION_NAME`, else the cloud's */
  readonly region?: string;
  /** Catalog interface of the compute endpoint. @default "public" */
  readonly interface?: "public" | "internal" | "admin";
  /** Compute endpoint URL to use instead of the catalog's (e.g. `https://node:8774/v2.1`). @default from the catalog */
  readonly computeEndpoint?: string;
  /** Absolute path of a CA bundle to verify the cloud's TLS certificates. @default the system CAs (or OS_CACERT) */
  readonly cacert?: string;
  /** Skip TLS verification. Dangerous: a warning is printed at synth and by the hook. @default false */
  readonly insecure?: boolean;
}

export interface ConsoleOptions extends ConsoleConnectionSettings {
  /** Console protocol: vnc, spice, serial, rdp or mks. @default inferred from `type`, else the profile's default pair, else "vnc" */
  readonly protocol?: string;
  /** Console type, e.g. novnc. @default the first type of `protocol` the profile offers, else "novnc" */
  readonly type?: string;
  /** Cloud profile to check the pair against at synth (and in the hook): upstream, zed or virtuozzo (vnc/novnc only). @default none: any pair Nova knows */
  readonly profile?: string;
  /** Compute microversion to ask for; the hook raises it to what the pair needs. @default "2.8" */
  readonly microversion?: string;
  /** Overall deadline of one hook run, in seconds (Terraform gives external programs none). @default 120 */
  readonly timeout?: number;
  /** Give "" for servers whose console cannot be had (and say so on stderr) instead of failing the read. @default false */
  readonly tolerateUnavailable?: boolean;
  /**
   * Open every minted URL as a browser would (console page, WebSocket with the token, RFB handshake)
   * before answering Terraform: a console that does not open fails the read, with the step that failed,
   * or gives "" with `tolerateUnavailable`. @default false
   */
  readonly probe?: boolean;
}

export const DEFAULT_CONSOLE_TIMEOUT_SECONDS = 120;

interface ResolvedPair {
  readonly protocol: string;
  readonly type: string;
}

/** The pair the options ask for, with defaults filled in as documented on ConsoleOptions. */
function resolvePair(options: ConsoleOptions): ResolvedPair {
  const profile = options.profile !== undefined ? CONSOLE_PROFILES[options.profile] : undefined;
  const [defaultProtocol, defaultType] = (profile?.defaultPair ?? "vnc/novnc").split("/");
  if (options.protocol === undefined && options.type === undefined) return { protocol: defaultProtocol, type: defaultType };
  if (options.protocol === undefined) return { protocol: protocolForType(options.type!) ?? "", type: options.type! };
  if (options.type === undefined) {
    const offered = CONSOLE_PAIRS.filter((p) => p.protocol === options.protocol);
    const preferred = offered.find((p) => profile?.enabledPairs.includes(pairKey(p.protocol, p.type))) ?? offered[0];
    return { protocol: options.protocol, type: preferred?.type ?? "" };
  }
  return { protocol: options.protocol, type: options.type };
}

/**
 * Checks console options and turns them into the hook's query (every value a
 * string; see "Hook query/result" in the project notes), without `servers`.
 */
export function consoleQuery(label: ConstructLabel, options: ConsoleOptions): Record<string, string> {
  const fail = (prop: string, problem: string, fix: string): never => {
    throw new PropsError(label, prop, problem, fix);
  };
  if (options.profile !== undefined && !isProfileName(options.profile)) {
    fail("profile", `${JSON.stringify(options.profile)} is not a known profile`, `use one of ${PROFILE_NAMES.join(", ")}, or leave it out`);
  }
  if (options.type !== undefined && options.protocol === undefined && protocolForType(options.type) === undefined) {
    fail("type", pairProblem("vnc", options.type)!, "fix the type");
  }
  if (options.protocol !== undefined && options.type === undefined && !CONSOLE_PAIRS.some((p) => p.protocol === options.protocol)) {
    fail("protocol", pairProblem(options.protocol, "novnc")!, "fix the protocol");
  }
  const pair = resolvePair(options);
  const problem = pairProblem(pair.protocol, pair.type, options.profile);
  if (problem) fail("protocol/type", problem, "choose a pair the cloud offers (the virtuozzo profile offers vnc/novnc only)");

  const microversion = options.microversion ?? DEFAULT_MICROVERSION;
  if (!isMicroversion(microversion) || compareMicroversions(microversion, BASE_MICROVERSION) < 0) {
    fail("microversion", `${JSON.stringify(microversion)} is not a compute microversion`, `give one of the form 2.N, e.g. ${DEFAULT_MICROVERSION}`);
  }
  if (options.profile !== undefined) {
    const max = CONSOLE_PROFILES[options.profile].maxMicroversion;
    if (compareMicroversions(microversion, max) > 0) {
      fail("microversion", `${microversion} is above the ${options.profile} profile's maximum ${max}`, `ask for ${max} or less`);
    }
  }
  const timeout = options.timeout ?? DEFAULT_CONSOLE_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeout) || timeout < 1) {
    fail("timeout", `${String(timeout)} is not a whole number of seconds of at least 1`, `give the hook's deadline in seconds, e.g. ${DEFAULT_CONSOLE_TIMEOUT_SECONDS}`);
  }
  for (const key of ["cloud", "region"] as const) {
    const v = options[key];
    if (v !== undefined && isLiteralString(v) && v.trim() === "") fail(key, "is empty", `name one, or leave ${key} out to use the environment`);
  }
  if (options.interface !== undefined && !["public", "internal", "admin"].includes(options.interface)) {
    fail("interface", `${JSON.stringify(options.interface)} is not a catalog interface`, "use public, internal or admin");
  }
  if (options.computeEndpoint !== undefined && isLiteralString(options.computeEndpoint) && !/^https?:\/\/[^/\s]+/.test(options.computeEndpoint)) {
    fail("computeEndpoint", `${JSON.stringify(options.computeEndpoint)} is not an http(s) URL`, "give the compute root, e.g. https://node:8774/v2.1");
  }
  // The hook runs in cdktf.out/stacks/<stack>, so a relative path would point elsewhere than the user meant.
  if (options.cacert !== undefined && isLiteralString(options.cacert) && !path.isAbsolute(options.cacert)) {
    fail("cacert", `${JSON.stringify(options.cacert)} is a relative path, but the hook runs in cdktf.out/stacks/<stack>`, "give an absolute path");
  }

  const query: Record<string, string> = {
    protocol: pair.protocol,
    type: pair.type,
    microversion,
    timeout: String(timeout),
    tolerate_unavailable: String(options.tolerateUnavailable ?? false),
  };
  const optional: Array<[string, string | boolean | undefined]> = [
    ["profile", options.profile],
    ["cloud", options.cloud],
    ["region", options.region],
    ["interface", options.interface],
    ["compute_endpoint", options.computeEndpoint],
    ["cacert", options.cacert],
    ["insecure", options.insecure],
    ["probe", options.probe],
  ];
  for (const [key, value] of optional) if (value !== undefined) query[key] = String(value);
  return query;
}
