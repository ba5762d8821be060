import { ConfigError } from "../errors";

/** A compute endpoint split the way requests and version discovery need it. */
export interface ComputeEndpoint {
  /** "https://nova.example.com:8774" */
  readonly origin: string;
  /** Path requests go under: "/v2.1" or "/v2.1/{project_id}" (kept as the catalog gives it). */
  readonly basePath: string;
  /** The unversioned root, where version discovery lives: "" or e.g. "/compute". */
  readonly rootPath: string;
  /** The version segment of basePath: "v2.1" (or "v2" on old catalogs). */
  readonly version: string;
}

const VERSION_SEGMENT = /^v\d+(\.\d+)?$/;

export function parseComputeUrl(url: string, from: string): ComputeEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${from} "${url}" is not a URL`, "Give the compute endpoint as a full URL, e.g. https://nova.example.com:8774/v2.1.");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ConfigError(`${from} "${url}" is not an http(s) URL`, "Use an http:// or https:// compute URL.");
  }
  const segments = parsed.pathname.split("/").filter((s) => s !== "");
  const at = segments.findIndex((s) => VERSION_SEGMENT.test(s));
  if (at < 0) {
    // An unversioned compute URL: requests go to its v2.1 API.
    const root = segments.length ? `/${segments.join("/")}` : "";
    return { origin: parsed.origin, basePath: `${root}/v2.1`, rootPath: root, version: "v2.1" };
  }
  const root = at > 0 ? `/${segments.slice(0, at).join("/")}` : "";
  return { origin: parsed.origin, basePath: `/${segments.join("/")}`, rootPath: root, version: segments[at] };
}

/** The same endpoint on another API version (a catalog listing /v2 while /v2.1 exists, which alone has microversions). */
export function withVersion(endpoint: ComputeEndpoint, version: string): ComputeEndpoint {
  if (endpoint.version === version) return endpoint;
  const rest = endpoint.basePath.slice(endpoint.rootPath.length + 1 + endpoint.version.length);
  return { ...endpoint, basePath: `${endpoint.rootPath}/${version}${rest}`, version };
}
