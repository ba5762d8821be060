import * as fs from "node:fs";
import * as path from "node:path";
import { ProviderSchema, ProviderSchemasFile } from "./schema-types";

/** The project's committed schemas: providers/<name>/schema.json. */
export const DEFAULT_PROVIDERS_DIR = path.resolve(__dirname, "../../providers");

/** Provider schemas by fully qualified source address (registry.terraform.io/ns/name). */
export type ProviderSchemas = ReadonlyMap<string, ProviderSchema>;

/**
 * Terraform's source address normalisation: "external" means
 * registry.terraform.io/hashicorp/external, "ns/name" gets the registry host.
 */
export function normalizeSource(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts.join("/")}`;
  return parts.join("/");
}

const cache = new Map<string, ProviderSchemas>();

/** Reads every providers/<name>/schema.json under `dir` (cached per directory). */
export function loadProviderSchemas(dir: string = DEFAULT_PROVIDERS_DIR): ProviderSchemas {
  const cached = cache.get(dir);
  if (cached) return cached;
  const schemas = new Map<string, ProviderSchema>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name, "schema.json");
    if (!entry.isDirectory() || !fs.existsSync(file)) continue;
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as ProviderSchemasFile;
    for (const [source, schema] of Object.entries(parsed.provider_schemas ?? {})) schemas.set(normalizeSource(source), schema);
  }
  cache.set(dir, schemas);
  return schemas;
}
