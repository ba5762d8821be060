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
// The types of OpenStackClient's method signatures, for library callers.
export {
  OpenStackClient,
  type CloudInfo,
  type ConnectOptions,
  type ConsoleOptions,
  type ConsoleOutcome,
  type ConsolePairSpec,
  type FleetOptions,
  type NotReadyPolicy,
  type ProbeRequest,
  type ProbeSettings,
  type RemoteConsole,
  type ServerRef,
} from "./client";
export { DEFAULT_PROBE_TIMEOUT_MS, probeConsole, type ProbeOptions, type TokenVerdict } from "./console-probe/probe";
export { PROBE_STEPS, describeProbe, type Desktop, type ProbeOutcome, type ProbeReach, type ProbeStep } from "./console-probe/outcome";
export { tlsConnectOptions } from "./http/transport";
export { DEFAULT_THUMBNAIL_WIDTH, type Thumbnail } from "./console-probe/framebuffer";
export type { ServerSummary } from "./compute/servers/results";
export { isUuid } from "./compute/servers/ids";
export type { ConsoleMethod } from "./compute/microversion";
export { ConfigError, OpenStackError, asOpenStackError, cloudSaid, type ErrorKind } from "./errors";
export { INSECURE_WARNING } from "./http/transport";
export type { RetryPolicy } from "./http/retry";
// The matrix checks callers of the client (hook, CLI) need, so they depend on the client alone.
export {
  CONSOLE_PROFILES,
  CONSOLE_TYPES,
  DEFAULT_MICROVERSION,
  PROFILE_NAMES,
  isMicroversion,
  isProfileName,
  pairKey,
  pairProblem,
  protocolForType,
} from "../console-matrix";
