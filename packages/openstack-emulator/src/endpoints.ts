/**
 * Where each region's and interface's compute endpoint lives. All share one
 * listener: the first region is the bare origin and the others carry a path
 * prefix (as devstack's "/compute" does), so a test can tell from the
 * counters which endpoint a client picked. The three interfaces share one URL,
 * as on the recorded cloud, unless `interfacePaths` gives internal and admin
 * their own prefix.
 */
export type Interface = "public" | "internal" | "admin";

export const INTERFACES: readonly Interface[] = ["public", "internal", "admin"];

export interface Endpoint {
  region: string;
  interface: Interface;
  /** "" or "/RegionTwo", "/internal", "/RegionTwo/admin". */
  prefix: string;
  /** Counter key: "RegionOne", or "RegionOne/internal" with interface paths. */
  key: string;
}

export function planEndpoints(regions: readonly string[], interfacePaths: boolean): Endpoint[] {
  return regions.flatMap((region, i) =>
    INTERFACES.map((iface) => {
      const own = interfacePaths && iface !== "public";
      return {
        region,
        interface: iface,
        prefix: (i === 0 ? "" : `/${region}`) + (own ? `/${iface}` : ""),
        key: interfacePaths ? `${region}/${iface}` : region,
      };
    }),
  );
}

/** The endpoint a path belongs to (longest prefix first) and the path below it. */
export function matchEndpoint(endpoints: readonly Endpoint[], path: string): { endpoint: Endpoint; rest: string } {
  let best = endpoints.find((e) => e.prefix === "")!;
  for (const e of endpoints) {
    if (e.prefix.length > best.prefix.length && (path === e.prefix || path.startsWith(e.prefix + "/"))) best = e;
  }
  return { endpoint: best, rest: path.slice(best.prefix.length) };
}
