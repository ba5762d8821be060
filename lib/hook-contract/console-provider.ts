/**
 * The project's own Terraform provider for console URLs: its address, its
 * types and the attributes the constructs, the provider and `os-console
 * from-stack` all name. One place, so the three cannot drift apart.
 */

/**
 * A hostname under RFC 2606's reserved `.invalid`, which no registry can ever
 * serve: a machine without the local copy fails at `terraform init` instead of
 * downloading somebody else's provider of the same name.
 */
export const CONSOLE_PROVIDER_HOSTNAME = "openstack-console.invalid";
export const CONSOLE_PROVIDER_NAMESPACE = "cdktf";
/** The provider's type, and so the prefix of every resource type it serves. */
export const CONSOLE_PROVIDER_TYPE = "osconsole";
/** The provider's source address, as `required_providers` names it. */
export const CONSOLE_PROVIDER_SOURCE = `${CONSOLE_PROVIDER_HOSTNAME}/${CONSOLE_PROVIDER_NAMESPACE}/${CONSOLE_PROVIDER_TYPE}`;
/** The provider's version: the package's own (a test holds them equal). */
export const CONSOLE_PROVIDER_VERSION = "0.1.0";
/** The platforms a synthesized stack carries the provider for (a Node script runs on each; Windows keeps the data-source mode). */
export const CONSOLE_PROVIDER_PLATFORMS = ["linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64"] as const;

/** The managed resource, the ephemeral resource and the data source share one type name and one set of inputs. */
export const CONSOLE_URLS_TYPE = `${CONSOLE_PROVIDER_TYPE}_urls`;

/** Attribute names beside the console options (whose names are their query keys). */
export const CONSOLE_ATTRIBUTES = {
  /** Map of server name to Nova server id. */
  servers: "servers",
  /** Map of strings; any change mints every URL again. */
  keepers: "keepers",
  /** Computed, sensitive: map of server name to console URL. */
  urls: "urls",
  /** Computed: map of server name to when its URL was minted (RFC 3339, UTC). */
  mintedAt: "minted_at",
} as const;

/** The executable's file name inside the mirror layout, as Terraform looks for it. */
export function consoleProviderExecutable(version: string = CONSOLE_PROVIDER_VERSION): string {
  return `terraform-provider-${CONSOLE_PROVIDER_TYPE}_v${version}`;
}

/** Where the provider sits under a `terraform.d/plugins` (or filesystem mirror) directory for one platform. */
export function consoleProviderMirrorPath(platform: string, version: string = CONSOLE_PROVIDER_VERSION): string {
  return [CONSOLE_PROVIDER_HOSTNAME, CONSOLE_PROVIDER_NAMESPACE, CONSOLE_PROVIDER_TYPE, version, platform, consoleProviderExecutable(version)].join("/");
}
