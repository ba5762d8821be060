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

const timeOf = (t: string): number => Date.parse(/Z$|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);

/** The list, newest first; from 2.58 `limit`, `marker` and `changes-since`, from 2.66 `changes-before`. */
export function listInstanceActions(api: ApiCall, deps: ComputeDeps): Reply {
  const { version } = api;
  const server = visibleServer(deps, api.caller, api.serverId!);
  if (!server) return instanceNotFound(version, api.serverId!);
  let actions = [...server.actions].reverse();
  const q = api.call.query;
  if (novaVersionAtLeast(version, "2.58")) {
    const since = q.get("changes-since");
    const before = novaVersionAtLeast(version, "2.66") ? q.get("changes-before") : null;
    for (const [name, value] of [["changes-since", since], ["changes-before", before]] as const) {
      if (value !== null && Number.isNaN(timeOf(value))) {
        return novaFault(version, 400, `Invalid input for query parameters ${name}. Value: ${value}. '${value}' is not a 'date-time'`);
      }
    }
    if (since !== null) actions = actions.filter((a) => timeOf(a.startTime) >= timeOf(since));
    if (before !== null) actions = actions.filter((a) => timeOf(a.startTime) <= timeOf(before));
    const marker = q.get("marker");
    if (marker !== null) {
      const at = actions.findIndex((a) => a.requestId === marker);
      if (at === -1) return novaFault(version, 404, `Marker ${marker} could not be found.`);
      actions = actions.slice(at + 1);
    }
    const limit = q.get("limit");
    if (limit !== null && /^\d+$/.test(limit)) actions = actions.slice(0, Number(limit));
  }
  return novaJson(version, 200, { instanceActions: actions.map((a) => actionView(server, a, version)) });
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
