/**
 * Flavors: the emulator's set (by default devstack's m1.* with ids "1".."5"),
 * GET /flavors, /flavors/detail (is_public, minRam, minDisk, sort, limit and
 * marker with a "next" link), /flavors/{id} and /flavors/{id}/os-extra_specs,
 * with the fields each microversion adds, as the recorded Nova writes them.
 */
import { randomUUID } from "node:crypto";
import { EmulatorConfigError, shown } from "../errors";
import { PythonFloat } from "../http/python-format";
import type { Reply } from "../http/reply";
import type { FlavorSpec } from "../types";
import type { ApiCall, ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { novaFault, novaJson } from "./replies";
import type { LinkBase } from "./server-views";

export interface Flavor {
  id: string;
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
}

export const DEFAULT_FLAVORS: readonly FlavorSpec[] = [
  { id: "1", name: "m1.tiny", ram: 512, vcpus: 1, disk: 1 },
  { id: "2", name: "m1.small", ram: 2048, vcpus: 1, disk: 20 },
  { id: "3", name: "m1.medium", ram: 4096, vcpus: 2, disk: 40 },
  { id: "4", name: "m1.large", ram: 8192, vcpus: 4, disk: 80 },
  { id: "5", name: "m1.xlarge", ram: 16384, vcpus: 8, disk: 160 },
];

function positive(name: string, field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new EmulatorConfigError("flavors", `${field} of flavor ${shown(name)} is ${shown(value)}, not a whole number`, "give e.g. ram: 2048, vcpus: 1, disk: 20");
  }
  return value;
}

export class FlavorStore {
  private readonly byId = new Map<string, Flavor>();

  constructor(specs: readonly FlavorSpec[]) {
    for (const spec of specs) {
      if (typeof spec?.name !== "string" || spec.name === "") throw new EmulatorConfigError("flavors", `${shown(spec)} has no name`, 'give {"name": "m1.small"}');
      const id = spec.id ?? randomUUID();
      if (this.byId.has(id)) throw new EmulatorConfigError("flavors", `id ${shown(id)} is used twice`, "give each flavor its own id");
      this.byId.set(id, {
        id,
        name: spec.name,
        ram: positive(spec.name, "ram", spec.ram, 512),
        vcpus: positive(spec.name, "vcpus", spec.vcpus, 1),
        disk: positive(spec.name, "disk", spec.disk, 1),
      });
    }
  }

  get(id: string): Flavor | undefined {
    return this.byId.get(id);
  }

  /** Nova's default order: flavorid ascending. */
  sorted(): Flavor[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

function links(base: LinkBase, id: string) {
  return [
    { rel: "self", href: `${base.api}/flavors/${id}` },
    { rel: "bookmark", href: `${base.bookmark}/flavors/${id}` },
  ];
}

export function flavorDetail(f: Flavor, version: string, base: LinkBase): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    ram: f.ram,
    disk: f.disk,
    swap: novaVersionAtLeast(version, "2.75") ? 0 : "",
    "OS-FLV-EXT-DATA:ephemeral": 0,
    "OS-FLV-DISABLED:disabled": false,
    vcpus: f.vcpus,
    "os-flavor-access:is_public": true,
    rxtx_factor: new PythonFloat(1),
    links: links(base, f.id),
  };
  if (novaVersionAtLeast(version, "2.55")) view.description = null;
  if (novaVersionAtLeast(version, "2.61")) view.extra_specs = {};
  return view;
}

/** The flavor as a server's detail embeds it from 2.47. */
export function embeddedFlavor(f: Flavor): Record<string, unknown> {
  return { vcpus: f.vcpus, ram: f.ram, disk: f.disk, ephemeral: 0, swap: 0, original_name: f.name, extra_specs: {} };
}

export const flavorNotFound = (version: string, id: string): Reply => novaFault(version, 404, `Flavor ${id} could not be found.`);

export function listFlavors(api: ApiCall, deps: ComputeDeps, detail: boolean): Reply {
  const { version } = api;
  const q = api.call.query;
  const isPublic = (q.get("is_public") ?? "true").toLowerCase();
  const minRam = Number(q.get("minRam") ?? 0);
  const minDisk = Number(q.get("minDisk") ?? 0);
  if (!Number.isFinite(minRam)) return novaFault(version, 400, `Invalid minRam filter [${q.get("minRam")}]`);
  if (!Number.isFinite(minDisk)) return novaFault(version, 400, `Invalid minDisk filter [${q.get("minDisk")}]`);
  let flavors = deps.flavors.sorted().filter((f) => isPublic !== "false" && f.ram >= minRam && f.disk >= minDisk);
  const marker = q.get("marker");
  if (marker !== null) {
    const at = flavors.findIndex((f) => f.id === marker);
    if (at < 0) return novaFault(version, 400, `marker [${marker}] not found`);
    flavors = flavors.slice(at + 1);
  }
  const limitText = q.get("limit");
  const limit = Math.min(deps.config.maxPageSize, limitText === null || !/^\d+$/.test(limitText) ? deps.config.maxPageSize : Number(limitText));
  const page = flavors.slice(0, limit);
  const body: Record<string, unknown> = {
    flavors: page.map((f) => (detail ? flavorDetail(f, version, api.links) : { id: f.id, name: f.name, links: links(api.links, f.id), ...(novaVersionAtLeast(version, "2.55") ? { description: null } : {}) })),
  };
  if (page.length > 0 && page.length === limit) {
    const params = new URLSearchParams(q);
    params.delete("marker");
    params.append("marker", page[page.length - 1].id);
    body.flavors_links = [{ rel: "next", href: `${api.links.api}/flavors${detail ? "/detail" : ""}?${params.toString()}` }];
  }
  return novaJson(version, 200, body);
}

export function showFlavor(api: ApiCall, deps: ComputeDeps, id: string): Reply {
  const flavor = deps.flavors.get(id);
  if (!flavor) return flavorNotFound(api.version, id);
  return novaJson(api.version, 200, { flavor: flavorDetail(flavor, api.version, api.links) });
}

export function flavorExtraSpecs(api: ApiCall, deps: ComputeDeps, id: string): Reply {
  if (!deps.flavors.get(id)) return flavorNotFound(api.version, id);
  return novaJson(api.version, 200, { extra_specs: {} });
}
