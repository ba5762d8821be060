import * as fs from "node:fs";
import * as path from "node:path";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { stackSingleton } from "./stack-scope";

/** The hook bundle is a build output, not a prop: its absence needs a build or a reinstall, not a change of props. */
export class HookBundleMissingError extends Error {
  constructor(bundle: string) {
    super(
      `the console hook bundle ${path.relative(process.cwd(), bundle) || bundle} is missing; reinstall the package (npm ci), or run npm run build in a clone of it, then synth again`,
    );
    this.name = "HookBundleMissingError";
  }
}

/** Where the bundled hook sits in the package: dist/hook/console-hook.js under its root. */
const HOOK_IN_PACKAGE = path.join("dist", "hook", "console-hook.js");

/**
 * The package's own hook bundle. The package root is the nearest folder
 * above this file with a package.json: the clone's root for lib/constructs,
 * the installed package's for its compiled lib-dist/lib/constructs.
 */
function defaultHookBundle(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return path.join(dir, HOOK_IN_PACKAGE);
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "../..", HOOK_IN_PACKAGE);
  }
}

/**
 * The bundled hook as a TerraformAsset, copied once per stack into
 * cdktf.out/stacks/<stack>/assets/, so the synthesized stack runs with
 * nothing but `node` wherever it is applied. Returns its path relative to
 * the stack folder, which is Terraform's working directory at apply.
 */
export function hookAssetPath(scope: Construct, given?: string): string {
  const bundle = path.resolve(given ?? defaultHookBundle());
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
