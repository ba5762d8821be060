import { setTimeout as sleep } from "node:timers/promises";

/** Polls until `check` gives a value (bounded); returns it with the time it was seen. */
export async function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 10_000, intervalMs = 2): Promise<{ value: T; at: number }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return { value, at: Date.now() };
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
