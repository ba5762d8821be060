/** The service catalog in a scoped token: every service, every region, three interfaces. */
import type { Endpoint } from "../endpoints";
import { hexId } from "./directory";

export interface CatalogEndpoint {
  id: string;
  interface: string;
  region_id: string;
  url: string;
  region: string;
}

export interface CatalogEntry {
  endpoints: CatalogEndpoint[];
  id: string;
  type: string;
  name: string;
}

/** A service with one URL for every region (Keystone, Glance, Neutron, Placement here). */
export interface RegionlessService {
  type: string;
  name: string;
  url: string;
}

export function buildCatalog(
  endpoints: readonly Endpoint[],
  computeOrigin: string,
  identityOrigin: string,
  others: readonly RegionlessService[] = [],
): CatalogEntry[] {
  const entry = (type: string, name: string, url: (e: Endpoint) => string): CatalogEntry => ({
    endpoints: endpoints.map((e) => ({ id: hexId(), interface: e.interface, region_id: e.region, url: url(e), region: e.region })),
    id: hexId(),
    type,
    name,
  });
  return [
    entry("compute", "nova", (e) => `${computeOrigin}${e.prefix}/v2.1`),
    // Keystone is one service for every region, as on a real cloud.
    entry("identity", "keystone", () => `${identityOrigin}/v3/`),
    ...others.map((o) => entry(o.type, o.name, () => o.url)),
  ];
}
