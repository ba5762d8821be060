/** A fleet through one client: one token, one pool, bounded concurrency, every URL one the cloud issued. */
import { fleetOf, useEmulator, VNC, withClient } from "./support/emulator";

const emulator = useEmulator({ servers: 120, profile: "virtuozzo" });

it("mints 120 consoles with one token request and at most `concurrency` requests in flight", async () => {
  const emu = emulator();
  emu.setFaults({ "compute.remote-consoles": { latencyMs: 5 } });
  const fleet = fleetOf(emu);
  await withClient({ env: emu.env(), settings: { concurrency: 6 } }, async (client) => {
    const outcomes = await client.createConsoles(fleet, VNC);
    expect(outcomes.map((o) => o.name)).toEqual(fleet.map((s) => s.name));
    for (const o of outcomes) {
      expect(o.ok).toBe(true);
      if (o.ok) {
        expect(o.console).toMatchObject({ serverId: o.id, protocol: "vnc", type: "novnc", microversion: "2.8", method: "remote-consoles" });
        expect(emu.isIssuedConsoleUrl(o.console.url)).toBe(true);
      }
    }
    expect(client.stats()).toEqual({ tokenRequests: 1, requests: 1 + 1 + 120, retries: 0 });
  });
  const counters = emu.counters();
  expect(counters.tokenRequests).toBe(1);
  expect(counters.consoleRequests).toBe(120);
  expect(counters.maxConsoleInFlight).toBeLessThanOrEqual(6);
  expect(counters.maxConsoleInFlight).toBeGreaterThan(1);
});

it("reports each failing server apart and mints the rest", async () => {
  const emu = emulator();
  const fleet = fleetOf(emu).slice(0, 10);
  emu.deleteServer(fleet[3].id);
  const stuck = emu.createServer({ name: "stuck", host: false });
  await withClient({ env: emu.env(), settings: { deadlineMs: 400 } }, async (client) => {
    const outcomes = await client.createConsoles([...fleet, { name: stuck.name, id: stuck.id }], VNC);
    const failed = outcomes.filter((o) => !o.ok);
    expect(failed.map((o) => [o.name, !o.ok && o.error.kind])).toEqual([
      [fleet[3].name, "not-found"],
      ["stuck", "not-ready"],
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(9);
  });
});

it("lists servers page by page and finds them by exact name", async () => {
  const emu = emulator();
  emu.createServer({ name: "web.1" });
  emu.createServer({ name: "web-1" });
  await withClient({ env: emu.env() }, async (client) => {
    const seen: string[] = [];
    for await (const s of client.listServers({ pageSize: 25 })) seen.push(s.name);
    expect(seen).toHaveLength(122);
    expect(new Set(seen).size).toBe(122);
    const found = await client.findServersByName("web.1");
    expect(found.map((s) => s.name)).toEqual(["web.1"]);
    expect(found[0]).toMatchObject({ status: "ACTIVE" });
  });
  expect(emu.counters().byRoute["compute.servers"]).toBeGreaterThanOrEqual(5);
});
