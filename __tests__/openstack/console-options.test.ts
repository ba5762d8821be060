/** Per-call options of createConsole / createConsoles: deadline, what a 409 means, progress callbacks. */
import type { ConsoleOutcome } from "../../lib/openstack";
import { fleetOf, rejection, useEmulator, VNC, withClient } from "./support/emulator";

const emulator = useEmulator({ servers: 6, seed: 3 });

it('notReady "fail": a server without a host is reported at once, with one request', async () => {
  const emu = emulator();
  const stuck = emu.createServer({ name: "never-scheduled", status: "ERROR", host: false });
  const started = Date.now();
  const err = await rejection(withClient({ env: emu.env() }, (c) => c.createConsole(stuck, VNC, { notReady: "fail" })));
  // At once, not polled until the default 120 s deadline (the bound leaves a slow machine room).
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(err).toMatchObject({ kind: "not-ready", status: 409 });
  expect(err.message).toMatch(/^server "never-scheduled" \([0-9a-f-]+\): POST .* answered 409 Conflict: "Instance [0-9a-f-]+ is not ready"\. The server has no host/);
  expect(emu.counters().consoleRequests).toBe(1);
});

it("deadlineMs of one call overrides the configured deadline", async () => {
  const emu = emulator();
  const stuck = emu.createServer({ name: "building", status: "BUILD", host: false });
  await withClient({ env: emu.env(), settings: { deadlineMs: 60_000 } }, async (client) => {
    const started = Date.now();
    const err = await rejection(client.createConsole(stuck, VNC, { deadlineMs: 500 }));
    // The call's 0.5 s deadline, not the configured 60 s one (the bound leaves a slow machine room).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(err).toMatchObject({ kind: "not-ready", status: 409 });
    expect(err.message).toContain("still not ready when the deadline of 0.5 s passed");
    // The next call has the configured deadline again: a ready server is minted.
    expect(emu.isIssuedConsoleUrl((await client.createConsole(fleetOf(emu)[0], VNC)).url)).toBe(true);
  });
});

it("onOutcome sees every server's outcome once, as it settles, with its duration", async () => {
  const emu = emulator();
  const stuck = emu.createServer({ name: "stuck", status: "ERROR", host: false });
  const fleet = fleetOf(emu).filter((s) => s.id !== stuck.id);
  const seen: ConsoleOutcome[] = [];
  await withClient({ env: emu.env(), settings: { concurrency: 3 } }, async (client) => {
    const outcomes = await client.createConsoles([...fleet, stuck], VNC, { notReady: "fail", onOutcome: (o) => seen.push(o) });
    expect(seen).toHaveLength(outcomes.length);
    expect(new Set(seen)).toEqual(new Set(outcomes));
    expect(outcomes.map((o) => o.ok)).toEqual([...fleet.map(() => true), false]);
    for (const o of outcomes) expect(o.durationMs).toBeGreaterThanOrEqual(0);
  });
  expect(emu.counters().consoleRequests).toBe(fleet.length + 1);
});

it("an onOutcome that throws stops the fleet and rejects with its error", async () => {
  const emu = emulator();
  const boom = new Error("progress display failed");
  await withClient({ env: emu.env(), settings: { concurrency: 1 } }, async (client) => {
    let calls = 0;
    const err = await rejection(
      client.createConsoles(fleetOf(emu), VNC, {
        onOutcome: () => {
          calls++;
          throw boom;
        },
      }),
    );
    expect(err).toBe(boom);
    expect(calls).toBe(1);
  });
  expect(emu.counters().consoleRequests).toBe(1);
});
