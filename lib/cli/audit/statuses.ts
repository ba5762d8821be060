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

/** Settled statuses in which a server may have no host, so "not ready" is final. */
export const HOSTLESS_STATUSES: ReadonlySet<string> = new Set(["ERROR", "SHELVED_OFFLOADED"]);

/**
 * How long a check of a server in a hostless status may take: enough for a
 * few retries of a transient failure, not a wait for a host that will not
 * come, so one broken server does not hold the audit up.
 */
export const HOSTLESS_CHECK_MS = 3_000;

export function isTransitional(status: string): boolean {
  return TRANSITIONAL_STATUSES.has(status);
}

/** Nova issues URLs for servers that are not running; they do not connect. */
export function availabilityNote(status: string): string | undefined {
  return status === "ACTIVE" ? undefined : `server is ${status}: the URL is issued but will not connect until the server is ACTIVE`;
}
