/**
 * Server representations as Nova's view builder writes them
 * (nova/api/openstack/compute/views/servers.py): the summary of a list,
 * and the detail whose fields grow with the microversion and, for admins,
 * the extended attributes.
 */
import { createHash } from "node:crypto";
import { embeddedFlavor, type Flavor } from "./flavors";
import { novaVersionAtLeast } from "./microversion";
import { type ServerEntry } from "./server-store";

/** Where links point: "<origin><prefix>/v2.1[/<project>]" and the bookmark form without the version. */
export interface LinkBase {
  api: string;
  bookmark: string;
}

export interface ViewContext {
  version: string;
  isAdmin: boolean;
  links: LinkBase;
  /** The flavor a server was built with (its id may no longer be listed). */
  flavor(id: string): Flavor | undefined;
}

/** Addresses by network name, as Nova's network info cache gives them once the server is built. */
function addresses(entry: ServerEntry): Record<string, unknown> {
  const out: Record<string, unknown[]> = {};
  if (!entry.host) return out;
  for (const nic of entry.nics) {
    (out[nic.networkName] ??= []).push({ version: 4, addr: nic.ip, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": nic.mac });
  }
  return out;
}

const VM_STATES: Record<string, [string, number]> = {
  ACTIVE: ["active", 1],
  SHUTOFF: ["stopped", 4],
  PAUSED: ["paused", 3],
  SUSPENDED: ["suspended", 7],
  BUILD: ["building", 0],
  ERROR: ["error", 0],
  VERIFY_RESIZE: ["resized", 1],
  SHELVED_OFFLOADED: ["shelved_offloaded", 4],
  RESCUE: ["rescued", 1],
  REBOOT: ["active", 1],
  HARD_REBOOT: ["active", 1],
  REBUILD: ["active", 1],
  RESIZE: ["active", 1],
  PASSWORD: ["active", 1],
};

/** Statuses that carry "progress" in Nova's view. */
const PROGRESS_STATUSES = new Set(["ACTIVE", "BUILD", "VERIFY_RESIZE", "REBUILD", "RESIZE"]);

export function vmState(entry: ServerEntry): string {
  return VM_STATES[entry.status][0];
}

export function serverLinks(links: LinkBase, collection: string, id: string) {
  return [
    { rel: "self", href: `${links.api}/${collection}/${id}` },
    { rel: "bookmark", href: `${links.bookmark}/${collection}/${id}` },
  ];
}

export function summaryView(entry: ServerEntry, links: LinkBase) {
  return { id: entry.id, name: entry.name, links: serverLinks(links, "servers", entry.id) };
}

function hostId(entry: ServerEntry): string {
  return entry.host ? createHash("sha224").update(entry.projectId + entry.host).digest("hex") : "";
}

export function detailView(entry: ServerEntry, ctx: ViewContext): Record<string, unknown> {
  const at = (v: string) => novaVersionAtLeast(ctx.version, v);
  const [vm, power] = VM_STATES[entry.status];
  const view: Record<string, unknown> = {
    id: entry.id,
    name: entry.name,
    status: entry.status,
    tenant_id: entry.projectId,
    user_id: entry.userId,
    metadata: entry.metadata,
    hostId: hostId(entry),
    image:
      entry.imageRef === ""
        ? ""
        : {
            id: entry.imageRef,
            links: [{ rel: "bookmark", href: `${ctx.links.bookmark}/images/${entry.imageRef}` }],
            // 2.98: the image's properties as the instance recorded them (the emulator's images have none).
            ...(at("2.98") ? { properties: {} } : {}),
          },
    flavor: at("2.47")
      ? embeddedFlavor(ctx.flavor(entry.flavorRef) ?? { id: entry.flavorRef, name: "m1.tiny", ram: 512, vcpus: 1, disk: 1 })
      : { id: entry.flavorRef, links: [{ rel: "bookmark", href: `${ctx.links.bookmark}/flavors/${entry.flavorRef}` }] },
    created: entry.created,
    updated: entry.updated,
    addresses: addresses(entry),
    accessIPv4: entry.accessIPv4,
    accessIPv6: entry.accessIPv6,
    links: serverLinks(ctx.links, "servers", entry.id),
    "OS-DCF:diskConfig": entry.diskConfig,
  };
  if (PROGRESS_STATUSES.has(entry.status)) view.progress = 0;
  Object.assign(view, {
    "OS-EXT-AZ:availability_zone": entry.host ? "nova" : "",
    config_drive: "",
    key_name: entry.keyName,
    "OS-SRV-USG:launched_at": entry.launchedAt,
    "OS-SRV-USG:terminated_at": null,
  });
  if (ctx.isAdmin) {
    const instanceName = `instance-${entry.internalId.toString(16).padStart(8, "0")}`;
    Object.assign(view, {
      "OS-EXT-SRV-ATTR:host": entry.host,
      "OS-EXT-SRV-ATTR:instance_name": instanceName,
      "OS-EXT-SRV-ATTR:hypervisor_hostname": entry.host,
    });
    if (at("2.3")) {
      Object.assign(view, {
        "OS-EXT-SRV-ATTR:reservation_id": `r-${entry.id.slice(0, 8)}`,
        "OS-EXT-SRV-ATTR:launch_index": 0,
        "OS-EXT-SRV-ATTR:hostname": entry.hostname,
        "OS-EXT-SRV-ATTR:kernel_id": "",
        "OS-EXT-SRV-ATTR:ramdisk_id": "",
        "OS-EXT-SRV-ATTR:root_device_name": entry.host ? "/dev/vda" : null,
        "OS-EXT-SRV-ATTR:user_data": entry.userData,
      });
    }
  }
  Object.assign(view, {
    "OS-EXT-STS:task_state": entry.taskState,
    "OS-EXT-STS:vm_state": vm,
    "OS-EXT-STS:power_state": power,
    "os-extended-volumes:volumes_attached": entry.volumes.map((id) => (at("2.3") ? { id, delete_on_termination: true } : { id })),
  });
  if (entry.nics.length > 0 && entry.host && entry.securityGroups.length > 0) view.security_groups = entry.securityGroups.map((name) => ({ name }));
  if (entry.status === "ERROR" && !entry.host) {
    view.fault = { code: 500, created: entry.updated, message: "No valid host was found. " };
  }
  // 2.90 shows the hostname to everyone (admins had it with the extended attributes).
  if (at("2.90") && !ctx.isAdmin) view["OS-EXT-SRV-ATTR:hostname"] = entry.hostname;
  if (at("2.9")) view.locked = entry.locked;
  if (at("2.73")) view.locked_reason = entry.lockedReason;
  if (at("2.19")) view.description = entry.description;
  if (at("2.26")) view.tags = entry.tags;
  if (at("2.63")) view.trusted_image_certificates = null;
  if (at("2.16") && ctx.isAdmin) view.host_status = entry.host ? "UP" : "";
  if (at("2.71")) view.server_groups = [];
  if (at("2.96")) view.pinned_availability_zone = null;
  if (at("2.100")) view.scheduler_hints = entry.schedulerHints;
  return view;
}

/** A server in a list's detail: as shown, without server_groups (2.71 shows them in show, update and rebuild only). */
export function listedView(entry: ServerEntry, ctx: ViewContext): Record<string, unknown> {
  const view = detailView(entry, ctx);
  delete view.server_groups;
  return view;
}

/** Keys the detail view has that Nova's update and rebuild answers leave out below 2.75 (show_* off). */
const EXTENDED = /^(OS-EXT-AZ|OS-EXT-SRV-ATTR|OS-EXT-STS|OS-SRV-USG|os-extended-volumes):|^(config_drive|key_name|security_groups|host_status|server_groups|fault)$/;

/**
 * The server in an update's or a rebuild's answer: below 2.75 Nova's restricted view
 * (no extended attributes, groups; a rebuild shows key_name from 2.54), addresses
 * without their extended keys; from 2.75 the detail.
 */
export function changedView(entry: ServerEntry, ctx: ViewContext, kind: "update" | "rebuild"): Record<string, unknown> {
  const view = detailView(entry, ctx);
  // extend_address=False: addresses carry only version and addr.
  view.addresses = Object.fromEntries(
    Object.entries(view.addresses as Record<string, Array<{ version: number; addr: string }>>).map(([net, list]) => [net, list.map(({ version, addr }) => ({ version, addr }))]),
  );
  if (novaVersionAtLeast(ctx.version, "2.75")) return view;
  const kept = (k: string) => !EXTENDED.test(k) || (k === "key_name" && kind === "rebuild" && novaVersionAtLeast(ctx.version, "2.54"));
  return Object.fromEntries(Object.entries(view).filter(([k]) => kept(k)));
}
