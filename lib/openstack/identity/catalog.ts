import type { EndpointInterface } from "../config/types";
import { ConfigError } from "../errors";

export interface CatalogEndpoint {
  readonly interface?: string;
  readonly region?: string;
  readonly region_id?: string;
  readonly url?: string;
}

export interface CatalogEntry {
  readonly type?: string;
  readonly name?: string;
  readonly endpoints?: readonly CatalogEndpoint[];
}

const regionOf = (e: CatalogEndpoint): string => e.region ?? e.region_id ?? "?";

/**
 * The endpoint of a service as gophercloud picks it: the first catalog entry
 * of that type; in it, the first endpoint with the interface asked for and
 * whose region or region_id is the one asked for (any region when none is).
 */
export function chooseEndpoint(catalog: readonly CatalogEntry[], type: string, region: string | undefined, iface: EndpointInterface): string {
  const entry = catalog.find((e) => e.type === type);
  if (!entry) {
    const types = [...new Set(catalog.map((e) => e.type).filter(Boolean))];
    throw new ConfigError(
      `the service catalog has no ${type} service (it lists: ${types.join(", ") || "nothing"})`,
      catalog.length === 0
        ? "The token has no catalog, so it is not scoped to a project: set the project (OS_PROJECT_NAME with OS_PROJECT_DOMAIN_NAME, or OS_PROJECT_ID)."
        : `Ask the cloud's operator for the ${type} endpoint, or give it with --os-compute-endpoint / compute_endpoint.`,
    );
  }
  const endpoints = entry.endpoints ?? [];
  const found = endpoints.find(
    (e) => e.interface === iface && (region === undefined || e.region === region || e.region_id === region) && typeof e.url === "string" && e.url !== "",
  );
  if (found?.url) return found.url;

  const listed = endpoints.map((e) => `${regionOf(e)}/${e.interface ?? "?"}`).join(", ") || "none";
  const inRegion = region === undefined ? endpoints : endpoints.filter((e) => e.region === region || e.region_id === region);
  if (region !== undefined && inRegion.length === 0) {
    throw new ConfigError(
      `no ${type} endpoint in region "${region}" (the catalog's ${type} endpoints: ${listed})`,
      `Set the region (OS_REGION_NAME, region_name in clouds.yaml, or --os-region-name) to one of those.`,
    );
  }
  throw new ConfigError(
    `no ${type} endpoint with interface "${iface}"${region !== undefined ? ` in region "${region}"` : ""} (the catalog's ${type} endpoints: ${listed})`,
    "Set the interface (OS_INTERFACE / OS_ENDPOINT_TYPE, interface in clouds.yaml, or --os-interface) to one of those.",
  );
}
