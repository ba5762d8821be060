/**
 * POST /servers/{id}/action: the body's single key names the action. The
 * actions a Terraform plan and the peers' suites use are served with Nova's
 * answers (202, a body where Nova gives one, 409 in Nova's words for the wrong
 * state, 400 for a bad body, 403 for readers and for admin-only actions);
 * each finishes at once, since a client polls for the state it waits for.
 * The legacy console actions go to consoles.ts; anything else is Nova's
 * "There is no such action".
 */
import { randomBytes } from "node:crypto";
import type { Reply } from "../http/reply";
import type { ServerStatus } from "../types";
import { visibleServer, type ApiCall, type ComputeDeps } from "./context";
import { isLegacyAction } from "./console-schemas";
import { legacyConsole, NOT_SUPPORTED } from "./consoles";
import { recordAction } from "./instance-actions";
import { novaVersionAtLeast } from "./microversion";
import { instanceNotFound, notReady, novaEmpty, novaFault, novaJson, policyRefused, withRequestId } from "./replies";
import { bodyProblem, type Schema } from "./schema";
import type { ServerEntry } from "./server-store";
import { changedView, vmState } from "./server-views";
import { compactIPv6 } from "./server-updates";

type Handler = (api: ApiCall, deps: ComputeDeps, server: ServerEntry, body: Record<string, unknown>) => Reply;

interface Action {
  /** The verb in Nova's conflict message and the instance action's name. */
  verb: string;
  policy: string;
  /** Statuses the action is allowed from (check_instance_state); undefined: any. */
  from?: readonly ServerStatus[];
  /** The request schema of the action's body (the value under the action's key). */
  schema?: Schema;
  adminOnly?: boolean;
  /** Recorded in os-instance-actions under this name (Nova's instance_actions constants). */
  recorded?: string;
  /** Unlock and a few others are allowed on a locked server. */
  ignoresLock?: boolean;
  run: Handler;
}

function moveTo(to: ServerStatus): Handler {
  return (api, deps, server) => {
    deps.servers.setStatus(server, to);
    return novaEmpty(api.version, 202);
  };
}

const OBJECT_OR_NULL: Schema = { type: ["object", "null"] };

function resize(api: ApiCall, deps: ComputeDeps, server: ServerEntry, body: Record<string, unknown>): Reply {
  const flavorId = String(body.flavorRef);
  if (!deps.flavors.get(flavorId)) return novaFault(api.version, 400, "Unable to locate requested flavor.");
  if (flavorId === server.flavorRef) return novaFault(api.version, 400, "When resizing, instances must change flavor!");
  server.oldFlavorRef = server.flavorRef;
  server.flavorRef = flavorId;
  if (typeof body["OS-DCF:diskConfig"] === "string") server.diskConfig = body["OS-DCF:diskConfig"];
  server.resumeStatus = server.status === "SHUTOFF" ? "SHUTOFF" : "ACTIVE";
  deps.servers.transition(server, "RESIZE", "resize_prep", "VERIFY_RESIZE", deps.config.taskStateMs);
  return novaEmpty(api.version, 202);
}

/** confirmResize answers 204, revertResize 202, as Nova does. */
function finishResize(revert: boolean): Handler {
  return (api, deps, server) => {
    if (server.status !== "VERIFY_RESIZE") return novaFault(api.version, 400, "Instance has not been resized.");
    if (revert && server.oldFlavorRef) server.flavorRef = server.oldFlavorRef;
    server.oldFlavorRef = undefined;
    deps.servers.setStatus(server, server.resumeStatus ?? "ACTIVE");
    server.resumeStatus = undefined;
    return novaEmpty(api.version, revert ? 202 : 204);
  };
}

