/** The fleet scheduler (lib/openstack/fan-out.ts): bounded width, widening through the ramp's stages. */
import { fanOut } from "../../lib/openstack/fan-out";

/** Tasks held until released by hand, recording how many are in flight when each starts. */
function heldTasks() {
  const release: Array<() => void> = [];
  const answer: Array<() => void> = [];
  const inFlightAtStart: number[] = [];
  let inFlight = 0;
  const task = (index: number, answered: () => void) =>
    new Promise<void>((resolve) => {
      inFlightAtStart[index] = ++inFlight;
      answer[index] = answered;
      let released = false;
      release[index] = () => {
        if (released) return;
        released = true;
        inFlight--;
        resolve();
      };
    });
  return { task, release, answer, inFlightAtStart, started: () => inFlightAtStart.filter((n) => n !== undefined).length };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Releases every held task, round after round, until the fan-out is done. */
async function releaseAll(t: ReturnType<typeof heldTasks>, done: Promise<void>): Promise<void> {
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    t.release.forEach((release) => release?.());
    await tick();
  }
  await done;
}

it("with no ramp starts the full width at once, and never more", async () => {
  const t = heldTasks();
  const done = fanOut(10, { width: 4, ramp: [] }, t.task);
  await tick();
  expect(t.started()).toBe(4);
  t.release[0]();
  await tick();
  expect(t.started()).toBe(5);
  await releaseAll(t, done);
  expect(t.started()).toBe(10);
  expect(Math.max(...t.inFlightAtStart)).toBe(4);
});

it("widens stage by stage, each once every call it added has its first answer", async () => {
  const t = heldTasks();
  const done = fanOut(40, { width: 16, ramp: [2, 4, 8] }, t.task);
  /** How many tasks have started once the tasks at `indexes` have their first answers. */
  const startedAfterAnswers = async (...indexes: number[]) => {
    for (const i of indexes) t.answer[i]();
    await tick();
    return t.started();
  };
  // One first answer of two: the stage still waits.
  expect([await startedAfterAnswers(), await startedAfterAnswers(0)]).toEqual([2, 2]);
  expect(await startedAfterAnswers(1)).toBe(4);
  expect(await startedAfterAnswers(2, 3)).toBe(8);
  expect(await startedAfterAnswers(4, 5, 6, 7)).toBe(16);
  await releaseAll(t, done);
  expect(t.started()).toBe(40);
  expect(Math.max(...t.inFlightAtStart)).toBe(16);
});

it("a task that ends without an answer releases its stage; a stage waits at most stageWaitMs", async () => {
  const t = heldTasks();
  const done = fanOut(6, { width: 6, ramp: [1, 2], stageWaitMs: 50 }, t.task);
  await tick();
  expect(t.started()).toBe(1);
  t.release[0]();
  await tick();
  // The first stage's call ended (it took the next item too): the second stage is open.
  expect(t.started()).toBe(3);
  const waited = Date.now();
  while (t.started() < 6) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(Date.now() - waited).toBeGreaterThanOrEqual(40);
  await releaseAll(t, done);
});

it("stops taking items once stopped, and a failing task fails the fan-out", async () => {
  let calls = 0;
  await fanOut(100, { width: 4, ramp: [2], stopped: () => calls >= 10 }, async () => {
    calls++;
  });
  expect(calls).toBe(10);
  await expect(
    fanOut(5, { width: 2, ramp: [1, 2] }, async (index) => {
      if (index === 3) throw new Error("boom");
    }),
  ).rejects.toThrow("boom");
});

it("a ramp wider than the fleet, or than the width, is cut to it", async () => {
  const t = heldTasks();
  const done = fanOut(3, { width: 2, ramp: [2, 4, 8] }, t.task);
  await tick();
  expect(t.started()).toBe(2);
  t.answer[0]();
  t.answer[1]();
  await releaseAll(t, done);
  expect(t.started()).toBe(3);
  expect(Math.max(...t.inFlightAtStart)).toBe(2);
});

it("an empty fleet runs nothing and ends at once", async () => {
  let calls = 0;
  await fanOut(0, { width: 16, ramp: [2, 4, 8] }, async () => {
    calls++;
  });
  expect(calls).toBe(0);
});
