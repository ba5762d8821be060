/**
 * /servers: list and detail (newest first, limit/marker pages with a "next"
 * link, Nova's regex name filter, status and all_tenants), show, create
 * (202, BUILD until scheduled) and delete (204, then "deleting" until gone).
 */
import { randomBytes } from "node:crypto";
import type { Reply } from "../http/reply";
import { visibleServer, type ApiCall, type ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { instanceNotFound, novaEmpty, novaFault, novaJson, policyRefused } from "./replies";
import { bodyProblem, queryProblem, type Schema } from "./schema";
import type { ServerEntry } from "./server-store";
import { detailView, serverLinks, summaryView } from "./server-views";

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
  const filter = (e: ServerEntry) =>
    (project === null || e.projectId === project) &&
    (matchesName === undefined || matchesName(e.name)) &&
    (status === undefined || e.status === status);

  const max = deps.config.maxPageSize;
  const limit = limitText === null || limitText === "" ? max : Math.min(max, Number(limitText));
  const marker = q.get("marker") ?? undefined;
  const page = deps.servers.page(filter, limit, marker);
  if (!page.ok) return novaFault(version, 400, `marker [${marker}] not found`);

  const ctx = { version, isAdmin: caller.isAdmin, links: api.links };
  const body: Record<string, unknown> = {
    servers: page.items.map((e) => (detail ? detailView(e, ctx) : summaryView(e, api.links))),
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
  return novaJson(api.version, 200, { server: detailView(server, { version: api.version, isAdmin: api.caller.isAdmin, links: api.links }) });
}

function createSchema(version: string): Schema {
  const needsNetworks = novaVersionAtLeast(version, "2.37");
  return {
    type: "object",
    properties: {
      server: {
        type: "object",
        properties: {
          name: { type: "string", minLength: 1, maxLength: 255 },
          imageRef: { type: "string" },
          flavorRef: { type: ["string", "integer"], minLength: 1 },
          networks: needsNetworks ? { type: ["array", "string"] } : { type: "array" },
        },
        required: needsNetworks ? ["name", "flavorRef", "networks"] : ["name", "flavorRef"],
      },
    },
    required: ["server"],
    additionalProperties: false,
  };
}

export function createServer(api: ApiCall, deps: ComputeDeps): Reply {
  const { version, caller } = api;
  const problem = bodyProblem(createSchema(version), api.body);
  if (problem) return novaFault(version, 400, problem);
  if (!caller.canWrite || caller.projectId === null) return policyRefused(version, "os_compute_api:servers:create");
  const spec = (api.body as { server: { name: string; flavorRef: string | number; imageRef?: string } }).server;
  const entry = deps.servers.add({
    name: spec.name,
    projectId: caller.projectId,
    userId: caller.userId,
    flavorRef: String(spec.flavorRef),
    imageRef: spec.imageRef,
    buildMs: deps.config.taskStateMs,
  });
  const links = serverLinks(api.links, "servers", entry.id);
  return novaJson(
    version,
    202,
    {
      server: {
        id: entry.id,
        links,
        "OS-DCF:diskConfig": "MANUAL",
        security_groups: [{ name: "default" }],
        adminPass: randomBytes(9).toString("base64url"),
      },
    },
    { Location: links[0].href },
  );
}

export function deleteServer(api: ApiCall, deps: ComputeDeps): Reply {
  const server = visibleServer(deps, api.caller, api.serverId!);
  if (!server) return instanceNotFound(api.version, api.serverId!);
  if (!api.caller.canWrite) return policyRefused(api.version, "os_compute_api:servers:delete");
  deps.servers.markDeleting(server, deps.config.taskStateMs);
  return novaEmpty(api.version, 204);
}
