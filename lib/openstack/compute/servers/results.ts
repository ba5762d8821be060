import { OpenStackError } from "../../errors";

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
