import { ConfigError } from "../errors";
import type { Fields } from "./fields";
import { isMap, type CloudsFile } from "./files";

/** Keys whose clouds.yaml spelling differs from ours: `endpoint_type` is the old name of `interface`. */
const KEY_ALIASES: Record<string, string> = { endpoint_type: "interface" };

interface RegionEntry {
  readonly name: string;
  readonly values?: Record<string, unknown>;
}

/** One cloud of a clouds.yaml, flattened to Fields, with its `regions` list apart. */
export interface CloudEntry {
  readonly name: string;
  readonly label: string;
  readonly fields: Fields;
  readonly regions: readonly RegionEntry[];
}

export function cloudNames(file: CloudsFile): string[] {
  return Object.keys(file.clouds);
}

export function readCloudEntry(file: CloudsFile, name: string): CloudEntry {
  const entry = file.clouds[name];
  const where = file.securePath ? `${file.path} + ${file.securePath}` : file.path;
  const label = `cloud "${name}" in ${where}`;
  if (!isMap(entry)) {
    throw new ConfigError(`${label} is not a mapping`, "Give the cloud its keys (auth:, region_name:, ...) as a mapping.");
  }
  const fields: Fields = new Map();
  flattenInto(fields, entry, label);
  return { name, label, fields, regions: readRegions(entry.regions, label) };
}

/** Fields of the chosen region's `values`, which override the cloud's own. */
export function regionOverrides(entry: CloudEntry, region: string): Fields {
  const fields: Fields = new Map();
  const found = entry.regions.find((r) => r.name === region);
  if (found?.values) flattenInto(fields, found.values, `${entry.label}, region ${region}`);
  return fields;
}

function flattenInto(fields: Fields, map: Record<string, unknown>, label: string): void {
  for (const [rawKey, value] of Object.entries(map)) {
    if (rawKey === "regions") continue;
    if (rawKey === "auth" && isMap(value)) {
      for (const [authKey, authValue] of Object.entries(value)) setScalar(fields, `auth.${authKey}`, authValue, label);
      continue;
    }
    const key = KEY_ALIASES[rawKey] ?? rawKey;
    // `interface` wins over its alias `endpoint_type` whatever their order in the file.
    if (rawKey !== key && fields.has(key)) continue;
    setScalar(fields, key, value, label);
  }
}

function setScalar(fields: Fields, key: string, value: unknown, label: string): void {
  if (value === null || value === undefined || isMap(value) || Array.isArray(value)) return;
  const text = String(value);
  // Failsafe YAML gives a bare `null` or `~` as text; both mean "unset".
  if (text === "" || text === "~" || text === "null") return;
  fields.set(key, { value: text, from: `${key} of ${label}` });
}

function readRegions(value: unknown, label: string): RegionEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new ConfigError(`regions of ${label} is not a list`, "Write regions as a list of names or of {name, values} mappings.");
  }
  return value.map((item) => {
    if (typeof item === "string") return { name: item };
    if (isMap(item) && typeof item.name === "string") {
      return { name: item.name, values: isMap(item.values) ? item.values : undefined };
    }
    throw new ConfigError(`an entry of regions of ${label} has no name`, "Give each region as a name or as {name: ..., values: {...}}.");
  });
}
