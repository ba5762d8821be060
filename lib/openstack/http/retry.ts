/**
 * When to retry and how long to wait: exponential backoff with full jitter
 * (a random wait in [0, min(cap, base * 2^n)]), never sooner than a
 * Retry-After asks.
 *
 * Two kinds of retryable answer, counted apart. A 409 "not ready" is a
 * healthy answer about the server (no host yet): it is polled until the
 * deadline, its waits growing with the number of polls. Connection errors,
 * 5xx and 429 are the cloud faltering: maxAttempts bounds a run of them in a
 * row, and a 409 in between ends the run (the cloud answered properly), so
 * a server polled through BUILD may still meet a few 5xx on the way. Each
 * run's waits start again from the base delay.
 */
export interface RetryPolicy {
  /**
   * Transient failures (connection errors, 5xx, 429) in a row before giving
   * up, the failing attempt included; for a call that never sees a 409 this
   * is the number of attempts in all.
   */
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

/** 429 and 5xx except 501 (a feature the cloud lacks will not appear on retry); 409 only where it means "not ready" and the caller polls. */
export function isRetryableStatus(status: number, pollNotReady: boolean): boolean {
  if (status === 429) return true;
  if (status === 409) return pollNotReady;
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
