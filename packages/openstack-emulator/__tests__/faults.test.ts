/** Every fault switch, the counters that see it, seeded dice, and the control endpoint. */
import { EmulatorConfigError, startEmulator, type Emulator, type FaultSpec } from "../src";
import { header, json, passwordBody, request, tokenFor, type RawResponse } from "./support/http";

let e: Emulator;
let token: string;
let serverId: string;

beforeAll(async () => {
  e = await startEmulator({ servers: 3, seed: 42 });
  token = await tokenFor(e, "demo");
  serverId = e.listServers()[0].id;
});
afterAll(() => e.close());
beforeEach(() => {
  e.clearFaults();
  e.resetCounters();
});

const consoleCall = (id = serverId): Promise<RawResponse> =>
  request(`${e.computeUrl}/servers/${id}/remote-consoles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": "2.8" },
    body: JSON.stringify({ remote_console: { protocol: "vnc", type: "novnc" } }),
    tolerateDrop: true,
  });

test("latencyMs delays answers, and maxConsoleInFlight sees the overlap", async () => {
  e.setFaults({ "compute.remote-consoles": { latencyMs: 150 } });
  const started = Date.now();
  const answers = await Promise.all([consoleCall(), consoleCall(), consoleCall(), consoleCall()]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  const c = e.counters();
  expect([c.consoleRequests, c.consoleCreations, c.maxConsoleInFlight]).toEqual([4, 4, 4]);
  expect(c.consoleRequestsByServer).toEqual({ [serverId]: 4 });
});

test("errorRate answers 500 as Nova does and 502/503 as a load balancer does", async () => {
  e.setFaults({ "compute.remote-consoles": { errorRate: 1, errorStatuses: [500] } });
  const nova = await consoleCall();
  expect(nova.status).toBe(500);
  expect(json(nova).computeFault.message).toContain("<class 'oslo_messaging.exceptions.MessagingTimeout'>");
  e.setFaults({ "compute.*": { errorRate: 1, errorStatuses: [502] } });
  const gateway = await consoleCall();
  expect([gateway.status, header(gateway, "content-type")]).toEqual([502, "text/html"]);
  expect(gateway.body).toContain("<h1>502 Bad Gateway</h1>");
  const c = e.counters();
  expect([c.consoleRequests, c.consoleCreations, c.byRoute["compute.remote-consoles"]]).toEqual([2, 0, 2]);
});

test("dropRate destroys the connection mid-response; the console was not delivered", async () => {
  e.setFaults({ "compute.remote-consoles": { dropRate: 1 } });
  const dropped = await consoleCall();
  expect(dropped.status === 0 || dropped.body.length < 100).toBe(true);
  expect([e.counters().consoleRequests, e.counters().consoleCreations]).toEqual([1, 0]);
});

test("rateLimitRate answers 429 with Retry-After", async () => {
  e.setFaults({ "*": { rateLimitRate: 1, retryAfterSeconds: 7 } });
  const limited = await consoleCall();
  expect([limited.status, header(limited, "retry-after")]).toEqual([429, "7"]);
  expect(json(limited)).toEqual({ overLimit: { code: 429, message: "This request was rate-limited.", retryAfter: "7" } });
  const keystone = await request(`${e.identityUrl}/auth/tokens`, { method: "POST", body: passwordBody("demo", "demo-secret", "demo") });
  expect([keystone.status, header(keystone, "retry-after")]).toEqual([429, "7"]);
  expect([e.counters().tokenRequests, e.counters().tokenIssues]).toEqual([1, 0]);
});

test("notReadyFirstN answers 409 to the first N console requests of each server", async () => {
  e.setFaults({ "compute.remote-consoles": { notReadyFirstN: 2 } });
  const [a, b] = e.listServers().map((s) => s.id);
  const first = await consoleCall(a);
  expect([first.status, json(first).conflictingRequest.message]).toEqual([409, `Instance ${a} is not ready`]);
  expect((await consoleCall(a)).status).toBe(409);
  expect((await consoleCall(a)).status).toBe(200);
  expect((await consoleCall(b)).status).toBe(409);
  expect(e.counters().consoleRequestsByServer).toEqual({ [a]: 3, [b]: 1 });
  expect(e.counters().consoleCreations).toBe(1);
});

test("unavailable on identity.* is Keystone down: 503 from the load balancer, Nova still up", async () => {
  e.setFaults({ "identity.*": { unavailable: true } });
  const down = await request(`${e.identityUrl}/auth/tokens`, { method: "POST", body: passwordBody("demo", "demo-secret", "demo") });
  expect(down.status).toBe(503);
  expect(down.body).toContain("No server is available to handle this request.");
  expect((await request(e.identityUrl)).status).toBe(503);
  expect((await consoleCall()).status).toBe(200);
  expect(e.counters().tokenRequests).toBe(1);
});

test("tokenLifetimeSeconds makes tokens die early while expires_at still promises an hour", async () => {
  e.setFaults({ "identity.tokens": { tokenLifetimeSeconds: 0.2 } });
  const res = await request(`${e.identityUrl}/auth/tokens`, { method: "POST", body: passwordBody("demo", "demo-secret", "demo") });
  const early = header(res, "x-subject-token")!;
  expect(new Date(json(res).token.expires_at).getTime() - Date.now()).toBeGreaterThan(3500_000);
  const list = () => request(`${e.computeUrl}/servers`, { headers: { "X-Auth-Token": early } });
  expect((await list()).status).toBe(200);
  await new Promise((r) => setTimeout(r, 250));
  expect((await list()).status).toBe(401);
});

test("the dice are seeded: the same seed gives the same faults", async () => {
  const outcomes = async (): Promise<number[]> => {
    const other = await startEmulator({ servers: 1, seed: 7, faults: { "compute.servers": { errorRate: 0.5, errorStatuses: [500, 503] } } });
    try {
      const t = await tokenFor(other, "demo");
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await request(`${other.computeUrl}/servers`, { headers: { "X-Auth-Token": t } })).status);
      return statuses;
    } finally {
      await other.close();
    }
  };
  const first = await outcomes();
  expect(await outcomes()).toEqual(first);
  expect(new Set(first).size).toBeGreaterThan(1);
});

test("a route's own faults override service-wide ones, field by field", async () => {
  e.setFaults({ "*": { errorRate: 1, errorStatuses: [503] }, "compute.remote-consoles": { errorRate: 0 } });
  expect((await consoleCall()).status).toBe(200);
  expect((await request(`${e.computeUrl}/servers`, { headers: { "X-Auth-Token": token } })).status).toBe(503);
});

test.each<[string, unknown, string]>([
  ["an unknown route", { "compute.nope": {} }, 'faults: unknown route "compute.nope"'],
  ["a rate above 1", { "*": { errorRate: 1.5 } }, 'faults: "*".errorRate 1.5 is not a share; give a number from 0 to 1'],
  ["an unknown fault", { "*": { explode: true } }, 'faults: "*" has unknown fault "explode"'],
  ["a 4xx error status", { "*": { errorStatuses: [404] } }, "is not a list of 5xx statuses"],
])("setFaults refuses %s", (_what, spec, expected) => {
  expect(() => e.setFaults(spec as FaultSpec)).toThrow(EmulatorConfigError);
  expect(() => e.setFaults(spec as FaultSpec)).toThrow(expected);
});

test("startEmulator refuses a bad fault spec before listening", async () => {
  await expect(startEmulator({ faults: { "*": { latencyMs: -1 } } })).rejects.toThrow('faults: "*".latencyMs -1 is not a delay');
});

describe("control endpoint", () => {
  const control = (path: string, method = "GET", body?: unknown) =>
    request(`${e.controlUrl}${path}`, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

  test("sets, shows and clears faults; refuses bad ones with the reason", async () => {
    expect((await control("/faults", "POST", { "compute.remote-consoles": { rateLimitRate: 1 } })).status).toBe(200);
    expect(json(await control("/faults")).faults).toEqual({ "compute.remote-consoles": { rateLimitRate: 1 } });
    expect((await consoleCall()).status).toBe(429);
    const bad = await control("/faults", "POST", { "compute.remote-consoles": { rateLimitRate: 2 } });
    expect([bad.status, json(bad).error]).toEqual([400, 'faults: "compute.remote-consoles".rateLimitRate 2 is not a share; give a number from 0 to 1']);
    expect((await control("/faults", "DELETE")).status).toBe(204);
    expect((await consoleCall()).status).toBe(200);
  });

  test("reads and resets counters, which do not count control calls", async () => {
    await consoleCall();
    const counters = json(await control("/counters"));
    expect([counters.consoleRequests, counters.byRoute]).toEqual([1, { "compute.remote-consoles": 1 }]);
    expect((await control("/counters/reset", "POST")).status).toBe(204);
    expect(json(await control("/counters")).consoleRequests).toBe(0);
  });

  test("creates servers, changes their state, checks console URLs and expires tokens", async () => {
    const created = await control("/servers", "POST", { name: "ctl", host: false });
    expect(created.status).toBe(201);
    const server = json(created).server;
    expect(server).toMatchObject({ name: "ctl", status: "ACTIVE", host: null });
    expect((await consoleCall(server.id)).status).toBe(409);
    const url = json(await consoleCall()).remote_console.url;
    expect(json(await control(`/console-urls/check?url=${encodeURIComponent(url)}`)).issued).toBe(true);
    expect(json(await control(`/console-urls/check?url=${encodeURIComponent(url + "x")}`)).issued).toBe(false);
    expect((await control(`/servers/${server.id}/status`, "POST", { status: "SHUTOFF" })).status).toBe(204);
    expect((await control(`/servers/${server.id}`, "DELETE")).status).toBe(204);
    expect((await control(`/servers/${server.id}`, "DELETE")).status).toBe(404);
    expect((await control("/servers", "POST", { status: "ACTIVE" })).status).toBe(400);
    expect((await control("/tokens/expire", "POST")).status).toBe(204);
    expect((await consoleCall()).status).toBe(401);
    token = await tokenFor(e, "demo");
  });
});
