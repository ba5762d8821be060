/** HTTPS on both listeners with a CA made at start: verified with the CA, refused without, gone on close. */
import { existsSync, readFileSync } from "node:fs";
import { startEmulator, type Emulator } from "../src";
import { json, request, tokenFor } from "./support/http";

let e: Emulator;
let ca: string;
beforeAll(async () => {
  e = await startEmulator({ tls: true, servers: 1 });
  ca = readFileSync(e.caFile!, "utf8");
});
afterAll(() => e.close());

test("both listeners speak HTTPS and the CA file verifies them, for 127.0.0.1 and localhost", async () => {
  expect(e.identityUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v3$/);
  expect(e.computeUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v2\.1$/);
  expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
  expect((await request(e.identityUrl, { ca })).status).toBe(200);
  expect((await request(e.computeUrl.replace("127.0.0.1", "localhost"), { ca })).status).toBe(200);
  expect(e.env().OS_CACERT).toBe(e.caFile);
});

test("without the CA a client refuses the certificate", async () => {
  await expect(request(e.identityUrl)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
});

test("tokens, catalog and console URLs are HTTPS too", async () => {
  const token = await tokenFor(e, "demo");
  const res = await request(`${e.computeUrl}/servers`, { headers: { "X-Auth-Token": token }, ca });
  const id = json(res).servers[0].id;
  expect(json(res).servers[0].links[0].href).toBe(`${e.computeUrl}/servers/${id}`);
  const consoleRes = await request(`${e.computeUrl}/servers/${id}/remote-consoles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": "2.8" },
    body: JSON.stringify({ remote_console: { protocol: "vnc", type: "novnc" } }),
    ca,
  });
  expect(e.consoleProxyUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(json(consoleRes).remote_console.url.startsWith(`${e.consoleProxyUrl}/vnc_auto.html?path=%3Ftoken%3D`)).toBe(true);
});

test("close() removes the CA file", async () => {
  const other = await startEmulator({ tls: true });
  expect(existsSync(other.caFile!)).toBe(true);
  await other.close();
  expect(existsSync(other.caFile!)).toBe(false);
});
