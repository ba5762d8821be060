/**
 * 409 "not ready" polls and transient failures (5xx, 429, dropped
 * connections) have separate budgets: polls run until the deadline, and
 * maxAttempts bounds only a run of transient failures in a row.
 */
import { OpenStackClient, resolveCloudConfig } from "../../lib/openstack";
import { FAST_RETRY, fleetOf, useEmulator, VNC } from "./support/emulator";

const emulator = useEmulator({ servers: 1, seed: 11 });

it("a server polled through BUILD that then meets 5xx answers still gets its console", async () => {
  const emu = emulator();
  // 8 polls answer 409, and about a third of all answers are 503 on top: some come after the 6th request.
  emu.setFaults({ "compute.remote-consoles": { notReadyFirstN: 8, errorRate: 0.35, errorStatuses: [503] } });
  const lines: string[] = [];
  const config = resolveCloudConfig({}, { HOME: "/nonexistent", ...emu.env() }, "/");
  const client = await OpenStackClient.connect(config, { logger: (l) => lines.push(l), logRetries: true, retry: FAST_RETRY });
  try {
    const console = await client.createConsole(fleetOf(emu)[0], VNC);
    expect(emu.isIssuedConsoleUrl(console.url)).toBe(true);
  } finally {
    await client.close();
  }
  const attemptOf = (l: string) => Number(/\(attempt (\d+)\)$/.exec(l)?.[1]);
  const after503 = lines.filter((l) => l.includes("after 503")).map(attemptOf);
  // The premise: a 503 came after more than maxAttempts (6) requests, which the old shared count refused.
  expect(Math.max(...after503)).toBeGreaterThan(7);
  expect(lines.filter((l) => l.includes("after 409"))).toHaveLength(8);
  const counters = emu.counters();
  expect(counters.consoleRequests).toBe(9 + after503.length);
  expect(counters.consoleCreations).toBe(1);
});
