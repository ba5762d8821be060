import { chooseEndpoint, type CatalogEntry } from "../../lib/openstack/identity/catalog";
import { parseIssuedToken } from "../../lib/openstack/identity/tokens";
import { ConfigError } from "../../lib/openstack";
import { recorded } from "./support/fixtures";

function realCatalog(): readonly CatalogEntry[] {
  const r = recorded("keystone-token-password");
  return parseIssuedToken({ status: r.status, headers: r.headers, text: r.body }, "POST /v3/auth/tokens").catalog;
}

const twoRegions: CatalogEntry[] = [
  { type: "identity", endpoints: [{ interface: "public", region: "RegionOne", url: "http://k/v3" }] },
  {
    type: "compute",
    name: "nova",
    endpoints: [
      { interface: "public", region: "RegionOne", region_id: "RegionOne", url: "http://one-public/v2.1" },
      { interface: "internal", region: "RegionOne", region_id: "RegionOne", url: "http://one-internal/v2.1" },
      { interface: "public", region_id: "RegionTwo", url: "http://two-public/v2.1" },
    ],
  },
  { type: "compute", endpoints: [{ interface: "admin", region: "RegionTwo", url: "http://second-entry/v2.1" }] },
];

describe("catalog endpoint choice (gophercloud's rule)", () => {
  it("finds Nova in a real Keystone catalog for each interface", () => {
    const catalog = realCatalog();
    expect(catalog.map((e) => e.type)).toEqual(["network", "image", "compute", "placement", "identity"]);
    for (const iface of ["public", "internal", "admin"] as const) expect(chooseEndpoint(catalog, "compute", "RegionOne", iface)).toBe("http://127.0.0.1:8774/v2.1");
    expect(chooseEndpoint(catalog, "compute", undefined, "public")).toBe("http://127.0.0.1:8774/v2.1");
  });

  it("matches region or region_id, and the interface, in the first compute entry only", () => {
    expect(chooseEndpoint(twoRegions, "compute", "RegionOne", "internal")).toBe("http://one-internal/v2.1");
    expect(chooseEndpoint(twoRegions, "compute", "RegionTwo", "public")).toBe("http://two-public/v2.1");
    expect(() => chooseEndpoint(twoRegions, "compute", "RegionTwo", "admin")).toThrow(
      'no compute endpoint with interface "admin" in region "RegionTwo" (the catalog\'s compute endpoints: RegionOne/public, RegionOne/internal, RegionTwo/public). Set the interface',
    );
  });

  it("names the region searched when it is absent", () => {
    expect(() => chooseEndpoint(realCatalog(), "compute", "RegionTwo", "public")).toThrow(
      'no compute endpoint in region "RegionTwo" (the catalog\'s compute endpoints: RegionOne/internal, RegionOne/public, RegionOne/admin). Set the region (OS_REGION_NAME',
    );
  });

  it("explains an empty catalog (an unscoped token) and a catalog without compute", () => {
    expect(() => chooseEndpoint([], "compute", undefined, "public")).toThrow(/no compute service \(it lists: nothing\).*not scoped to a project/);
    expect(() => chooseEndpoint([twoRegions[0]], "compute", undefined, "public")).toThrow(ConfigError);
  });
});
