import type { ListQuery } from "./requests";

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
