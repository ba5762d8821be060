import { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";

/**
 * Things a stack must hold once (the external provider, the hook asset, the
 * console outputs, one image lookup per name) and names that must be unique
 * across a stack (server names, output ids). Kept per stack object, so
 * several stacks in one app never see each other's entries.
 */
const registries = new WeakMap<TerraformStack, Map<string, unknown>>();

function registryOf(scope: IConstruct): Map<string, unknown> {
  const stack = TerraformStack.of(scope);
  let registry = registries.get(stack);
  if (!registry) {
    registry = new Map();
    registries.set(stack, registry);
  }
  return registry;
}

/** The stack's one instance for `key`, created by `create` the first time. */
export function stackSingleton<T>(scope: IConstruct, key: string, create: (stack: TerraformStack) => T): T {
  const registry = registryOf(scope);
  if (!registry.has(key)) registry.set(key, create(TerraformStack.of(scope)));
  return registry.get(key) as T;
}

/**
 * Claims `name` among the stack's names of `kind` for `owner`. Returns the
 * owner that already holds it, or undefined when the claim succeeded.
 */
export function claimStackName(scope: IConstruct, kind: string, name: string, owner: string): string | undefined {
  const claims = stackSingleton(scope, `claims:${kind}`, () => new Map<string, string>());
  const holder = claims.get(name);
  if (holder !== undefined) return holder;
  claims.set(name, owner);
  return undefined;
}
