/**
 * Every error status and each retry rule against the emulator, asserting how
 * many requests it counted: 400, 403, 404 and 501 are never retried; 409
 * "not ready" is polled until the deadline; 5xx, 429 (after Retry-After)
 * and dropped connections are retried with backoff.
 */
import { OpenStackError, type ConsoleOutcome } from "../../lib/openstack";
import { connectClient, fleetOf, rejection, useEmulator, VNC, withClient } from "./support/emulator";

const emulator = useEmulator({ servers: 1, profile: "zed", seed: 7 });

const only = (emuServer: { id: string; name: string }) => ({ id: emuServer.id, name: emuServer.name });

async function failure(promise: Promise<unknown>): Promise<OpenStackError> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(OpenStackError);
  return err as OpenStackError;
}

describe("answers that are never retried: exactly one console request", () => {
  it("400: the cloud does not offer the pair", async () => {
    const emu = emulator();
    const server = fleetOf(emu)[0];
    const err = await failure(withClient({ env: emu.env() }, (c) => c.createConsole(server, { protocol: "spice", type: "spice-html5" })));
    expect(err).toMatchObject({ kind: "unsupported", status: 400, serverId: server.id, serverName: "server-1" });
    expect(err.message).toContain('answered 400 Bad Request: "Unavailable console type spice-html5." This cloud does not offer spice/spice-html5 consoles (Virtuozzo Infrastructure offers vnc/novnc only)');
    expect(emu.counters().consoleRequests).toBe(1);
  });

  it("403: a reader lacks the console policy", async () => {
    const emu = emulator();
    const server = emu.createServer({ name: "admin-vm", project: "admin" });
    const err = await failure(withClient({ env: emu.env("viewer") }, (c) => c.createConsole(only(server), VNC)));
    expect(err).toMatchObject({ kind: "forbidden", status: 403 });
    expect(err.message).toContain('server "admin-vm"');
    expect(err.message).toContain("os_compute_api:os-remote-consoles");
    expect(emu.counters().consoleRequests).toBe(1);
  });

  it("404: the server is gone (deleted outside Terraform?)", async () => {
    const emu = emulator();
    const server = fleetOf(emu)[0];
    emu.deleteServer(server.id);
    const err = await failure(withClient({ env: emu.env() }, (c) => c.createConsole(server, VNC)));
    expect(err).toMatchObject({ kind: "not-found", status: 404 });
    expect(err.message).toContain(`server "server-1" (${server.id}): POST /servers/{id}/remote-consoles (vnc/novnc at 2.8) answered 404 Not Found: "Instance ${server.id} could not be found."`);
    expect(err.message).toContain("was it deleted outside Terraform?");
    expect(emu.counters().consoleRequests).toBe(1);
  });

  it("501: the hypervisor has no such console", async () => {
    const emu = emulator();
    await emu.close();
    const { startEmulator } = await import("../../packages/openstack-emulator/src");
    const e501 = await startEmulator({ servers: 1, notImplementedPairs: ["vnc/novnc"] });
    try {
      const err = await failure(withClient({ env: e501.env() }, (c) => c.createConsole(fleetOf(e501)[0], VNC)));
      expect(err).toMatchObject({ kind: "unsupported", status: 501 });
      expect(err.message).toContain("offers no vnc/novnc console (Virtuozzo Infrastructure offers vnc/novnc only)");
      expect(e501.counters().consoleRequests).toBe(1);
    } finally {
      await e501.close();
    }
  });
});

describe("409 not ready", () => {
  it("is polled until the server is ready", async () => {
    const emu = emulator();
    emu.setFaults({ "compute.remote-consoles": { notReadyFirstN: 3 } });
    await withClient({ env: emu.env() }, async (client) => {
      const console = await client.createConsole(fleetOf(emu)[0], VNC);
      expect(emu.isIssuedConsoleUrl(console.url)).toBe(true);
      expect(client.stats().retries).toBe(3);
    });
    expect(emu.counters().consoleRequests).toBe(4);
  });

  it("ends at the deadline with an error naming the server", async () => {
    const emu = emulator();
    const stuck = emu.createServer({ name: "never-scheduled", status: "ERROR", host: false });
    const started = Date.now();
    const err = await failure(withClient({ env: emu.env(), settings: { deadlineMs: 600 } }, (c) => c.createConsole(only(stuck), VNC)));
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ kind: "not-ready", status: 409, serverName: "never-scheduled" });
    expect(err.message).toMatch(/^server "never-scheduled" \([0-9a-f-]+\): still not ready when the deadline of 0\.6 s passed; .*answered 409 Conflict \(\d+ attempts\): "Instance [0-9a-f-]+ is not ready"/);
    expect(emu.counters().consoleRequests).toBeGreaterThan(2);
    // Ended at the 0.6 s deadline, not the default 120 s one (the bound leaves a slow machine room).
    expect(elapsed).toBeLessThan(10_000);
  });
});

