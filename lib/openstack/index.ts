/**
 * The OpenStack console client: cloud configuration (clouds.yaml, OS_*),
 * Keystone v3, the compute catalog endpoint, version discovery and
 * microversions, remote consoles (and legacy actions below 2.6), server
 * lookup, retries, typed errors. No cdktf here.
 */
export { resolveCloudConfig } from "./config/resolve";
export { Secret } from "./config/secret";
export type { CloudConfig, ConnectionSettings } from "./config/types";
export { DEFAULT_CONCURRENCY, DEFAULT_DEADLINE_MS } from "./config/types";
// With the types of OpenStackClient's signatures that its callers (hook, CLI, tests) name.
export { OpenStackClient, type ConsoleOutcome, type FleetOptions, type MintedConsole, type NotReadyPolicy } from "./client";
export type { ServerSummary } from "./compute/servers";
// One rule for OpenStack ids, the hook contract's: the CLI reads SERVER arguments by it.
export { isUuid } from "../hook-contract";
export { DEFAULT_PROBE_TIMEOUT_MS, probeConsole } from "./console-probe/probe";
export { describeProbe, type Desktop, type ProbeOutcome, type ProbeReach, type ProbeStep } from "./console-probe/outcome";
export { tlsConnectOptions } from "./http/transport";
export type { Thumbnail } from "./console-probe/framebuffer";
export type { ProbeSettings } from "./client";
export { ConfigError, OpenStackError, asOpenStackError, cloudSaid, type ErrorKind } from "./errors";
export { INSECURE_WARNING } from "./http/transport";
export type { RetryPolicy } from "./http/retry";
// The matrix checks callers of the client (hook, CLI) need, so they depend on the client alone.
export {
  CONSOLE_PROFILES,
  CONSOLE_TYPES,
  PROFILE_NAMES,
  isMicroversion,
  isProfileName,
  pairKey,
  pairProblem,
  protocolForType,
  resolvePair,
  type ConsolePair,
} from "../console-matrix";
