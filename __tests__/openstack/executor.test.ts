/**
 * The executor's retry counts against a scripted server over real HTTP:
 * 409 polls end only at the deadline, and maxAttempts bounds a run of
 * transient failures in a row, which a 409 in between ends.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Dispatcher } from "undici";
import { Deadline } from "../../lib/openstack/http/deadline";
import { HttpExecutor, type HttpStats, type Outcome } from "../../lib/openstack/http/executor";
import { DEFAULT_RETRY_POLICY } from "../../lib/openstack/http/retry";
import { createDispatcher } from "../../lib/openstack/http/transport";
import { FAST_RETRY } from "./support/emulator";
import { recorded } from "./support/fixtures";

const NOT_READY = recorded("remote-console-409");
const CREATED = recorded("remote-console-2.8");

/** Answers each request with the next status of `script`, then 200 for good. */
async function scriptedServer(script: readonly number[]): Promise<{ origin: string; served: () => number; close: () => Promise<void> }> {
  let served = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const status = script[served++] ?? 200;
      if (status === 409) res.writeHead(409, { "content-type": "application/json" }).end(NOT_READY.body);
      else if (status === 200) res.writeHead(200, { "content-type": "application/json" }).end(CREATED.body);
      else res.writeHead(status, { "content-type": "text/plain" }).end(`${status} from the script`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served: () => served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let dispatcher: Dispatcher;
beforeAll(async () => {
  dispatcher = await createDispatcher({ tls: { insecure: false }, connections: 1, connectTimeoutMs: 1000, warn: () => undefined });
});
afterAll(() => dispatcher.close());

async function run(script: readonly number[], options: { maxAttempts?: number; pollNotReady?: boolean; deadlineMs?: number } = {}): Promise<{ outcome: Outcome; served: number; stats: HttpStats }> {
  const server = await scriptedServer(script);
  const stats: HttpStats = { tokenRequests: 0, requests: 0, retries: 0 };
  const policy = { ...DEFAULT_RETRY_POLICY, ...FAST_RETRY, maxAttempts: options.maxAttempts ?? 3 };
  const executor = new HttpExecutor(dispatcher, policy, 5_000, stats);
  try {
    const outcome = await executor.run({
      name: "POST /servers/{id}/remote-consoles",
      deadline: new Deadline(options.deadlineMs ?? 10_000),
      pollNotReady: options.pollNotReady ?? true,
      build: () => ({ method: "POST", origin: server.origin, path: "/v2.1/servers/x/remote-consoles", headers: { "content-type": "application/json" }, body: "{}" }),
    });
    return { outcome, served: server.served(), stats };
  } finally {
    await server.close();
  }
}

it("polls past maxAttempts and still retries a 5xx that comes after the polls", async () => {
  const { outcome, served, stats } = await run([409, 409, 409, 409, 409, 409, 409, 503, 200]);
  expect(outcome.response.status).toBe(200);
  expect(outcome.attempts).toBe(9);
  expect(served).toBe(9);
  expect(stats).toMatchObject({ requests: 9, retries: 8 });
});

it("bounds each run of transient failures in a row by maxAttempts; a 409 between runs ends a run", async () => {
  const ok = await run([503, 502, 409, 500, 429, 409, 503, 503, 200], { maxAttempts: 3 });
  expect(ok.outcome.response.status).toBe(200);
  expect(ok.served).toBe(9);

  const failing = await run([409, 409, 503, 503, 503, 503], { maxAttempts: 3 });
  expect(failing.outcome).toMatchObject({ response: { status: 503 }, attempts: 5, gaveUp: "attempts" });
  expect(failing.served).toBe(5);
});

it("without polling, a 409 is the answer at once", async () => {
  const { outcome, served } = await run([409, 200], { pollNotReady: false });
  expect(outcome.response.status).toBe(409);
  expect(outcome.gaveUp).toBeUndefined();
  expect(served).toBe(1);
  // Transient failures are still retried before it.
  const afterFailures = await run([503, 502, 409, 200], { pollNotReady: false });
  expect(afterFailures.outcome.response.status).toBe(409);
  expect(afterFailures.served).toBe(3);
});

it("polls end at the deadline with the last 409", async () => {
  const started = Date.now();
  const { outcome, served } = await run(Array.from({ length: 1000 }, () => 409), { deadlineMs: 500 });
  // At the 0.5 s deadline, not at run()'s default 10 s one (the bound leaves a slow machine room).
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(outcome).toMatchObject({ response: { status: 409 }, gaveUp: "deadline" });
  expect(served).toBeGreaterThan(3);
});
