import * as fs from "node:fs";
import * as path from "node:path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { stackSingleton } from "./stack-scope";

/** The hook bundle is a build output, not a prop: its absence needs a build, not a change of props. */
export class HookBundleMissingError extends Error {
  constructor(bundle: string) {
    super(`the console hook bundle ${path.relative(process.cwd(), bundle) || bundle} is missing; run npm run build, then synth again`);
    this.name = "HookBundleMissingError";
  }
}

/** Where `npm run build` writes the bundled console hook. */
export const DEFAULT_HOOK_BUNDLE = path.resolve(__dirname, "../../dist/hook/console-hook.js");

/**
 * The bundled hook as a TerraformAsset, copied once per stack into
 * cdktf.out/stacks/<stack>/assets/, so the synthesized stack runs with
 * nothing but `node` wherever it is applied. Returns its path relative to
 * the stack folder, which is Terraform's working directory at apply.
 */
export function hookAssetPath(scope: Construct, given: string = DEFAULT_HOOK_BUNDLE): string {
  const bundle = path.resolve(given);
  const asset = stackSingleton(scope, `hook-asset:${bundle}`, (stack) => {
    if (!fs.existsSync(bundle) || !fs.statSync(bundle).isFile()) {
      throw new HookBundleMissingError(bundle);
    }
    const taken = stack.node.tryFindChild("console-hook") !== undefined;
    return new TerraformAsset(stack, taken ? `console-hook-${path.basename(path.dirname(bundle))}` : "console-hook", {
      path: bundle,
      type: AssetType.FILE,
    });
  });
  return asset.path;
}
