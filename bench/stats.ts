/**
 * Summaries of repeated measurements. Medians, not means: these machines are
 * shared, and one slow outlier must not move the figure.
 */

export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("summarize: no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: round(median), min: round(sorted[0]), max: round(sorted[sorted.length - 1]), samples: samples.map(round) };
}

/** One decimal place: more would pretend to a precision the machine does not have. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function ratio(numerator: number, denominator: number): number {
  return Math.round((numerator / denominator) * 100) / 100;
}

/**
 * Runs `measure` `warmup` times unrecorded, then `runs` times recorded.
 * Each call returns its own figure, so callers choose what a sample means
 * (wall time of a child, time inside a child, ...).
 */
export async function repeat<T>(warmup: number, runs: number, measure: () => Promise<T>): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await measure();
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await measure());
  return results;
}
