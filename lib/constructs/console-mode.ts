// No cdktf here: the fleet file's shape reads the modes too.

/**
 * How the URLs reach Terraform:
 * - "resource": `resource "osconsole_urls"` of the package's provider, laid
 *   into the stack folder: minted once at create and kept in state (sensitive);
 *   plans and refreshes ask the cloud nothing; `keepers` mints again.
 * - "ephemeral": `ephemeral "osconsole_urls"` (Terraform 1.10+, OpenTofu 1.11+):
 *   minted at every plan and apply, never stored; usable only where Terraform
 *   accepts ephemeral values, so no stack outputs.
 * - "data-source": `data "external"` running the bundled hook: minted at every
 *   plan and refresh, stored in state. Needs only `node` and hashicorp/external;
 *   the mode for Windows, where the provider (a Node script) cannot be run as is.
 */
export type ConsoleMode = "resource" | "ephemeral" | "data-source";
export const CONSOLE_MODES: readonly ConsoleMode[] = ["resource", "ephemeral", "data-source"];
