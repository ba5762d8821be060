/**
 * What a server's Nova status says about its console. A 409 "not ready"
 * means the server has no host yet: worth waiting for while it is in a
 * transitional state, pointless once it failed (ERROR, never scheduled) or
 * was offloaded (SHELVED_OFFLOADED).
 */

/** Statuses a server passes through on its way to a settled one. */
export const TRANSITIONAL_STATUSES: ReadonlySet<string> = new Set([
  "BUILD",
  "REBUILD",
  "REBOOT",
  "HARD_REBOOT",
  "RESIZE",
  "REVERT_RESIZE",
  "MIGRATING",
  "PASSWORD",
]);

/** Settled statuses in which a server may have no host, so "not ready" is final: the audit does not poll them. */
export const HOSTLESS_STATUSES: ReadonlySet<string> = new Set(["ERROR", "SHELVED_OFFLOADED"]);

export function isTransitional(status: string): boolean {
  return TRANSITIONAL_STATUSES.has(status);
}

/** Nova issues URLs for servers that are not running; they do not connect. */
export function availabilityNote(status: string): string | undefined {
  return status === "ACTIVE" ? undefined : `server is ${status}: the URL is issued but will not connect until the server is ACTIVE`;
}
