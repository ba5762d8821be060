/**
 * When to retry and how long to wait: exponential backoff with full jitter
 * (a random wait in [0, min(cap, base * 2^attempt)]), never sooner than a
 * Retry-After asks. 409 "not ready" is retried until the deadline; other
 * retryable failures until maxAttempts.
 */
export interface RetryPolicy {
  /** Attempts in all (first try included) for connection errors, 5xx and 429. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Cap on the wait between polls of a server that is not ready (409). */
  readonly notReadyMaxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 8_000,
  notReadyMaxDelayMs: 2_000,
};

/** 429 and 5xx except 501 (a feature the cloud lacks will not appear on retry); 409 only where it means "not ready". */
export function isRetryableStatus(status: number, conflictMeansNotReady: boolean): boolean {
  if (status === 429) return true;
  if (status === 409) return conflictMeansNotReady;
  return status >= 500 && status !== 501;
}

export function backoffDelay(retry: number, capMs: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