describe("retried failures", () => {
  it("500 while the server is being deleted: retried until the deadline, then said so", async () => {
    const emu = emulator();
    const server = fleetOf(emu)[0];
    emu.markDeleting(server.id);
    const err = await failure(withClient({ env: emu.env(), settings: { deadlineMs: 1500 }, retry: { maxAttempts: 2 } }, (c) => c.createConsole(server, VNC)));
    expect(err).toMatchObject({ kind: "server-error", status: 500, serverId: server.id });
    expect(err.message).toMatch(/still failing when the deadline of 1\.5 s passed; .*\((\d+) attempts\)/);
    expect(err.message).toContain("The server is being deleted or migrated");
    // Console calls are not bound by maxAttempts (2 here): only the deadline ends them.
    expect(emu.counters().consoleRequests).toBeGreaterThan(2);
  });

  it("5xx and dropped connections are retried until each server has its console", async () => {
    const emu = emulator();
    for (let i = 0; i < 19; i++) emu.createServer({ name: `vm-${i}` });
    emu.setFaults({ "compute.remote-consoles": { errorRate: 0.3, errorStatuses: [500, 502, 503], dropRate: 0.2 } });
    await withClient({ env: emu.env(), retry: { maxAttempts: 10 } }, async (client) => {
      const outcomes = await client.createConsoles(fleetOf(emu), VNC);
      expect(outcomes.filter((o) => !o.ok)).toEqual([]);
      const stats = client.stats();
      expect(stats.retries).toBeGreaterThan(0);
      expect(emu.counters().consoleRequests).toBe(20 + stats.retries);
    });
    expect(emu.counters().consoleCreations).toBe(20);
  });

  it("a persistent 503 on consoles is retried until the deadline, then reported with Nova's words", async () => {
    const emu = emulator();
    emu.setFaults({ "compute.remote-consoles": { errorRate: 1, errorStatuses: [503] } });
    const started = Date.now();
    const err = await failure(withClient({ env: emu.env(), settings: { deadlineMs: 1500 }, retry: { maxAttempts: 2 } }, (c) => c.createConsole(fleetOf(emu)[0], VNC)));
    expect(err).toMatchObject({ kind: "server-error", status: 503 });
    const attempts = Number(/answered 503 Service Unavailable \((\d+) attempts\)/.exec(err.message)?.[1]);
    expect(attempts).toBe(emu.counters().consoleRequests);
    expect(attempts).toBeGreaterThan(2);
    // The last wait is fitted to the deadline: the call ends close to it, not a whole backoff early.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("429: waits at least Retry-After before trying again", async () => {
    const emu = emulator();
    await withClient({ env: emu.env() }, async (client) => {
      emu.setFaults({ "compute.remote-consoles": { rateLimitRate: 1, retryAfterSeconds: 1 } });
      const started = Date.now();
      const minting = client.createConsole(fleetOf(emu)[0], VNC);
      // Lift the limit while the client waits: its next try must come after the second the cloud asked for.
      setTimeout(() => emu.clearFaults(), 200);
      const console = await minting;
      const elapsed = Date.now() - started;
      expect(emu.isIssuedConsoleUrl(console.url)).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      expect(emu.counters().consoleRequests).toBe(2);
    });
  });

  it("429 whose Retry-After is beyond the deadline gives up at once", async () => {
    const emu = emulator();
    emu.setFaults({ "compute.remote-consoles": { rateLimitRate: 1, retryAfterSeconds: 60 } });
    const started = Date.now();
    const err = await failure(withClient({ env: emu.env(), settings: { deadlineMs: 30_000 } }, (c) => c.createConsole(fleetOf(emu)[0], VNC)));
    // At once: not after the 60 s Retry-After, nor at the 30 s deadline (the bound leaves a slow machine room).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(err).toMatchObject({ kind: "server-error", status: 429 });
    expect(err.message).toContain("rate-limiting");
    expect(emu.counters().consoleRequests).toBe(1);
  });
});

describe("Keystone and the network", () => {
  it("Keystone down: retried, then an error saying Keystone is failing", async () => {
    const emu = emulator();
    emu.setFaults({ "identity.tokens": { unavailable: true } });
    const err = await failure(connectClient({ env: emu.env(), retry: { maxAttempts: 3 } }));
    expect(err).toMatchObject({ kind: "server-error", status: 503 });
    expect(err.message).toContain("Keystone answered 503 Service Unavailable");
    expect(err.message).toContain("Keystone is failing (gave up after 3 attempts)");
    expect(emu.counters().byRoute["identity.tokens"]).toBe(3);
  });

  it("nothing listening: a network error naming the host, after retries", async () => {
    const emu = emulator();
    const env = emu.env();
    await emu.close();
    const err = await failure(connectClient({ env, retry: { maxAttempts: 2 } }));
    expect(err.kind).toBe("network");
    expect(err.message).toMatch(/^POST \/v3\/auth\/tokens: cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\) after 2 attempts\. Check that the endpoint is up/);
  });

  it("a slow cloud: each attempt times out, and the deadline ends the call", async () => {
    const emu = emulator();
    await withClient({ env: emu.env(), settings: { requestTimeoutMs: 150, deadlineMs: 1000 } }, async (client) => {
      emu.setFaults({ "compute.remote-consoles": { latencyMs: 30_000 } });
      const started = Date.now();
      const outcomes: ConsoleOutcome[] = await client.createConsoles(fleetOf(emu), VNC);
      // Cut at the 1 s deadline, not after the 30 s answer (the bound leaves a slow machine room).
      expect(Date.now() - started).toBeLessThan(10_000);
      const [o] = outcomes;
      expect(o.ok).toBe(false);
      if (!o.ok) {
        expect(o.error.kind).toBe("timeout");
        expect(o.error.message).toContain('server "server-1"');
        expect(o.error.message).toMatch(/(the deadline of 1 s passed after \d+ attempts; the last one got no answer in time|did not answer in time)/);
      }
      expect(emu.counters().consoleRequests).toBeGreaterThanOrEqual(2);
    });
  });
});
