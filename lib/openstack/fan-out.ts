/**
 * Bounded concurrency with a slow start, for a fleet's console calls on a
 * token Nova has not validated yet.
 *
 * Each nova-api worker validates a token it has not seen with Keystone and
 * caches it only once that returns, so a first wave of 16 on a fresh token
 * is 16 validations queued behind Keystone (40 servers: 2.7 s against 1.1 s
 * warmed, on the real harness). A client cannot see the workers, nor choose
 * which accepts a connection: on eventlet's shared socket an idle worker
 * accepts a whole burst of new connections, so two warm-up calls sent at
 * once often land on the same worker and the fan-out's burst herds on the
 * other (7 of 18 runs of 40 servers on the real harness). Widening in
 * stages bounds what a cold worker can cost to the stage's new connections:
 * 2 at once (one per worker when connections are spread round-robin), then
 * 4, then 8, then the full width, each stage once every call it added has
 * its first answer. `npm run bench:ramps` compares ramps (docs/bench.md).
 */

/** In-flight totals a fan-out on a fresh token widens through before its full width. */
export const WARMUP_RAMP: readonly number[] = [2, 4, 8];

/** A stage waits at most this long for its first answers (a call may be polling a server that is not ready). */
export const RAMP_STAGE_WAIT_MS = 3000;

export interface FanOutOptions {
  /** Most calls in flight. */
  readonly width: number;
  /** In-flight totals to widen through first; [] starts at the full width at once. */
  readonly ramp: readonly number[];
  /** @default RAMP_STAGE_WAIT_MS */
  readonly stageWaitMs?: number;
  /** Checked before each call: true stops taking new items. */
  readonly stopped?: () => boolean;
}

/**
 * Runs `task` for indexes 0 ... count-1, at most `width` at a time, widening
 * through `ramp` first. `task` calls `answered` when the cloud first answers
 * it (before any polling of a server that is not ready), which releases the
 * next stage; a task that ends without calling it releases it too.
 */
export async function fanOut(count: number, options: FanOutOptions, task: (index: number, answered: () => void) => Promise<void>): Promise<void> {
  const width = Math.max(1, Math.min(options.width, count));
  let next = 0;
  const more = () => next < count && !options.stopped?.();
  const workers: Promise<void>[] = [];
  const start = (onFirstAnswer: () => void): void => {
    workers.push(
      (async () => {
        let answered = onFirstAnswer;
        try {
          while (more()) {
            const index = next++;
            try {
              await task(index, answered);
            } finally {
              answered();
              answered = () => undefined;
            }
          }
        } finally {
          answered();
        }
      })(),
    );
  };
  for (const stage of options.ramp) {
    const answers: Promise<void>[] = [];
    while (workers.length < Math.min(stage, width) && more()) {
      answers.push(new Promise<void>((resolve) => start(resolve)));
    }
    if (answers.length === 0) continue;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.stageWaitMs ?? RAMP_STAGE_WAIT_MS)));
    // A failed worker's rejection surfaces from Promise.all(workers) below, not here.
    await Promise.race([Promise.all(answers), waited, Promise.all(workers).then(() => undefined, () => undefined)]);
    clearTimeout(timer);
  }
  while (workers.length < width && more()) start(() => undefined);
  await Promise.all(workers);
}
