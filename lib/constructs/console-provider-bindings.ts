/**
 * cdktf bindings of the project's own provider (lib/provider), written by hand
 * in the shape `cdktf get` generates: the provider, the managed resource and
 * the data source `osconsole_urls`, and the ephemeral resource, which cdktf
 * 0.21 has no class for (CDK Terrain 0.24 has TerraformEphemeralResource).
 * Names come from the hook contract, which the provider reads too.
 */
import { Construct } from "constructs";
import {
  IInterpolatingParent,
  IResolvable,
  StringMap,
  TerraformDataSource,
  TerraformElement,
  TerraformMetaArguments,
  TerraformProvider,
  TerraformResource,
  booleanToHclTerraform,
  hashMapperHcl,
  numberToHclTerraform,
  ref,
  stringToHclTerraform,
} from "cdktf";
import {
  CONSOLE_ATTRIBUTES,
  CONSOLE_PROVIDER_SOURCE,
  CONSOLE_PROVIDER_TYPE,
  CONSOLE_PROVIDER_VERSION,
  CONSOLE_URLS_TYPE,
  ConsoleArgument,
  SERVERS_KEY,
} from "../hook-contract";

const GENERATOR_METADATA = { providerName: CONSOLE_PROVIDER_TYPE, providerVersion: CONSOLE_PROVIDER_VERSION };

/**
 * The provider takes no settings: every console option is an argument of
 * `osconsole_urls`, and credentials come from the environment as for the hook.
 * Pinned to exactly the package's version, the one laid into the stack.
 */
/** The package's console provider's settings: only an alias. */
export interface OsconsoleProviderConfig {
  /** Provider alias. @default none */
  readonly alias?: string;
}

export class OsconsoleProvider extends TerraformProvider {
  static readonly tfResourceType = CONSOLE_PROVIDER_TYPE;

  constructor(scope: Construct, id: string, config: OsconsoleProviderConfig = {}) {
    super(scope, id, { terraformResourceType: CONSOLE_PROVIDER_TYPE, terraformGeneratorMetadata: GENERATOR_METADATA, terraformProviderSource: CONSOLE_PROVIDER_SOURCE });
    this.alias = config.alias;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { alias: this.alias };
  }
}

/** The arguments every kind of `osconsole_urls` takes. */
export interface OsconsoleUrlsConfig extends TerraformMetaArguments {
  /** Server name to Nova server id. */
  readonly servers: { [name: string]: string };
  /** Any change mints every URL again (managed resource only; the others read afresh each run). */
  readonly keepers?: { [key: string]: string };
  /** The console options under their attribute names (the hook contract's query keys), as encodeConsoleArguments writes them. */
  readonly options?: { [key: string]: any };
}

function argumentsOf(config: OsconsoleUrlsConfig): Record<string, unknown> {
  return { ...config.options, [SERVERS_KEY]: config.servers, [CONSOLE_ATTRIBUTES.keepers]: config.keepers };
}

/** The same arguments for `cdktf synth --hcl`, typed as generated bindings type theirs (a reference counts as its declared type). */
function hclArgumentsOf(config: OsconsoleUrlsConfig): Record<string, unknown> {
  const map = (value: unknown) => ({ value: hashMapperHcl(stringToHclTerraform)(value), isBlock: false, type: "map", storageClassType: "stringMap" });
  const simple = (value: ConsoleArgument) =>
    typeof value === "number"
      ? { value: numberToHclTerraform(value), isBlock: false, type: "simple", storageClassType: "number" }
      : typeof value === "boolean"
        ? { value: booleanToHclTerraform(value), isBlock: false, type: "simple", storageClassType: "boolean" }
        : { value: stringToHclTerraform(value), isBlock: false, type: "simple", storageClassType: "string" };
  const options = Object.fromEntries(Object.entries(config.options ?? {}).map(([key, value]) => [key, simple(value)]));
  return { ...options, [SERVERS_KEY]: map(config.servers), ...(config.keepers ? { [CONSOLE_ATTRIBUTES.keepers]: map(config.keepers) } : {}) };
}