function rebuild(api: ApiCall, deps: ComputeDeps, server: ServerEntry, body: Record<string, unknown>): Reply {
  const imageRef = String(body.imageRef);
  if (!deps.images.get(imageRef)) return novaFault(api.version, 400, "Cannot find requested image");
  server.imageRef = imageRef;
  if (typeof body["OS-DCF:diskConfig"] === "string") server.diskConfig = body["OS-DCF:diskConfig"];
  if (novaVersionAtLeast(api.version, "2.57") && "user_data" in body) server.userData = (body.user_data as string | null) ?? null;
  if (typeof body.name === "string") server.name = body.name;
  if (body.metadata && typeof body.metadata === "object") {
    server.metadata = Object.fromEntries(Object.entries(body.metadata as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }
  if (typeof body.accessIPv4 === "string") server.accessIPv4 = body.accessIPv4;
  if (typeof body.accessIPv6 === "string") server.accessIPv6 = compactIPv6(body.accessIPv6);
  if (novaVersionAtLeast(api.version, "2.19") && body.description !== undefined) server.description = body.description as string | null;
  if (novaVersionAtLeast(api.version, "2.90") && typeof body.hostname === "string") server.hostname = body.hostname;
  deps.servers.transition(server, "REBUILD", "rebuilding", server.status === "SHUTOFF" ? "SHUTOFF" : "ACTIVE", deps.config.taskStateMs);
  const view = changedView(server, { version: api.version, isAdmin: api.caller.isAdmin, links: api.links, flavor: (id) => deps.flavors.get(id) }, "rebuild");
  // 2.57: rebuild takes user_data, and its answer shows it.
  if (novaVersionAtLeast(api.version, "2.57")) view.user_data = server.userData;
  return novaJson(api.version, 202, { server: { ...view, adminPass: typeof body.adminPass === "string" ? body.adminPass : randomBytes(9).toString("base64url") } });
}

function shelve(api: ApiCall, deps: ComputeDeps, server: ServerEntry): Reply {
  // shelved_offload_time defaults to 0: Nova offloads at once and the server leaves its host.
  deps.servers.setHost(server, false);
  deps.servers.setStatus(server, "SHELVED_OFFLOADED");
  return novaEmpty(api.version, 202);
}

function unshelve(api: ApiCall, deps: ComputeDeps, server: ServerEntry): Reply {
  deps.servers.setHost(server, true);
  deps.servers.setStatus(server, "ACTIVE");
  return novaEmpty(api.version, 202);
}

function lock(api: ApiCall, deps: ComputeDeps, server: ServerEntry, body: unknown): Reply {
  server.locked = true;
  const reason = body && typeof body === "object" ? (body as { locked_reason?: unknown }).locked_reason : undefined;
  server.lockedReason = typeof reason === "string" ? reason : null;
  deps.servers.touch(server);
  return novaEmpty(api.version, 202);
}

function unlock(api: ApiCall, deps: ComputeDeps, server: ServerEntry): Reply {
  server.locked = false;
  server.lockedReason = null;
  deps.servers.touch(server);
  return novaEmpty(api.version, 202);
}

function rescue(api: ApiCall, deps: ComputeDeps, server: ServerEntry, body: Record<string, unknown> | null): Reply {
  server.resumeStatus = server.status;
  deps.servers.setStatus(server, "RESCUE");
  const given = body && typeof body.adminPass === "string" ? body.adminPass : undefined;
  return novaJson(api.version, 200, { adminPass: given ?? randomBytes(9).toString("base64url") });
}

function unrescue(api: ApiCall, deps: ComputeDeps, server: ServerEntry): Reply {
  deps.servers.setStatus(server, server.resumeStatus === "SHUTOFF" ? "SHUTOFF" : "ACTIVE");
  server.resumeStatus = undefined;
  return novaEmpty(api.version, 202);
}

/** A boot log for os-getConsoleOutput; `length` keeps the last lines, as Nova does. */
function consoleOutput(api: ApiCall, _deps: ComputeDeps, server: ServerEntry, body: Record<string, unknown> | null): Reply {
  if (!server.host) return notReady(api.version, server.id);
  const lines = [
    "[    0.000000] Linux version 6.8.0 (emulator) #1 SMP",
    "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=LABEL=cloudimg-rootfs ro console=tty1 console=ttyS0",
    `[    1.024000] cloud-init: instance ${server.id} (${server.hostname}) up`,
    `${server.hostname} login: `,
  ];
  const raw = body?.length;
  const length = raw === undefined || raw === null ? undefined : Number(raw);
  if (length !== undefined && (!Number.isInteger(length) || length < -1)) {
    return novaFault(api.version, 400, `Invalid input for field/attribute length. Value: ${String(raw)}. '${String(raw)}' does not match '^-?[0-9]+$'`);
  }
  const kept = length === undefined || length === -1 ? lines : lines.slice(Math.max(0, lines.length - length));
  return novaJson(api.version, 200, { output: kept.join("\n") });
}

function securityGroupChange(add: boolean): Handler {
  return (api, deps, server, body) => {
    const name = String(body.name);
    const group = deps.networks.groupsOf(server.projectId, false).find((g) => g.name === name || g.id === name);
    if (!group) return novaFault(api.version, 404, `Security group ${name} not found.`);
    const has = server.securityGroups.includes(group.name);
    if (add && has) return novaFault(api.version, 400, `Security group ${name} is already associated with the instance ${server.id}`);
    if (!add && !has) return novaFault(api.version, 400, `Security group ${name} not associated with the instance ${server.id}`);
    server.securityGroups = add ? [...server.securityGroups, group.name] : server.securityGroups.filter((g) => g !== group.name);
    deps.servers.touch(server);
    return novaEmpty(api.version, 202);
  };
}

function resetState(api: ApiCall, deps: ComputeDeps, server: ServerEntry, body: Record<string, unknown>): Reply {
  deps.servers.setStatus(server, body.state === "error" ? "ERROR" : "ACTIVE");
  server.taskState = server.taskState === "deleting" ? server.taskState : null;
  return novaEmpty(api.version, 202);
}

const NAME_SCHEMA: Schema = { type: "object", properties: { name: { type: "string", minLength: 1, maxLength: 255 } }, required: ["name"] };

const ACTIONS: Record<string, Action> = {
  "os-stop": { verb: "stop", policy: "os_compute_api:servers:stop", from: ["ACTIVE", "ERROR", "RESCUE"], recorded: "stop", run: moveTo("SHUTOFF") },
  "os-start": { verb: "start", policy: "os_compute_api:servers:start", from: ["SHUTOFF"], recorded: "start", run: moveTo("ACTIVE") },
  pause: { verb: "pause", policy: "os_compute_api:os-pause-server:pause", from: ["ACTIVE"], recorded: "pause", run: moveTo("PAUSED") },
  unpause: { verb: "unpause", policy: "os_compute_api:os-pause-server:unpause", from: ["PAUSED"], recorded: "unpause", run: moveTo("ACTIVE") },
  suspend: { verb: "suspend", policy: "os_compute_api:os-suspend-server:suspend", from: ["ACTIVE"], recorded: "suspend", run: moveTo("SUSPENDED") },
  resume: { verb: "resume", policy: "os_compute_api:os-suspend-server:resume", from: ["SUSPENDED"], recorded: "resume", run: moveTo("ACTIVE") },
  reboot: {
    verb: "reboot",
    policy: "os_compute_api:servers:reboot",
    from: ["ACTIVE", "SHUTOFF", "PAUSED", "SUSPENDED", "ERROR"],
    schema: { type: "object", properties: { type: { type: "string", enum: ["HARD", "Hard", "hard", "SOFT", "Soft", "soft"] } }, required: ["type"], additionalProperties: false },
    recorded: "reboot",
    run: (api, deps, server, body) => {
      const hard = String(body.type).toUpperCase() === "HARD";
      deps.servers.transition(server, hard ? "HARD_REBOOT" : "REBOOT", hard ? "rebooting_hard" : "rebooting", "ACTIVE", deps.config.taskStateMs);
      return novaEmpty(api.version, 202);
    },
  },
  rebuild: {
    verb: "rebuild",
    policy: "os_compute_api:servers:rebuild",
    from: ["ACTIVE", "SHUTOFF", "ERROR"],
    schema: { type: "object", properties: { imageRef: { type: "string", minLength: 1 }, name: { type: "string", minLength: 1, maxLength: 255 } }, required: ["imageRef"] },
    recorded: "rebuild",
    run: rebuild,
  },
  resize: {
    verb: "resize",
    policy: "os_compute_api:servers:resize",
    from: ["ACTIVE", "SHUTOFF"],
    schema: { type: "object", properties: { flavorRef: { type: ["string", "integer"], minLength: 1 } }, required: ["flavorRef"] },
    recorded: "resize",
    run: resize,
  },
  confirmResize: { verb: "confirmResize", policy: "os_compute_api:servers:confirm_resize", recorded: "confirmResize", run: finishResize(false) },
  revertResize: { verb: "revertResize", policy: "os_compute_api:servers:revert_resize", recorded: "revertResize", run: finishResize(true) },
  lock: { verb: "lock", policy: "os_compute_api:os-lock-server:lock", schema: OBJECT_OR_NULL, recorded: "lock", ignoresLock: true, run: lock },
  unlock: { verb: "unlock", policy: "os_compute_api:os-lock-server:unlock", schema: OBJECT_OR_NULL, recorded: "unlock", ignoresLock: true, run: unlock },
  shelve: { verb: "shelve", policy: "os_compute_api:os-shelve:shelve", from: ["ACTIVE", "SHUTOFF", "PAUSED", "SUSPENDED"], schema: OBJECT_OR_NULL, recorded: "shelve", run: shelve },
  shelveOffload: { verb: "shelveOffload", policy: "os_compute_api:os-shelve:shelve_offload", from: ["SHELVED_OFFLOADED"], schema: OBJECT_OR_NULL, recorded: "shelveOffload", run: (api) => novaEmpty(api.version, 202) },
  unshelve: { verb: "unshelve", policy: "os_compute_api:os-shelve:unshelve", from: ["SHELVED_OFFLOADED"], schema: OBJECT_OR_NULL, recorded: "unshelve", run: unshelve },
  rescue: { verb: "rescue", policy: "os_compute_api:os-rescue", from: ["ACTIVE", "SHUTOFF", "ERROR"], schema: OBJECT_OR_NULL, recorded: "rescue", run: rescue },
  unrescue: { verb: "unrescue", policy: "os_compute_api:os-unrescue", from: ["RESCUE"], schema: OBJECT_OR_NULL, recorded: "unrescue", run: unrescue },
  changePassword: {
    verb: "changePassword",
    policy: "os_compute_api:os-admin-password",
    from: ["ACTIVE"],
    schema: { type: "object", properties: { adminPass: { type: "string" } }, required: ["adminPass"], additionalProperties: false },
    recorded: "changePassword",
    run: (api, deps, server) => {
      deps.servers.transition(server, "PASSWORD", "updating_password", "ACTIVE", deps.config.taskStateMs);
      return novaEmpty(api.version, 202);
    },
  },
  "os-getConsoleOutput": { verb: "get_console_output", policy: "os_compute_api:os-console-output", schema: OBJECT_OR_NULL, ignoresLock: true, run: consoleOutput },
  addSecurityGroup: { verb: "addSecurityGroup", policy: "os_compute_api:os-security-groups:add", schema: NAME_SCHEMA, run: securityGroupChange(true) },
  removeSecurityGroup: { verb: "removeSecurityGroup", policy: "os_compute_api:os-security-groups:remove", schema: NAME_SCHEMA, run: securityGroupChange(false) },
  "os-resetState": {
    verb: "os-resetState",
    policy: "os_compute_api:os-admin-actions:reset_state",
    adminOnly: true,
    schema: { type: "object", properties: { state: { type: "string", enum: ["active", "error"] } }, required: ["state"], additionalProperties: false },
    ignoresLock: true,
    run: resetState,
  },
};

/** Nova's actions the emulator does not model: Nova's answer for a feature a deployment lacks, not "no such action". */
const UNSERVED_ACTIONS = new Set([
  "createImage",
  "createBackup",
  "migrate",
  "os-migrateLive",
  "evacuate",
  "forceDelete",
  "restore",
  "trigger_crash_dump",
  "injectNetworkInfo",
  "resetNetwork",
  "addFixedIp",
  "removeFixedIp",
  "addFloatingIp",
  "removeFloatingIp",
]);

/** The action named by a body, as Nova's action_peek finds it (exactly one key), or undefined. */
export function actionName(body: unknown): string | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const keys = Object.keys(body);
  return keys.length === 1 ? keys[0] : undefined;
}

/** check_instance_lock: a locked server refuses changes from anyone but an admin. */
export function lockedRefusal(version: string, server: ServerEntry, isAdmin: boolean): Reply | undefined {
  return server.locked && !isAdmin ? novaFault(version, 409, `Instance ${server.id} is locked`) : undefined;
}

export function serverAction(api: ApiCall, deps: ComputeDeps): Reply {
  const { version } = api;
  const name = actionName(api.body);
  if (name === undefined) return novaFault(version, 400, "Malformed request body");
  if (isLegacyAction(name)) return legacyConsole(api, deps, name);
  const action = ACTIONS[name];
  if (!action && UNSERVED_ACTIONS.has(name)) {
    // Nova finds the server first: an unknown one is 404 whatever the action.
    return visibleServer(deps, api.caller, api.serverId!) ? novaFault(version, 501, NOT_SUPPORTED) : instanceNotFound(version, api.serverId!);
  }
  if (!action) return novaFault(version, 400, `There is no such action: ${name}`);
  const value = (api.body as Record<string, unknown>)[name];
  if (action.schema) {
    const problem = bodyProblem({ type: "object", properties: { [name]: action.schema }, required: [name] }, api.body);
    if (problem) return novaFault(version, 400, problem);
  }
  const serverId = api.serverId!;
  const server = visibleServer(deps, api.caller, serverId);
  if (!server) return instanceNotFound(version, serverId);
  if (!api.caller.canWrite || (action.adminOnly && !api.caller.isAdmin)) return policyRefused(version, action.policy);
  if (!action.ignoresLock) {
    const locked = lockedRefusal(version, server, api.caller.isAdmin);
    if (locked) return locked;
  }
  const conflict = (attr: string, state: string) =>
    novaFault(version, 409, `Cannot '${action.verb}' instance ${server.id} while it is in ${attr} ${state}`);
  if (action.from && !action.from.includes(server.status)) return conflict("vm_state", vmState(server));
  if (server.taskState !== null && action.verb !== "os-resetState") return conflict("task_state", server.taskState);
  const reply = action.run(api, deps, server, (value ?? {}) as Record<string, unknown>);
  if (action.recorded && reply.status < 300) return withRequestId(reply, recordAction(server, action.recorded, api.caller));
  return reply;
}
