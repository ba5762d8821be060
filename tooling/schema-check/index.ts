export { checkStack } from "./stack";
export { loadProviderSchemas } from "./load";
export { formatProblems } from "./problems";
export type { SchemaProblem, ProblemKind } from "./problems";
export type { ProviderSchema } from "./schema-types";
