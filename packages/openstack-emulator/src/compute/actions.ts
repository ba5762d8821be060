/**
 * POST /servers/{id}/action: the body's single key names the action. State
 * actions answer 202 and move the status; the legacy console actions go to
 * consoles.ts; anything else is Nova's "There is no such action".
 */
import type { Reply } from "../http/reply";
import type { ServerStatus } from "../types";
import { visibleServer, type ApiCall, type ComputeDeps } from "./context";
import { isLegacyAction } from "./console-schemas";
import { legacyConsole } from "./consoles";
import { instanceNotFound, novaEmpty, novaFault, policyRefused } from "./replies";
import { vmState } from "./server-views";

interface StateAction {
  /** The verb in Nova's conflict message. */
  verb: string;
  policy: string;
  from: readonly ServerStatus[];
  to: ServerStatus;
}

const STATE_ACTIONS: Record<string, StateAction> = {
  "os-stop": { verb: "stop", policy: "os_compute_api:servers:stop", from: ["ACTIVE", "ERROR"], to: "SHUTOFF" },
  "os-start": { verb: "start", policy: "os_compute_api:servers:start", from: ["SHUTOFF"], to: "ACTIVE" },
  pause: { verb: "pause", policy: "os_compute_api:os-pause-server:pause", from: ["ACTIVE"], to: "PAUSED" },
  unpause: { verb: "unpause", policy: "os_compute_api:os-pause-server:unpause", from: ["PAUSED"], to: "ACTIVE" },
  suspend: { verb: "suspend", policy: "os_compute_api:os-suspend-server:suspend", from: ["ACTIVE"], to: "SUSPENDED" },
  resume: { verb: "resume", policy: "os_compute_api:os-suspend-server:resume", from: ["SUSPENDED"], to: "ACTIVE" },
};

/** The action named by a body, as Nova's action_peek finds it (exactly one key), or undefined. */
export function actionName(body: unknown): string | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const keys = Object.keys(body);
  return keys.length === 1 ? keys[0] : undefined;
}

export function serverAction(api: ApiCall, deps: ComputeDeps): Reply {
  const { version } = api;
  const name = actionName(api.body);
  if (name === undefined) return novaFault(version, 400, "Malformed request body");
  if (isLegacyAction(name)) return legacyConsole(api, deps, name);
  const action = STATE_ACTIONS[name];
  if (!action) return novaFault(version, 400, `There is no such action: ${name}`);
  const serverId = api.serverId!;
  const server = visibleServer(deps, api.caller, serverId);
  if (!server) return instanceNotFound(version, serverId);
  if (!api.caller.canWrite) return policyRefused(version, action.policy);
  const conflict = (attr: string, state: string) =>
    novaFault(version, 409, `Cannot '${action.verb}' instance ${server.id} while it is in ${attr} ${state}`);
  if (!action.from.includes(server.status)) return conflict("vm_state", vmState(server));
  if (server.taskState !== null) return conflict("task_state", server.taskState);
  deps.servers.setStatus(server, action.to);
  return novaEmpty(version, 202);
}