/** What TerraformResource and TerraformDataSource take for `osconsole_urls`. */
const elementConfig = (config: OsconsoleUrlsConfig) => ({ ...config, terraformResourceType: CONSOLE_URLS_TYPE, terraformGeneratorMetadata: GENERATOR_METADATA });
/** Sensitive: server name to console URL, as a reference into `parent`. */
const urlsOf = (parent: IInterpolatingParent): StringMap => new StringMap(parent, CONSOLE_ATTRIBUTES.urls);

/** `resource "osconsole_urls"`: mints every server's URL at create, keeps it in state, and mints again only when an argument changes. */
export class OsconsoleUrls extends TerraformResource {
  static readonly tfResourceType = CONSOLE_URLS_TYPE;

  constructor(scope: Construct, id: string, private readonly config: OsconsoleUrlsConfig) {
    super(scope, id, elementConfig(config));
  }

  get urls(): StringMap {
    return urlsOf(this);
  }

  /** Server name to when its URL was minted (RFC 3339, UTC). */
  get mintedAt(): StringMap {
    return new StringMap(this, CONSOLE_ATTRIBUTES.mintedAt);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return argumentsOf(this.config);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclArgumentsOf(this.config);
  }
}

/** `data "osconsole_urls"`: mints at every plan and refresh, as the hook's `data "external"` does, through the provider. */
export class DataOsconsoleUrls extends TerraformDataSource {
  static readonly tfResourceType = CONSOLE_URLS_TYPE;

  constructor(scope: Construct, id: string, private readonly config: OsconsoleUrlsConfig) {
    super(scope, id, elementConfig(config));
  }

  get urls(): StringMap {
    return urlsOf(this);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return argumentsOf(this.config);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclArgumentsOf(this.config);
  }
}

/**
 * `ephemeral "osconsole_urls"` (Terraform 1.10+, OpenTofu 1.11+): opened at
 * every plan and apply, never stored in plan or state. cdktf 0.21 has no
 * ephemeral element, so this one writes the block itself, as TerraformDataSource
 * writes `data`, and refers to it as `ephemeral.<type>.<name>`. Its values are
 * usable only where Terraform accepts ephemeral values (provider blocks,
 * provisioners, write-only arguments, other ephemeral resources), never in a
 * root module's outputs.
 */
export class EphemeralOsconsoleUrls extends TerraformElement implements IInterpolatingParent {
  static readonly tfResourceType = CONSOLE_URLS_TYPE;
  private readonly args: Record<string, unknown>;
  private readonly dependsOn?: string[];

  constructor(scope: Construct, id: string, config: OsconsoleUrlsConfig) {
    super(scope, id, `ephemeral.${CONSOLE_URLS_TYPE}`);
    this.args = argumentsOf(config);
    this.dependsOn = config.dependsOn?.map((d) => d.fqn);
  }

  /** Server name to console URL: an ephemeral reference. */
  get urls(): StringMap {
    return urlsOf(this);
  }

  interpolationForAttribute(attribute: string): IResolvable {
    return ref(`ephemeral.${CONSOLE_URLS_TYPE}.${this.friendlyUniqueId}.${attribute}`, this.cdktfStack);
  }

  /** cdktf 0.21's HCL writer knows no ephemeral blocks: refuse rather than drop the console from the stack. */
  toHclTerraform(): any {
    throw new Error(`${this.node.path}: cdktf synth --hcl cannot write an ephemeral block; synthesize JSON (the default), or use mode resource`);
  }

  toTerraform(): any {
    const body: Record<string, unknown> = { ...this.args, ...(this.dependsOn ? { depends_on: this.dependsOn } : {}), ...this.rawOverrides, "//": this.constructNodeMetadata };
    return { ephemeral: { [CONSOLE_URLS_TYPE]: { [this.friendlyUniqueId]: body } } };
  }
}
