// No cdktf here: the fleet file's shape reads the modes too.

/**
 * How the URLs reach Terraform (RemoteConsole's `mode`, a fleet file's `console.mode`):
 * - "resource": `resource "osconsole_urls"` of the package's provider, laid
 *   into the stack folder: minted once at create and kept in state (sensitive);
 *   plans and refreshes ask the cloud nothing; `keepers` mints again.
 * - "ephemeral": `ephemeral "osconsole_urls"` (Terraform 1.10+, OpenTofu 1.11+):
 *   minted at every plan and apply, never stored; usable only where Terraform
 *   accepts ephemeral values, so no stack outputs.
 * - "data-source": `data "external"` running the bundled hook: minted at every
 *   plan and refresh, stored in state. Needs only `node` and hashicorp/external;
 *   the mode for Windows, where the provider (a Node script) cannot be run as is.
 *
 * A class of string constants rather than a TypeScript union or enum: jsii
 * carries it to every language (`ConsoleMode.EPHEMERAL` in Python), and a
 * TypeScript user's `mode: "ephemeral"` and a fleet file's string still fit.
 */
export class ConsoleMode {
  /** Minted once by the package's provider and kept in state. */
  static readonly RESOURCE = "resource";
  /** Minted at every plan and apply, never stored (no stack outputs). */
  static readonly EPHEMERAL = "ephemeral";
  /** Minted by the bundled hook in a `data "external"` at every plan and refresh. */
  static readonly DATA_SOURCE = "data-source";

  /** Every mode, in the order messages list them. */
  static all(): string[] {
    return [...CONSOLE_MODES];
  }

  private constructor() {}
}

/** A mode's name, for code inside the package that switches on it. */
export type ConsoleModeName = "resource" | "ephemeral" | "data-source";
export const CONSOLE_MODES: readonly ConsoleModeName[] = ["resource", "ephemeral", "data-source"];

export const isConsoleMode = (value: unknown): value is ConsoleModeName => typeof value === "string" && (CONSOLE_MODES as readonly string[]).includes(value);
