/**
 * /servers: list and detail (newest first, limit/marker pages with a "next"
 * link, Nova's regex name filter, status and all_tenants), show, create
 * (202, BUILD until scheduled) and delete (204, then "deleting" until gone).
 */
import type { Reply } from "../http/reply";
import { visibleServer, type ApiCall, type ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { lockedRefusal } from "./actions";
import { recordAction } from "./instance-actions";
import { instanceNotFound, novaEmpty, novaFault, novaJson, policyRefused, withRequestId } from "./replies";
import { queryProblem, type Schema } from "./schema";
import type { ServerEntry } from "./server-store";
import { detailView, listedView, summaryView, type ViewContext } from "./server-views";

export { createServer } from "./server-create";

function viewContext(api: ApiCall, deps: ComputeDeps): ViewContext {
  return { version: api.version, isAdmin: api.caller.isAdmin, links: api.links, flavor: (id) => deps.flavors.get(id) };
}

const NON_NEGATIVE_INTEGER: Schema = { pattern: "^[0-9]*$" };

/** Nova's name filter is a database REGEXP (case-insensitive on MySQL); a broken pattern matches literally. */
function nameMatcher(pattern: string): (name: string) => boolean {
  try {
    const re = new RegExp(pattern, "i");
    return (name) => re.test(name);
  } catch {
    const needle = pattern.toLowerCase();
    return (name) => name.toLowerCase().includes(needle);
  }
}

/** common.is_all_tenants: present and not false-ish. */
function isAllTenants(value: string | null): boolean {
  return value !== null && !["0", "false", "f", "no", "n", "off"].includes(value.toLowerCase());
}

type Filters = { ok: true; tests: Array<(e: ServerEntry) => boolean> } | { ok: false; message: string };

/** Nova's ISO 8601 check of a time filter; undefined when it parses. */
function timeProblem(name: string, value: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value))
    ? undefined
    : `Invalid input for query parameters ${name}. Value: ${value}. '${value}' is not a 'date-time'`;
}

const csv = (value: string | null): string[] | undefined => (value === null ? undefined : value.split(",").filter((t) => t !== ""));

/**
 * The list filters clients use beyond name and status, as Nova applies them for
 * everyone: changes-since / changes-before (2.66) on `updated`, flavor and image
 * by id, ip (a regex over fixed IPs), the tag filters (2.26) and locked (2.73).
 */
function listFilters(q: URLSearchParams, version: string): Filters {
  const tests: Array<(e: ServerEntry) => boolean> = [];
  const at = (v: string) => novaVersionAtLeast(version, v);
  const since = q.get("changes-since");
  const before = at("2.66") ? q.get("changes-before") : null;
  for (const [name, value] of [["changes-since", since], ["changes-before", before]] as const) {
    if (value === null) continue;
    const problem = timeProblem(name, value);
    if (problem) return { ok: false, message: problem };
  }
  if (since !== null && before !== null && Date.parse(since) > Date.parse(before)) {
    return { ok: false, message: `The value of changes-since must be less than or equal to changes-before.` };
  }
  if (since !== null) tests.push((e) => Date.parse(e.updated) >= Date.parse(since));
  if (before !== null) tests.push((e) => Date.parse(e.updated) <= Date.parse(before));
  const flavor = q.get("flavor");
  if (flavor !== null) tests.push((e) => e.flavorRef === flavor);
  const image = q.get("image");
  if (image !== null) tests.push((e) => e.imageRef === image);
  const ip = q.get("ip");
  if (ip !== null) {
    const re = (() => {
      try {
        return new RegExp(ip);
      } catch {
        return undefined;
      }
    })();
    tests.push((e) => e.nics.some((n) => (re ? re.test(n.ip) : n.ip.includes(ip))));
  }
  if (at("2.26")) {
    const all = csv(q.get("tags"));
    const any = csv(q.get("tags-any"));
    const notAll = csv(q.get("not-tags"));
    const notAny = csv(q.get("not-tags-any"));
    if (all) tests.push((e) => all.every((t) => e.tags.includes(t)));
    if (any) tests.push((e) => any.some((t) => e.tags.includes(t)));
    if (notAll) tests.push((e) => !notAll.every((t) => e.tags.includes(t)));
    if (notAny) tests.push((e) => !notAny.some((t) => e.tags.includes(t)));
  }
  const locked = at("2.73") ? q.get("locked") : null;
  if (locked !== null) {
    const wanted = ["true", "1", "yes", "on", "t", "y"].includes(locked.toLowerCase());
    if (!wanted && !["false", "0", "no", "off", "f", "n"].includes(locked.toLowerCase())) {
      return { ok: false, message: `Invalid input for query parameters locked. Value: ${locked}. '${locked}' is not one of ['true', 'false', 'True', 'False', '1', '0', 'yes', 'no']` };
    }
    tests.push((e) => e.locked === wanted);
  }
  return { ok: true, tests };
}

