/**
 * The token warm-up of a fleet (lib/openstack/client.ts, createConsoles, and
 * fan-out.ts): on a token Nova has not validated yet, the fan-out widens in
 * stages (2, 4, 8, then the full width), so each nova-api worker validates it
 * about once, not once per request of a first wave. Measured with the
 * emulator's latency profile, whose workers validate an unseen token with
 * Keystone as keystonemiddleware does.
 */
import { mintLoop } from "../../bench/floor/loop";
import type { Emulator } from "../../packages/openstack-emulator/src";
import { WARMUP_RAMP } from "../../lib/openstack/fan-out";
import { fleetOf, rawToken, useEmulator, VNC, withClient } from "./support/emulator";

const PROFILE = { workers: 2, tokenValidationMs: 20, keystoneProcesses: 2, serviceMs: { "compute.remote-consoles": 15, "identity.tokens": 0 } };
const emulator = useEmulator({ servers: 48, profile: "virtuozzo", latency: PROFILE });

it("a fresh token is validated once per worker, not once per request of the first wave; then the fan-out", async () => {
  const emu = emulator();
  await withClient({ env: emu.env(), settings: { concurrency: 16 } }, async (client) => {
    const outcomes = await client.createConsoles(fleetOf(emu), VNC);
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });
  const counters = emu.counters();
  // The ramp's first two connections go one to each worker (round-robin); later stages find it cached. A bare fan-out of 16 validates 16 times (cloud.test.ts).
  expect(counters.tokenValidations).toBe(2);
  // Far beyond the two warm-up calls (the bench's realistic rows check it reaches the concurrency).
  expect(counters.maxConsoleInFlight).toBeGreaterThanOrEqual(8);
  expect(counters.consoleRequests).toBe(48);
});

it("a token already warm goes straight to the fan-out", async () => {
  const emu = emulator();
  await withClient({ env: emu.env(), settings: { concurrency: 16 } }, async (client) => {
    await client.createConsoles(fleetOf(emu).slice(0, 4), VNC);
    const validated = emu.counters().tokenValidations;
    emu.resetCounters();
    const order: string[] = [];
    const outcomes = await client.createConsoles(fleetOf(emu), VNC, { onOutcome: (o) => order.push(o.name) });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(validated).toBe(2);
    // New connections for the wider fan-out go to workers that already know the token.
    expect(emu.counters().tokenValidations).toBe(0);
    expect(emu.counters().maxConsoleInFlight).toBeGreaterThanOrEqual(8);
  });
});

it("a warm-up call that keeps answering 409 (not ready) does not hold the fan-out back", async () => {
  const emu = emulator();
  const stuck = emu.createServer({ name: "stuck", host: false });
  const fleet = [{ name: stuck.name, id: stuck.id }, ...fleetOf(emu).slice(0, 20)];
  const order: string[] = [];
  await withClient({ env: emu.env(), settings: { concurrency: 8, deadlineMs: 1500 } }, async (client) => {
    const outcomes = await client.createConsoles(fleet, VNC, { onOutcome: (o) => order.push(o.name) });
    expect(outcomes.filter((o) => !o.ok).map((o) => o.name)).toEqual(["stuck"]);
  });
  // The stuck server polled until the deadline while every other server was minted.
  expect(order[order.length - 1]).toBe("stuck");
  expect(order).toHaveLength(21);
});

describe("connections handed out idle-first (eventlet workers sharing one socket, as on the real harness)", () => {
  const idleFirst = useEmulator({ servers: 48, profile: "virtuozzo", latency: { ...PROFILE, tokenValidationMs: 150, accept: "idle-first" } });

  /** The bench's floor loop (bare undici POSTs through the client's scheduler; it throws unless every answer is 200) on a fresh token. */
  async function loop(emu: Emulator, ramp: readonly number[]): Promise<number> {
    const { token } = await rawToken(emu.env());
    emu.resetCounters();
    await mintLoop({ computeUrl: emu.computeUrl, serverIds: fleetOf(emu).map((s) => s.id), concurrency: 16, ramp }, token);
    return emu.counters().tokenValidations;
  }

  it("two calls at once land on one worker, so the fan-out's burst of connections herds on the other", async () => {
    // The real harness did this in 7 of 18 runs of 40 servers (docs/bench.md): 13 to 16 validations.
    expect(await loop(idleFirst(), [2])).toBeGreaterThanOrEqual(8);
  });

  it("the client's ramp bounds a cold worker to the connections of one stage", async () => {
    const emu = idleFirst();
    // At most the first pair and the new connections of the stage that first reaches the other worker.
    expect(await loop(emu, WARMUP_RAMP)).toBeLessThanOrEqual(6);
    await withClient({ env: emu.env(), settings: { concurrency: 16 } }, async (client) => {
      emu.resetCounters();
      const outcomes = await client.createConsoles(fleetOf(emu), VNC);
      expect(outcomes.every((o) => o.ok)).toBe(true);
    });
    expect(emu.counters().tokenValidations).toBeLessThanOrEqual(6);
    // Past the ramp's last stage (8): the fan-out went to its full width (16 exactly needs a machine fast enough to have all 16 inside the cloud at once).
    expect(emu.counters().maxConsoleInFlight).toBeGreaterThan(8);
  });
});
