import { checkBlock } from "./block";
import { ProviderSchemas, loadProviderSchemas, normalizeSource } from "./load";
import { DATA_META, PROVIDER_META, RESOURCE_META } from "./meta-arguments";
import { SchemaProblem, formatPath } from "./problems";
import { ProviderSchema } from "./schema-types";
import { checkReferences } from "./references";
import { closest } from "../../lib/stacks/suggest";
import { isPlainObject } from "./value-type";

/** Resource types Terraform itself provides (terraform.io/builtin/terraform), outside any provider schema. */
const BUILTIN_TYPES = new Set(["terraform_data", "terraform_remote_state"]);

type Section = "resource" | "data" | "ephemeral";

/** Where a provider schema lists each section's types, what the section calls one, and its meta-arguments. */
const SECTIONS = {
  resource: { schemas: "resource_schemas", noun: "resource type", kind: "unknown-resource-type", meta: RESOURCE_META },
  data: { schemas: "data_source_schemas", noun: "data source", kind: "unknown-data-source", meta: DATA_META },
  // Ephemeral resources (Terraform 1.10+) take the meta-arguments data sources do.
  ephemeral: { schemas: "ephemeral_resource_schemas", noun: "ephemeral resource", kind: "unknown-ephemeral-resource", meta: DATA_META },
} as const;

/** Local provider name -> the schema its source address names (undefined when none is committed). */
class ProviderResolver {
  private readonly reported = new Set<string>();

  constructor(
    private readonly required: Record<string, unknown>,
    private readonly schemas: ProviderSchemas,
    private readonly problems: SchemaProblem[],
  ) {}

  sourceOf(localName: string): string {
    const entry = this.required[localName];
    const source = isPlainObject(entry) && typeof entry.source === "string" ? entry.source : localName;
    return normalizeSource(source);
  }

  schemaFor(localName: string, path: string): ProviderSchema | undefined {
    const source = this.sourceOf(localName);
    const schema = this.schemas.get(source);
    if (!schema && !this.reported.has(localName)) {
      this.reported.add(localName);
      this.problems.push({
        kind: "unknown-provider",
        path,
        message: `no committed schema for provider "${localName}" (${source}); add providers/<name>/schema.json from terraform providers schema -json`,
      });
    }
    return schema;
  }
}

/** The provider an element belongs to: its `provider` meta-argument, else its type's prefix, as Terraform decides. */
function localProviderOf(type: string, body: Record<string, unknown>): string {
  if (typeof body.provider === "string") return body.provider.split(".")[0];
  return type.split("_")[0];
}

function checkElements(section: Section, tf: Record<string, unknown>, providers: ProviderResolver, problems: SchemaProblem[]): void {
  const byType = tf[section];
  if (byType === undefined) return;
  if (!isPlainObject(byType)) {
    problems.push({ kind: "block-as-attribute", path: section, message: `"${section}" must be an object of type -> name -> body` });
    return;
  }
  for (const [type, byName] of Object.entries(byType)) {
    if (BUILTIN_TYPES.has(type) || !isPlainObject(byName)) continue;
    for (const [name, given] of Object.entries(byName)) {
      for (const [i, body] of (Array.isArray(given) ? given : [given]).entries()) {
        const path = Array.isArray(given) ? [section, type, name, i] : [section, type, name];
        if (!isPlainObject(body)) {
          problems.push({ kind: "block-as-attribute", path: formatPath(path), message: `${section} "${type}" "${name}" must be an object` });
          continue;
        }
        const schema = providers.schemaFor(localProviderOf(type, body), formatPath(path));
        if (!schema) continue;
        const { schemas, noun, kind, meta } = SECTIONS[section];
        const known = schema[schemas] ?? {};
        const element = known[type];
        if (!element) {
          const guess = closest(type, Object.keys(known));
          problems.push({ kind, path: formatPath(path), message: `the provider has no ${noun} "${type}"${guess ? `; did you mean "${guess}"?` : ""}` });
          continue;
        }
        checkBlock(body, element.block, path, meta, problems);
      }
    }
  }
}

function checkProviders(tf: Record<string, unknown>, providers: ProviderResolver, problems: SchemaProblem[]): void {
  const blocks = tf.provider;
  if (blocks === undefined) return;
  if (!isPlainObject(blocks)) {
    problems.push({ kind: "block-as-attribute", path: "provider", message: '"provider" must be an object of name -> configuration(s)' });
    return;
  }
  for (const [name, given] of Object.entries(blocks)) {
    for (const [i, body] of (Array.isArray(given) ? given : [given]).entries()) {
      const path = Array.isArray(given) ? ["provider", name, i] : ["provider", name];
      if (!isPlainObject(body)) {
        problems.push({ kind: "block-as-attribute", path: formatPath(path), message: `provider "${name}" configuration must be an object` });
        continue;
      }
      const schema = providers.schemaFor(name, formatPath(path));
      if (schema) checkBlock(body, schema.provider.block, path, PROVIDER_META, problems);
    }
  }
}

/**
 * Checks a synthesized stack (the parsed cdk.tf.json) against the provider
 * schemas: provider blocks, resources and data sources, and references to
 * what the stack does not declare. It runs in milliseconds without providers;
 * the tests run the real `terraform validate` beside it on every stack they
 * synthesize. Returns every problem found, each with its JSON path; an empty
 * list means none.
 */
export function checkStack(tf: unknown, schemas: ProviderSchemas = loadProviderSchemas()): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (!isPlainObject(tf)) {
    return [{ kind: "wrong-type", path: "$", message: "a stack must be a JSON object" }];
  }
  const terraform = isPlainObject(tf.terraform) ? tf.terraform : {};
  const required = isPlainObject(terraform.required_providers) ? terraform.required_providers : {};
  const providers = new ProviderResolver(required, schemas, problems);
  checkProviders(tf, providers, problems);
  checkElements("resource", tf, providers, problems);
  checkElements("data", tf, providers, problems);
  checkElements("ephemeral", tf, providers, problems);
  const resourceTypes = new Set([...schemas.values()].flatMap((s) => Object.keys(s.resource_schemas ?? {})));
  checkReferences(tf, resourceTypes, problems);
  return problems;
}
