/**
 * The Glance listener (image API v2), as much of it as clients read: the
 * version list, image list (name/status/visibility/id filters, sort, limit
 * and marker pages with Glance's "first"/"next" links) and image show, with
 * Glance's HTML 404 and 401 pages.
 */
import { randomUUID } from "node:crypto";
import type { IncomingCall, Routed } from "../http/call";
import { pythonJson } from "../http/python-format";
import type { Headers, Reply } from "../http/reply";
import type { TokenStore } from "../identity/tokens";
import { imageView, type ImageEntry, type ImageStore } from "./images";

export interface ImageServiceDeps {
  images: ImageStore;
  tokens: TokenStore;
  origin: () => string;
  keystoneUri: () => string;
}

/** Glance's [DEFAULT] limit_param_default and api_limit_max. */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
const VERSIONS = ["2.15", "2.13", "2.12", "2.11", "2.10", "2.9", "2.8", "2.7", "2.6", "2.5", "2.4", "2.3", "2.2", "2.1", "2.0"];

const requestId = (): Headers => ({ "X-Openstack-Request-Id": `req-${randomUUID()}` });

function json(status: number, body: unknown, withId = true): Reply {
  return { status, headers: { "Content-Type": "application/json", ...(withId ? requestId() : {}) }, body: pythonJson(body) };
}

/** webob's error page, as Glance sends its 4xx. */
export function webobPage(status: number, title: string, detail: string, extra: Headers = {}): Reply {
  return {
    status,
    headers: { "Content-Type": "text/html; charset=UTF-8", ...extra, ...requestId() },
    body: `<html>\n <head>\n  <title>${status} ${title}</title>\n </head>\n <body>\n  <h1>${status} ${title}</h1>\n  ${detail}<br /><br />\n\n\n\n </body>\n</html>`,
  };
}

const UNAUTHORIZED_DETAIL =
  "This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.";

type SortKey = "created_at" | "updated_at" | "name" | "id";

function sortSpec(q: URLSearchParams): { key: SortKey; desc: boolean } | { error: string } {
  const sort = q.get("sort");
  if (sort !== null) {
    const [key, dir = "asc"] = sort.split(",")[0].split(":");
    if (!["created_at", "updated_at", "name", "id"].includes(key)) return { error: `Invalid sort key: ${key}. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.` };
    if (dir !== "asc" && dir !== "desc") return { error: `Invalid sort direction: ${dir}` };
    return { key: key as SortKey, desc: dir === "desc" };
  }
  const key = (q.get("sort_key") ?? "created_at") as SortKey;
  return { key, desc: (q.get("sort_dir") ?? "desc") === "desc" };
}

function compare(a: ImageEntry, b: ImageEntry, key: SortKey): number {
  const field = (e: ImageEntry) => (key === "name" ? e.name : key === "id" ? e.id : e.createdAt);
  return field(a) < field(b) ? -1 : field(a) > field(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class ImageService {
  constructor(private readonly deps: ImageServiceDeps) {}

  route(call: IncomingCall): Routed {
    const path = call.path.replace(/\/+$/, "");
    if (path === "" || path === "/versions") {
      return { key: "image.versions", handle: () => this.versions(path === "" ? 300 : 200) };
    }
    const one = /^\/v2\/images\/([^/]+)$/.exec(path);
    if (path === "/v2/images" && call.method === "GET") return { key: "image.images", handle: () => this.authed(call, () => this.list(call)) };
    if (one && call.method === "GET") return { key: "image.images", handle: () => this.authed(call, () => this.show(decodeURIComponent(one[1]))) };
    return { key: "image.other", handle: () => this.authed(call, () => webobPage(404, "Not Found", "The resource could not be found.")) };
  }

  private versions(status: number): Reply {
    const self = `${this.deps.origin()}/v2/`;
    const values = VERSIONS.map((v, i) => ({ id: `v${v}`, status: i === 0 ? "CURRENT" : "SUPPORTED", links: [{ rel: "self", href: self }] }));
    return json(status, { versions: values }, false);
  }

  private authed(call: IncomingCall, then: () => Reply): Reply {
    if (!this.deps.tokens.valid(call.header("x-auth-token"))) {
      return webobPage(401, "Unauthorized", UNAUTHORIZED_DETAIL, { "Www-Authenticate": `Keystone uri="${this.deps.keystoneUri()}"` });
    }
    return then();
  }

  private list(call: IncomingCall): Reply {
    const q = call.query;
    const limitText = q.get("limit");
    if (limitText !== null && !/^\d+$/.test(limitText)) return webobPage(400, "Bad Request", "limit param must be an integer");
    const limit = Math.min(MAX_LIMIT, limitText === null ? DEFAULT_LIMIT : Number(limitText));
    const sort = sortSpec(q);
    if ("error" in sort) return webobPage(400, "Bad Request", sort.error);
    const name = q.get("name");
    const status = q.get("status");
    const visibility = q.get("visibility");
    const id = q.get("id");
    const ids = id?.startsWith("in:") ? new Set(id.slice(3).split(",")) : id !== null ? new Set([id]) : undefined;
    let matching = this.deps.images
      .all()
      .filter(
        (e) =>
          (name === null || e.name === name) &&
          (status === null || status === "active") &&
          (visibility === null || visibility === "public" || visibility === "all") &&
          (ids === undefined || ids.has(e.id)),
      )
      .sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key));
    const marker = q.get("marker");
    if (marker !== null) {
      const at = matching.findIndex((e) => e.id === marker);
      if (at < 0) return webobPage(400, "Bad Request", `marker ${marker} could not be found.`);
      matching = matching.slice(at + 1);
    }
    const page = matching.slice(0, limit);
    const query = new URLSearchParams(q);
    query.delete("marker");
    const first = `/v2/images${query.toString() ? `?${query.toString()}` : ""}`;
    const body: Record<string, unknown> = { images: page.map(imageView), first, schema: "/v2/schemas/images" };
    if (page.length > 0 && page.length === limit) {
      query.append("marker", page[page.length - 1].id);
      body.next = `/v2/images?${query.toString()}`;
    }
    return json(200, body);
  }

  private show(id: string): Reply {
    const image = this.deps.images.get(id);
    if (!image) return webobPage(404, "Not Found", `No image found with ID ${id}`);
    return json(200, imageView(image));
  }
}
