/**
 * The token warm-up of a fleet (lib/openstack/client.ts, createConsoles): on
 * a token Nova has not validated yet, a couple of console calls go first, so
 * each nova-api worker validates it once, then the rest fan out at full
 * concurrency. Measured with the emulator's latency profile, whose workers
 * validate an unseen token with Keystone as keystonemiddleware does.
 */
import { fleetOf, useEmulator, VNC, withClient } from "./support/emulator";

const PROFILE = { workers: 2, tokenValidationMs: 20, keystoneProcesses: 2, serviceMs: { "compute.remote-consoles": 15, "identity.tokens": 0 } };
const emulator = useEmulator({ servers: 48, profile: "virtuozzo", latency: PROFILE });

it("a fresh token is validated once per worker, not once per request of the first wave; then the fan-out", async () => {
  const emu = emulator();
  await withClient({ env: emu.env(), settings: { concurrency: 16 } }, async (client) => {
    const outcomes = await client.createConsoles(fleetOf(emu), VNC);
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });
  const counters = emu.counters();
  // Two warm-up calls on two connections: one per worker. A bare fan-out of 16 validates 16 times (cloud.test.ts).
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
