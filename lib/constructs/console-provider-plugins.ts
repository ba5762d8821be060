import * as fs from "node:fs";
import * as path from "node:path";
import { Construct } from "constructs";
import { ISynthesisSession, TerraformProvider, TerraformStack } from "cdktf";
// The hook TerraformAsset itself uses to write into the stack's folder at synth; the package root does not re-export it.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { CONSOLE_PROVIDER_HOSTNAME, CONSOLE_PROVIDER_PLATFORMS, CONSOLE_PROVIDER_TYPE, consoleProviderMirrorPath } from "../hook-contract";
import { OsconsoleProvider } from "./console-provider-bindings";
import { bundleMissingMessage, isFile, packageFile } from "./package-files";
import { ConstructLabel, PropsError } from "./props-error";
import { stackSingleton } from "./stack-scope";

/**
 * The provider bundle is a build output: its absence needs a build or a reinstall, not a change of props.
 *
 * @jsii ignore Error subclasses cannot cross jsii; other languages get the same one-line message from the JavaScript error.
 */
export class ProviderBundleMissingError extends Error {
  constructor(bundle: string) {
    super(bundleMissingMessage("console provider", bundle));
    this.name = "ProviderBundleMissingError";
  }
}

/** Where the bundled provider sits in the package (lib/provider, built by npm run build). */
const PROVIDER_IN_PACKAGE = path.join("dist", "provider", "terraform-provider-osconsole.js");

/**
 * The implied local mirror under Terraform's working directory: Terraform and
 * OpenTofu install a provider found there without any registry or CLI
 * configuration, and every other provider still from its registry. cdktf runs
 * Terraform in cdktf.out/stacks/<stack>, so that is where it goes.
 */
export const STACK_PLUGINS_DIR = path.join("terraform.d", "plugins");

/**
 * Writes the provider into the stack's `terraform.d/plugins` at synth, once
 * per platform and executable (a Node script with a shebang: Linux and macOS),
 * in the layout Terraform looks for. Copied at synth rather than referenced,
 * so the stack folder works wherever it is applied, as the hook's asset does.
 */
class ConsoleProviderPlugins extends Construct {
  constructor(
    scope: Construct,
    id: string,
    private readonly bundle: string,
  ) {
    super(scope, id);
    addCustomSynthesis(this, { onSynthesize: (session) => this.write(session) });
  }

  private write(session: ISynthesisSession): void {
    const stackDir = path.join(session.outdir, session.manifest.forStack(TerraformStack.of(this)).workingDirectory);
    const plugins = path.join(stackDir, STACK_PLUGINS_DIR);
    // Copies left by an earlier synth of another version would only confuse `terraform init`.
    fs.rmSync(path.join(plugins, CONSOLE_PROVIDER_HOSTNAME), { recursive: true, force: true });
    for (const platform of CONSOLE_PROVIDER_PLATFORMS) {
      const target = path.join(plugins, consoleProviderMirrorPath(platform));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(this.bundle, target);
      fs.chmodSync(target, 0o755);
    }
  }
}

/**
 * The console provider, once per stack: its `provider` block and
 * `required_providers` entry (an existing configuration of it is kept), and
 * its bundle laid into the stack folder at synth.
 */
export function ensureConsoleProvider(scope: Construct, label: ConstructLabel, given: string | undefined): void {
  const bundle = path.resolve(given ?? packageFile(PROVIDER_IN_PACKAGE));
  const placed = stackSingleton(scope, "console-provider", (stack) => {
    if (!isFile(bundle)) throw new ProviderBundleMissingError(bundle);
    const configured = stack.node.children.some((c) => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === CONSOLE_PROVIDER_TYPE);
    if (!configured) new OsconsoleProvider(stack, CONSOLE_PROVIDER_TYPE);
    new ConsoleProviderPlugins(stack, "console-provider-plugins", bundle);
    return { bundle };
  });
  if (placed.bundle !== bundle) {
    throw new PropsError(label, "providerBundle", `${bundle} differs from ${placed.bundle}, laid into the stack by an earlier console`, "give every console of a stack the same providerBundle, or leave it out");
  }
}
