import * as path from "node:path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { bundleMissingMessage, isFile, packageFile } from "./package-files";
import { stackSingleton } from "./stack-scope";

/**
 * The hook bundle is a build output, not a prop: its absence needs a build or a reinstall, not a change of props.
 *
 * @jsii ignore Error subclasses cannot cross jsii; other languages get the same one-line message from the JavaScript error.
 */
export class HookBundleMissingError extends Error {
  constructor(bundle: string) {
    super(bundleMissingMessage("console hook", bundle));
    this.name = "HookBundleMissingError";
  }
}

/** Where the bundled hook sits in the package. */
const HOOK_IN_PACKAGE = path.join("dist", "hook", "console-hook.js");

/**
 * The bundled hook as a TerraformAsset, copied once per stack into
 * cdktf.out/stacks/<stack>/assets/, so the synthesized stack runs with
 * nothing but `node` wherever it is applied. Returns its path relative to
 * the stack folder, which is Terraform's working directory at apply.
 */
export function hookAssetPath(scope: Construct, given?: string): string {
  const bundle = path.resolve(given ?? packageFile(HOOK_IN_PACKAGE));
  const asset = stackSingleton(scope, `hook-asset:${bundle}`, (stack) => {
    if (!isFile(bundle)) throw new HookBundleMissingError(bundle);
    const taken = stack.node.tryFindChild("console-hook") !== undefined;
    return new TerraformAsset(stack, taken ? `console-hook-${path.basename(path.dirname(bundle))}` : "console-hook", {
      path: bundle,
      type: AssetType.FILE,
    });
  });
  return asset.path;
}
