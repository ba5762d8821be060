/**
 * os-instance-actions: what was done to a server, as Nova records it (one
 * entry per API action, newest first, under the request id the action was
 * answered with), listed and shown; `updated_at` from 2.58, events' `host`
 * and `hostId` from 2.62, tracebacks only for admins.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Reply } from "../http/reply";
import { visibleServer, type ApiCall, type Caller, type ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { instanceNotFound, novaFault, novaJson } from "./replies";
import { COMPUTE_HOST, novaMicroTime, type InstanceAction, type ServerEntry } from "./server-store";

/** Records an action and returns the request id its answer carries. */
export function recordAction(server: ServerEntry, action: string, caller: Caller, requestId = `req-${randomUUID()}`): string {
  server.actions.push({ action, requestId, userId: caller.userId, projectId: caller.projectId ?? server.projectId, startTime: novaMicroTime() });
  return requestId;
}

function actionView(server: ServerEntry, a: InstanceAction, version: string): Record<string, unknown> {
  const view: Record<string, unknown> = {
    action: a.action,
    instance_uuid: server.id,
    request_id: a.requestId,
    user_id: a.userId,
    project_id: a.projectId,
    start_time: a.startTime,
    message: null,
  };
  if (novaVersionAtLeast(version, "2.58")) view.updated_at = a.startTime;
  return view;
}

export function listInstanceActions(api: ApiCall, deps: ComputeDeps): Reply {
  const server = visibleServer(deps, api.caller, api.serverId!);
  if (!server) return instanceNotFound(api.version, api.serverId!);
  const actions = [...server.actions].reverse().map((a) => actionView(server, a, api.version));
  return novaJson(api.version, 200, { instanceActions: actions });
}

export function showInstanceAction(api: ApiCall, deps: ComputeDeps, requestId: string): Reply {
  const server = visibleServer(deps, api.caller, api.serverId!);
  if (!server) return instanceNotFound(api.version, api.serverId!);
  const found = server.actions.find((a) => a.requestId === requestId);
  if (!found) return novaFault(api.version, 404, `Action for request_id ${requestId} on instance ${server.id} not found`);
  const event: Record<string, unknown> = {
    event: `compute_${found.action.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_instance`,
    start_time: found.startTime,
    finish_time: found.startTime,
    result: "Success",
  };
  if (api.caller.isAdmin) event.traceback = null;
  if (novaVersionAtLeast(api.version, "2.62")) {
    event.hostId = createHash("sha224").update(server.projectId + COMPUTE_HOST).digest("hex");
    if (api.caller.isAdmin) event.host = COMPUTE_HOST;
  }
  return novaJson(api.version, 200, { instanceAction: { ...actionView(server, found, api.version), events: [event] } });
}
