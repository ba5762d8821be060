/**
 * The shape of `terraform providers schema -json` (format_version 1.0), as
 * far as the check reads it.
 */

/** A Terraform type in JSON: "string" | "number" | "bool" | "dynamic" | [kind, element] | ["object", {attrs}] | ["tuple", [types]]. */
export type TypeJson =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list" | "set" | "map", TypeJson]
  | ["object", Record<string, TypeJson>]
  | ["tuple", TypeJson[]];

export type NestingMode = "single" | "group" | "list" | "set" | "map";

export interface NestedAttributeType {
  readonly attributes: Record<string, SchemaAttribute>;
  readonly nesting_mode: NestingMode;
}

export interface SchemaAttribute {
  readonly type?: TypeJson;
  /** Protocol 6 providers describe nested attributes this way instead of `type`. */
  readonly nested_type?: NestedAttributeType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

export interface SchemaBlockType {
  readonly nesting_mode: NestingMode;
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, SchemaBlockType>;
}

export interface ProviderSchema {
  readonly provider: { readonly block: SchemaBlock };
  readonly resource_schemas?: Record<string, { readonly block: SchemaBlock }>;
  readonly data_source_schemas?: Record<string, { readonly block: SchemaBlock }>;
  readonly ephemeral_resource_schemas?: Record<string, { readonly block: SchemaBlock }>;
}

export interface ProviderSchemasFile {
  readonly format_version: string;
  readonly provider_schemas: Record<string, ProviderSchema>;
}
