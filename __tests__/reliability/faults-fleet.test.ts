/**
 * Faults a fleet meets beyond a flaky console call, injected by the emulator
 * and met by the hook run as Terraform runs it: servers not ready (409),
 * Keystone down at start, a token expiring mid-fleet, and a server deleted
 * outside Terraform (404). Each test asserts the outcome and what the
 * emulator counted, and records retries and wall time.
 */
import { DEFAULT_CONCURRENCY } from "../../lib/openstack";
import { LOGIN_ATTEMPTS, FLEET, expectWithinBudget, faultSuite, firstOf } from "./support/fault-suite";
import type { RunResult } from "../helpers/run";
import { waitFor } from "./support/poll";
import { fleetQuery } from "./support/sandbox";

const s = faultSuite("fleet", 20240608);

/** A failed read: exit 1, nothing written, and `server` the only one listed, with reasons matching `reasons`. */
function expectOnlyFailing(result: RunResult, server: { name: string; id: string }, reasons: readonly RegExp[]): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe("");
  const failing = result.stderr.split("\n").filter((l) => l.startsWith("  - "));
  expect(failing).toHaveLength(1);
  expect(failing[0]).toContain(server.name);
  expect(failing[0]).toContain(server.id);
  for (const reason of reasons) expect(failing[0]).toMatch(reason);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe("409 not ready", () => {
  test("the first 3 tries of every server answer 409: retried until ready, exactly 4 requests each", async () => {
    const part = firstOf(s.fleet, 20);
    await s.survives("409 not ready × 3 per server", { notReadyFirstN: 3 }, part);

    const c = s.emu.counters();
    expect(Object.values(part).map((id) => c.consoleRequestsByServer[id])).toEqual(Object.values(part).map(() => 4));
    expect(c.tokenRequests).toBe(1);
  });

  test("a server that never gets a host: a timeout error naming it when the deadline passes; nothing written", async () => {
    const stuck = s.emu.createServer({ name: "never-scheduled", host: false });
    const part = { ...firstOf(s.fleet, 3), [stuck.name]: stuck.id };
    try {
      const result = await s.hook(fleetQuery(part, { timeout: "3" }));
      s.consoleRow("409 until the deadline (3 s)", 4, result);

      expectOnlyFailing(result, stuck, [/not ready/, /deadline/]);
      expect(s.emu.counters().consoleRequestsByServer[stuck.id]).toBeGreaterThan(1);
      // "When the deadline passes": not before it (the message says it passed), and at the query's 3 s, not
      // the default 120 s (the bound leaves a slow machine room).
      expect(result.wallMs).toBeGreaterThanOrEqual(3_000 - 500);
      expect(result.wallMs).toBeLessThan(10_000);
    } finally {
      s.emu.deleteServer(stuck.id);
    }
  });
});

describe("Keystone", () => {
  test("down at start: a clear error after the retry budget, no Nova call", async () => {
    s.emu.setFaults({ "identity.tokens": { unavailable: true } });
    const result = await s.hook(fleetQuery(firstOf(s.fleet, 1)));
    const c = s.emu.counters();
    const tokenCalls = c.byRoute["identity.tokens"] ?? 0;
    s.log.record({ fault: "Keystone down (503)", servers: 1, outcome: `exit ${String(result.code)}`, requests: tokenCalls, retries: tokenCalls - 1, tokenRequests: tokenCalls, wallMs: result.wallMs });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const last = result.stderr.trim().split("\n").pop()!;
    expect(last).toMatch(/auth\/tokens/);
    expect(last).toMatch(/503/);
    expect(last).toMatch(/Keystone/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(tokenCalls).toBe(LOGIN_ATTEMPTS);
    expect(c.consoleRequests).toBe(0);
  });

  test("token expiring mid-fleet: exactly one re-authentication, and the fleet completes", async () => {
    s.emu.setFaults({ "compute.remote-consoles": { latencyMs: 20 } });
    const run = s.hook(fleetQuery(s.fleet));
    const expiredAt = await waitFor(() => {
      const made = s.emu.counters().consoleCreations;
      return made >= 40 ? made : undefined;
    }, "40 consoles");
    s.emu.expireTokens();
    const result = await run;
    s.consoleRow("token expired mid-fleet", FLEET, result);

    expect(expiredAt.value).toBeLessThan(FLEET); // it really was mid-fleet
    s.expectIssuedUrls(result, Object.keys(s.fleet));
    const c = s.emu.counters();
    expect(c.tokenRequests).toBe(2);
    expect(c.tokenIssues).toBe(2);
    expect(c.consoleCreations).toBe(FLEET);
    // Only the calls in flight at expiry met a 401, each retried once.
    expect(c.consoleRequests - FLEET).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
    expectWithinBudget(c, Object.values(s.fleet), 0);
  });
});

describe("a server deleted outside Terraform (404) in a fleet", () => {
  let gone: { name: string; id: string };
  let part: Record<string, string>;

  beforeAll(() => {
    const record = s.emu.createServer({ name: "deleted-meanwhile" });
    s.emu.deleteServer(record.id);
    gone = { name: record.name, id: record.id };
    part = { ...firstOf(s.fleet, 20), [gone.name]: gone.id };
  });

  test("by default the read fails, naming that server; no other result is reported as success", async () => {
    const result = await s.hook(fleetQuery(part));
    s.consoleRow("one server 404 (default)", 21, result);

    expectOnlyFailing(result, gone, [/404/, /deleted outside Terraform/]);
    expect(result.stderr).toMatch(/nothing was written/);
    expect(s.emu.counters().consoleRequestsByServer[gone.id]).toBe(1); // 404 is not retried
  });

  test('tolerate_unavailable="true": "" for that server only, every other URL issued, a note on stderr', async () => {
    const result = await s.hook(fleetQuery(part, { tolerate_unavailable: "true" }));
    s.consoleRow("one server 404 (tolerated)", 21, result, result.code === 0 ? '"" for 1' : undefined);

    expect(result.code).toBe(0);
    const urls = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(urls).sort()).toEqual(Object.keys(part).sort());
    expect(urls[gone.name]).toBe("");
    const others = Object.entries(urls).filter(([n]) => n !== gone.name);
    expect(others.filter(([, url]) => !s.emu.isIssuedConsoleUrl(url))).toEqual([]);
    expect(result.stderr).toMatch(/tolerate_unavailable/);
    expect(result.stderr).toContain(gone.id);
  });
});
