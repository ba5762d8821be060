/** Ten thousand servers: seeding, paging through them all, consoles for many. Speeds are `npm run bench` figures, not asserted here. */
import http from "node:http";
import { startEmulator, type Emulator } from "../src";
import { json, request, tokenFor } from "./support/http";

let e: Emulator;
let token: string;

beforeAll(async () => {
  e = await startEmulator({ servers: 10_000 });
  token = await tokenFor(e, "demo");
});
afterAll(() => e.close());

test("10,000 servers are seeded, each with a unique id and name", () => {
  const servers = e.listServers();
  expect(servers).toHaveLength(10_000);
  expect(new Set(servers.map((s) => s.id)).size).toBe(10_000);
  expect(new Set(servers.map((s) => s.name)).size).toBe(10_000);
});

test("paging through all of them follows next links, pages of max_limit, each server once", async () => {
  const seen = new Set<string>();
  let url: string | undefined = `${e.computeUrl}/servers`;
  let pages = 0;
  while (url) {
    const body = json(await request(url, { headers: { "X-Auth-Token": token } }));
    for (const s of body.servers) seen.add(s.id);
    url = body.servers_links?.[0]?.href;
    pages++;
  }
  expect([pages, seen.size]).toEqual([11, 10_000]);
});

test("500 console requests at concurrency 16 are all served, none lost", async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const ids = e.listServers().map((s) => s.id);
  const body = JSON.stringify({ remote_console: { protocol: "vnc", type: "novnc" } });
  const post = (id: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(`${e.computeUrl}/servers/${id}/remote-consoles`, {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": "2.8", "Content-Length": Buffer.byteLength(body) },
      });
      req.on("response", (res) => res.resume().on("end", () => resolve(res.statusCode ?? 0)));
      req.on("error", reject);
      req.end(body);
    });
  const total = 500;
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const status = await post(ids[next++ % ids.length]);
      if (status !== 200) throw new Error(`status ${status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  agent.destroy();
  // Throughput is a figure for `npm run bench`, not a timed test; here: every request served, none lost.
  expect(e.counters().consoleCreations).toBe(total);
});
