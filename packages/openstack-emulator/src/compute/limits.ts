/**
 * What a project may use: /limits, /os-quota-sets/{project}[/detail|/defaults]
 * and /os-availability-zone[/detail]. The emulator enforces only the
 * metadata items quota (128), so instances, cores and RAM are reported as
 * unlimited (-1), as a cloud whose operator lifted them; fields leave with
 * the microversions that dropped them (network quotas at 2.36, personality
 * at 2.57).
 */
import type { Reply } from "../http/reply";
import type { ApiCall, ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { COMPUTE_HOST } from "./server-store";
import { METADATA_ITEMS_QUOTA } from "./server-updates";
import { novaJson, policyRefused } from "./replies";

function quotaLimits(version: string): Record<string, number> {
  const limits: Record<string, number> = { cores: -1, instances: -1, key_pairs: 100, metadata_items: METADATA_ITEMS_QUOTA, ram: -1, server_groups: 10, server_group_members: 10 };
  if (!novaVersionAtLeast(version, "2.57")) Object.assign(limits, { injected_file_content_bytes: 10240, injected_file_path_bytes: 255, injected_files: 5 });
  if (!novaVersionAtLeast(version, "2.36")) Object.assign(limits, { fixed_ips: -1, floating_ips: 10, security_group_rules: 20, security_groups: 10 });
  return limits;
}

function usage(deps: ComputeDeps, projectId: string): { instances: number; cores: number; ram: number } {
  const totals = { instances: 0, cores: 0, ram: 0 };
  for (const s of deps.servers.records()) {
    if (s.projectId !== projectId) continue;
    const entry = deps.servers.get(s.id);
    const flavor = entry ? deps.flavors.get(entry.flavorRef) : undefined;
    totals.instances++;
    totals.cores += flavor?.vcpus ?? 1;
    totals.ram += flavor?.ram ?? 512;
  }
  return totals;
}

export function showLimits(api: ApiCall, deps: ComputeDeps): Reply {
  const { version } = api;
  const q = quotaLimits(version);
  const used = usage(deps, api.caller.projectId ?? "");
  const absolute: Record<string, number> = {
    maxServerMeta: q.metadata_items,
    maxImageMeta: 128,
    maxTotalKeypairs: q.key_pairs,
    maxServerGroups: q.server_groups,
    maxServerGroupMembers: q.server_group_members,
    maxTotalCores: q.cores,
    maxTotalInstances: q.instances,
    maxTotalRAMSize: q.ram,
    totalCoresUsed: used.cores,
    totalInstancesUsed: used.instances,
    totalRAMUsed: used.ram,
    totalServerGroupsUsed: 0,
  };
  if (!novaVersionAtLeast(version, "2.57")) Object.assign(absolute, { maxPersonality: 5, maxPersonalitySize: 10240 });
  if (!novaVersionAtLeast(version, "2.36")) {
    Object.assign(absolute, { maxSecurityGroupRules: 20, maxSecurityGroups: 10, maxTotalFloatingIps: 10, totalFloatingIpsUsed: 0, totalSecurityGroupsUsed: 0 });
  }
  return novaJson(version, 200, { limits: { rate: [], absolute } });
}

/** GET /os-quota-sets/{project}[/detail|/defaults]: a member reads their own project's, an admin any. */
export function showQuotas(api: ApiCall, deps: ComputeDeps, projectId: string, view: "show" | "detail" | "defaults"): Reply {
  const { version, caller } = api;
  if (view !== "defaults" && !caller.isAdmin && caller.projectId !== projectId) {
    return policyRefused(version, `os_compute_api:os-quota-sets:${view}`);
  }
  const limits = quotaLimits(version);
  if (view !== "detail") return novaJson(version, 200, { quota_set: { id: projectId, ...limits } });
  const used = usage(deps, projectId);
  const detail: Record<string, unknown> = { id: projectId };
  for (const [name, limit] of Object.entries(limits)) {
    detail[name] = { in_use: (used as Record<string, number>)[name] ?? 0, limit, reserved: 0 };
  }
  return novaJson(version, 200, { quota_set: detail });
}

export function availabilityZones(api: ApiCall, _deps: ComputeDeps, detail: boolean): Reply {
  if (!detail) return novaJson(api.version, 200, { availabilityZoneInfo: [{ zoneName: "nova", zoneState: { available: true }, hosts: null }] });
  if (!api.caller.isAdmin) return policyRefused(api.version, "os_compute_api:os-availability-zone:detail");
  const service = (name: string) => ({ [name]: { available: true, active: true, updated_at: new Date().toISOString().replace("Z", "000") } });
  return novaJson(api.version, 200, {
    availabilityZoneInfo: [
      { zoneName: "internal", zoneState: { available: true }, hosts: { "emulator-controller": { ...service("nova-conductor"), ...service("nova-scheduler") } } },
      { zoneName: "nova", zoneState: { available: true }, hosts: { [COMPUTE_HOST]: service("nova-compute") } },
    ],
  });
}

