/**
 * Remote consoles (2.6+) and the legacy console actions (below 2.6), in
 * Nova's order: microversion gate, schema, instance lookup (404), policy
 * (403), then the compute API's checks (no host: 409; task_state deleting:
 * an unhandled InstanceInvalidState, 500) and the compute manager's (protocol
 * disabled: "Unavailable console type"; type not of the protocol:
 * "Invalid console type"; driver without it: 501).
 */
import { findPair, pairKey, type LegacyAction } from "../../../../lib/console-matrix";
import type { Reply } from "../http/reply";
import { visibleServer, type ApiCall, type ComputeDeps } from "./context";
import { legacyProtocol, legacySchema, remoteConsoleSchema } from "./console-schemas";
import { novaVersionAtLeast } from "./microversion";
import {
  instanceNotFound,
  notReady,
  novaFault,
  novaJson,
  policyRefused,
  unexpectedError,
  versionedNotFound,
} from "./replies";
import { bodyProblem, type Schema } from "./schema";
import type { ServerEntry } from "./server-store";

export const CONSOLE_POLICY = "os_compute_api:os-remote-consoles";
export const NOT_SUPPORTED = "The requested functionality is not supported.";

type Minted =
  | { ok: true; url: string }
  | { ok: false; why: "not-ready" | "deleting" | "unavailable" | "invalid" | "not-implemented" };

function protocolEnabled(deps: ComputeDeps, protocol: string): boolean {
  if (protocol === "rdp") return false;
  for (const pair of deps.config.enabledPairs) if (pair.startsWith(`${protocol}/`)) return true;
  return false;
}

function mint(deps: ComputeDeps, route: string, server: ServerEntry, protocol: string, type: string): Minted {
  // compute API: check_instance_host, then reject_instance_state.
  if (!server.host || deps.faults.notReady(route, server.id)) return { ok: false, why: "not-ready" };
  if (server.taskState === "deleting") return { ok: false, why: "deleting" };
  // compute manager: [<protocol>] enabled, then the type belongs to the protocol.
  if (!protocolEnabled(deps, protocol)) return { ok: false, why: "unavailable" };
  const pair = findPair(protocol, type);
  // Retired pairs (matrix) are refused whatever the operator enabled.
  const retired = pair?.retired;
  if (!pair || retired === "invalid") return { ok: false, why: "invalid" };
  if (retired === "unavailable" || !deps.config.enabledPairs.has(pairKey(protocol, type))) return { ok: false, why: "unavailable" };
  if (deps.config.notImplementedPairs.has(pairKey(protocol, type))) return { ok: false, why: "not-implemented" };
  return { ok: true, url: deps.consoles.issue(server.id, pair.type) };
}

function mintingError(version: string, server: ServerEntry, type: string, why: Exclude<Minted, { ok: true }>["why"]): Reply {
  switch (why) {
    case "not-ready":
      return notReady(version, server.id);
    case "deleting":
      return unexpectedError(version, "nova.exception.InstanceInvalidState");
    case "unavailable":
      return novaFault(version, 400, `Unavailable console type ${type}.`);
    case "invalid":
      return novaFault(version, 400, `Invalid console type ${type}`);
    case "not-implemented":
      return novaFault(version, 501, NOT_SUPPORTED);
  }
}

/** What both console routes check after the microversion gate, in Nova's order: schema (400), instance (404), policy (403). */
function consoleServer(api: ApiCall, deps: ComputeDeps, schema: Schema): { server: ServerEntry } | { refused: Reply } {
  const { version } = api;
  const problem = bodyProblem(schema, api.body);
  if (problem) return { refused: novaFault(version, 400, problem) };
  const serverId = api.serverId!;
  const server = visibleServer(deps, api.caller, serverId);
  if (!server) return { refused: instanceNotFound(version, serverId) };
  if (!api.caller.canWrite) return { refused: policyRefused(version, CONSOLE_POLICY) };
  return { server };
}

export function createRemoteConsole(api: ApiCall, deps: ComputeDeps): Reply {
  const { version } = api;
  if (!novaVersionAtLeast(version, "2.6")) return versionedNotFound(version);
  const target = consoleServer(api, deps, remoteConsoleSchema(version));
  if ("refused" in target) return target.refused;
  const { server } = target;
  const { protocol, type } = (api.body as { remote_console: { protocol: string; type: string } }).remote_console;
  const minted = mint(deps, "compute.remote-consoles", server, protocol, type);
  if (!minted.ok) return mintingError(version, server, type, minted.why);
  return novaJson(version, 200, { remote_console: { protocol, type, url: minted.url } });
}

export function legacyConsole(api: ApiCall, deps: ComputeDeps, action: LegacyAction): Reply {
  const { version } = api;
  if (novaVersionAtLeast(version, "2.6")) return versionedNotFound(version);
  const target = consoleServer(api, deps, legacySchema(action));
  if ("refused" in target) return target.refused;
  const { server } = target;
  const type = (api.body as Record<string, { type: string }>)[action].type;
  const minted = mint(deps, "compute.action", server, legacyProtocol(action), type);
  if (!minted.ok) {
    // The legacy VNC action alone turns an invalid task state into a 409.
    if (minted.why === "deleting" && action === "os-getVNCConsole") {
      return novaFault(version, 409, `Cannot 'get_vnc_console' instance ${server.id} while it is in task_state deleting`);
    }
    return mintingError(version, server, type, minted.why);
  }
  return novaJson(version, 200, { console: { type, url: minted.url } });
}