export function listServers(api: ApiCall, deps: ComputeDeps, detail: boolean): Reply {
  const { version, caller } = api;
  const q = api.call.query;
  const limitText = q.get("limit");
  if (limitText !== null) {
    const problem = queryProblem("limit", limitText, NON_NEGATIVE_INTEGER);
    if (problem) return novaFault(version, 400, problem);
  }
  const allTenants = isAllTenants(q.get("all_tenants"));
  if (allTenants && !caller.isAdmin) {
    return policyRefused(version, `os_compute_api:servers:${detail ? "detail" : "index"}:get_all_tenants`);
  }
  if (caller.projectId === null && !allTenants) {
    return policyRefused(version, `os_compute_api:servers:${detail ? "detail" : "index"}`);
  }
  const project = allTenants ? (q.get("project_id") ?? q.get("tenant_id")) : caller.projectId;
  const name = q.get("name");
  const matchesName = name === null ? undefined : nameMatcher(name);
  const status = q.get("status")?.toUpperCase();
  const more = listFilters(q, version);
  if (!more.ok) return novaFault(version, 400, more.message);
  const filter = (e: ServerEntry) =>
    (project === null || e.projectId === project) &&
    (matchesName === undefined || matchesName(e.name)) &&
    (status === undefined || e.status === status) &&
    more.tests.every((t) => t(e));

  const max = deps.config.maxPageSize;
  const limit = limitText === null || limitText === "" ? max : Math.min(max, Number(limitText));
  const marker = q.get("marker") ?? undefined;
  const page = deps.servers.page(filter, limit, marker);
  if (!page.ok) return novaFault(version, 400, `marker [${marker}] not found`);

  const ctx = viewContext(api, deps);
  const body: Record<string, unknown> = {
    servers: page.items.map((e) => (detail ? listedView(e, ctx) : summaryView(e, api.links))),
  };
  if (page.items.length > 0 && page.items.length === limit) {
    // Nova copies the query, replaces the marker and appends it last.
    const params = new URLSearchParams(q);
    params.delete("marker");
    params.append("marker", page.items[page.items.length - 1].id);
    body.servers_links = [{ rel: "next", href: `${api.links.api}/servers${detail ? "/detail" : ""}?${params.toString()}` }];
  }
  return novaJson(version, 200, body);
}

export function showServer(api: ApiCall, deps: ComputeDeps): Reply {
  const server = visibleServer(deps, api.caller, api.serverId!);
  if (!server) return instanceNotFound(api.version, api.serverId!);
  return novaJson(api.version, 200, { server: detailView(server, viewContext(api, deps)) });
}

export function deleteServer(api: ApiCall, deps: ComputeDeps): Reply {
  const server = visibleServer(deps, api.caller, api.serverId!);
  if (!server) return instanceNotFound(api.version, api.serverId!);
  if (!api.caller.canWrite) return policyRefused(api.version, "os_compute_api:servers:delete");
  const locked = lockedRefusal(api.version, server, api.caller.isAdmin);
  if (locked) return locked;
  deps.servers.markDeleting(server, deps.config.taskStateMs);
  return withRequestId(novaEmpty(api.version, 204), recordAction(server, "delete", api.caller));
}

/** GET /servers/{id}/os-volume_attachments: the boot volume a server was built on. */
export function serverVolumes(api: ApiCall, deps: ComputeDeps): Reply {
  const { version } = api;
  const server = visibleServer(deps, api.caller, api.serverId!);
  if (!server) return instanceNotFound(version, api.serverId!);
  return novaJson(version, 200, {
    volumeAttachments: server.volumes.map((volumeId) => ({
      ...(novaVersionAtLeast(version, "2.89") ? {} : { id: volumeId }),
      device: "/dev/vda",
      serverId: server.id,
      volumeId,
      ...(novaVersionAtLeast(version, "2.89") ? { attachment_id: volumeId.replace(/^.{8}/, "a77ac4ed"), bdm_uuid: volumeId.replace(/^.{8}/, "bd3a0000") } : {}),
      ...(novaVersionAtLeast(version, "2.70") ? { tag: null } : {}),
      ...(novaVersionAtLeast(version, "2.79") ? { delete_on_termination: true } : {}),
    })),
  });
}
