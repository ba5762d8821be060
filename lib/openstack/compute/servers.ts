/**
 * Nova's server list: the query, its URL and the pages of
 * `GET /servers/detail`.
 */
import { OpenStackError } from "../errors";

/** GET {compute}/servers/detail?... (detail carries status and the project). */
export function listPath(basePath: string, query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.limit !== undefined) params.set("limit", String(query.limit));
  if (query.marker !== undefined) params.set("marker", query.marker);
  if (query.allProjects) params.set("all_tenants", "1");
  if (query.name !== undefined) params.set("name", query.name);
  const text = params.toString();
  return `${basePath}/servers/detail${text ? `?${text}` : ""}`;
}

export const LIST_CALL = "GET /servers/detail";

export interface ListQuery {
  readonly limit?: number;
  readonly marker?: string;
  readonly allProjects?: boolean;
  /** Nova's name filter is a regular expression. */
  readonly name?: string;
}

/** A name filter that matches exactly this name (Nova filters by regex). */
export function exactNameFilter(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
}

export interface ServerSummary {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly projectId?: string;
}

export interface ServerPage {
  readonly servers: ServerSummary[];
  /** The marker of the next page, from servers_links rel=next. */
  readonly nextMarker?: string;
}

interface RawServer {
  id?: unknown;
  name?: unknown;
  status?: unknown;
  tenant_id?: unknown;
  project_id?: unknown;
}

export function parseServerPage(text: string, call: string): ServerPage {
  let doc: { servers?: RawServer[]; servers_links?: Array<{ rel?: string; href?: string }> };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    doc = {};
  }
  if (!Array.isArray(doc?.servers)) {
    throw new OpenStackError("server-error", `${call} answered 200 without a servers list`, "The endpoint may not be Nova's compute API; check the compute endpoint.", { call, status: 200 });
  }
  const servers = doc.servers
    .filter((s) => typeof s.id === "string")
    .map((s) => ({
      id: s.id as string,
      name: typeof s.name === "string" ? s.name : "",
      status: typeof s.status === "string" ? s.status : "UNKNOWN",
      projectId: typeof s.tenant_id === "string" ? s.tenant_id : typeof s.project_id === "string" ? s.project_id : undefined,
    }));
  return { servers, nextMarker: nextMarker(doc.servers_links) };
}

function nextMarker(links: Array<{ rel?: string; href?: string }> | undefined): string | undefined {
  const href = links?.find((l) => l.rel === "next")?.href;
  if (!href) return undefined;
  try {
    return new URL(href, "http://placeholder").searchParams.get("marker") ?? undefined;
  } catch {
    return undefined;
  }
}
