/**
 * A configuration value with where it came from ("OS_CACERT", `cacert of
 * cloud "prod" in /etc/openstack/clouds.yaml`, "--os-cacert"), so every
 * error can name the place to fix.
 */
export interface Field {
  readonly value: string;
  readonly from: string;
}

/** Flat view of one cloud's settings, keyed as in clouds.yaml: "auth.username", "region_name", "cacert", ... */
export type Fields = Map<string, Field>;

/** Copies `overrides` over `base` (later sources win field by field). */
export function overlay(base: Fields, overrides: Fields): Fields {
  const merged = new Map(base);
  for (const [key, field] of overrides) merged.set(key, field);
  return merged;
}
