export { checkStack } from "./stack";
export { loadProviderSchemas, normalizeSource, DEFAULT_PROVIDERS_DIR } from "./load";
export type { ProviderSchemas } from "./load";
export { formatProblems } from "./problems";
export type { SchemaProblem, ProblemKind } from "./problems";
export type { TypeJson, SchemaBlock, SchemaAttribute, ProviderSchema } from "./schema-types";
