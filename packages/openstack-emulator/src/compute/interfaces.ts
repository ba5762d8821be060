/**
 * /servers/{id}/os-interface: list, show, attach (a port on a network Nova
 * makes, or one given) and detach, as Terraform's
 * openstack_compute_interface_attach_v2 drives them; Nova's 404s and 409s.
 */
import type { Reply } from "../http/reply";
import { lockedRefusal } from "./actions";
import { visibleServer, type ApiCall, type ComputeDeps } from "./context";
import { recordAction } from "./instance-actions";
import { novaVersionAtLeast } from "./microversion";
import { instanceNotFound, novaEmpty, novaFault, novaJson, policyRefused, withRequestId } from "./replies";
import { bodyProblem, type Schema } from "./schema";
import type { ServerEntry, ServerNic } from "./server-store";
import { vmState } from "./server-views";

function attachmentView(n: ServerNic, version: string) {
  return {
    port_state: "ACTIVE",
    fixed_ips: [{ subnet_id: n.subnetId, ip_address: n.ip }],
    port_id: n.portId,
    net_id: n.networkId,
    mac_addr: n.mac,
    ...(novaVersionAtLeast(version, "2.70") ? { tag: null } : {}),
  };
}

const UUID = "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$";

const ATTACH_SCHEMA: Schema = {
  type: "object",
  properties: {
    interfaceAttachment: {
      type: "object",
      properties: { net_id: { type: "string", pattern: UUID }, port_id: { type: "string", pattern: UUID }, fixed_ips: { type: "array" }, tag: { type: "string" } },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

/** Attach and detach need the server on a host, in a running or stopped state. */
function stateRefusal(version: string, server: ServerEntry, verb: string): Reply | undefined {
  if (!["ACTIVE", "PAUSED", "SHUTOFF"].includes(server.status) || server.taskState !== null) {
    const [attr, state] = server.taskState !== null ? ["task_state", server.taskState] : ["vm_state", vmState(server)];
    return novaFault(version, 409, `Cannot '${verb}' instance ${server.id} while it is in ${attr} ${state}`);
  }
  return undefined;
}

export function serverInterfaces(api: ApiCall, deps: ComputeDeps, portId: string | undefined): Reply {
  const { version } = api;
  const method = api.call.method;
  if (method === "POST") {
    const problem = bodyProblem(ATTACH_SCHEMA, api.body);
    if (problem) return novaFault(version, 400, problem);
  }
  const server = visibleServer(deps, api.caller, api.serverId!);
  if (!server) return instanceNotFound(version, api.serverId!);
  const nics = server.host ? server.nics : [];
  if (method === "GET" && portId === undefined) return novaJson(version, 200, { interfaceAttachments: nics.map((n) => attachmentView(n, version)) });
  if (method === "GET") {
    const nic = nics.find((n) => n.portId === portId);
    if (nic) return novaJson(version, 200, { interfaceAttachment: attachmentView(nic, version) });
    if (!deps.networks.port(portId!)) return novaFault(version, 404, `Port id ${portId} could not be found.`);
    return novaFault(version, 404, `Instance ${server.id} does not have a port with id ${portId}`);
  }
  if (!api.caller.canWrite) return policyRefused(version, `os_compute_api:os-attach-interfaces:${method === "POST" ? "create" : "delete"}`);
  const locked = lockedRefusal(version, server, api.caller.isAdmin);
  if (locked) return locked;
  const refused = stateRefusal(version, server, method === "POST" ? "attach_interface" : "detach_interface");
  if (refused) return refused;
  if (method === "DELETE") {
    const nic = server.nics.find((n) => n.portId === portId);
    if (!nic) return novaFault(version, 404, `Port ${portId} is not attached`);
    server.nics = server.nics.filter((n) => n !== nic);
    deps.networks.deletePort(nic.portId);
    deps.servers.touch(server);
    return withRequestId(novaEmpty(version, 202), recordAction(server, "detach_interface", api.caller));
  }
  const spec = (api.body as { interfaceAttachment?: { net_id?: string; port_id?: string } }).interfaceAttachment ?? {};
  if (spec.port_id !== undefined) return novaFault(version, 404, `Port id ${spec.port_id} could not be found.`);
  const visible = deps.networks.visibleNetworks(api.caller.projectId, api.caller.isAdmin).filter((n) => !n.external || n.shared || api.caller.isAdmin);
  let network = spec.net_id === undefined ? undefined : deps.networks.network(spec.net_id);
  if (spec.net_id !== undefined && (!network || !visible.includes(network))) return novaFault(version, 404, `Network ${spec.net_id} could not be found.`);
  if (network === undefined) {
    if (visible.length !== 1) return novaFault(version, 400, `No specific network was requested and none are available for project '${server.projectId}'.`);
    network = visible[0];
  }
  const port = deps.networks.createPort(network, server.projectId, server.id);
  if (!port) return novaFault(version, 400, `No more IP addresses available on network ${network.id}.`);
  const nic: ServerNic = { portId: port.id, networkId: network.id, networkName: network.name, subnetId: port.subnetId, ip: port.ip, mac: port.mac };
  server.nics = [...server.nics, nic];
  deps.servers.touch(server);
  return withRequestId(novaJson(version, 200, { interfaceAttachment: attachmentView(nic, version) }), recordAction(server, "attach_interface", api.caller));
}
