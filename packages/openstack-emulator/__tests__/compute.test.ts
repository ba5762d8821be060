/**
 * Nova as emulated beyond the recorded cases: profiles and microversions,
 * server lists and pages, filters, actions, every console pair and legacy
 * action, console URL lifetimes, regions, and the library's server controls.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../src";
import { header, json, remoteConsole, request, tokenFor, type RawResponse } from "./support/http";

/** The default image the emulator offers (cirros-0.6.2-x86_64-disk). */
const CIRROS = "70a599e0-31e7-49b7-b260-868f441e862b";

const running: Emulator[] = [];
async function emulatorWith(options: EmulatorOptions): Promise<Emulator> {
  const e = await startEmulator(options);
  running.push(e);
  return e;
}
afterAll(() => Promise.all(running.map((e) => e.close())));

/** An emulator with one ACTIVE server (more options on top), a demo token, and the server's id. */
async function withServer(options: EmulatorOptions = {}): Promise<{ e: Emulator; token: string; id: string }> {
  const e = await emulatorWith({ servers: 1, ...options });
  return { e, token: await tokenFor(e, "demo"), id: e.listServers()[0].id };
}

function get(e: Emulator, path: string, token: string, microversion?: string): Promise<RawResponse> {
  return request(`${e.computeUrl}${path}`, {
    headers: { "X-Auth-Token": token, ...(microversion ? { "X-OpenStack-Nova-API-Version": microversion } : {}) },
  });
}

function action(e: Emulator, token: string, id: string, body: unknown, microversion = "2.1"): Promise<RawResponse> {
  return request(`${e.computeUrl}/servers/${id}/action`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": microversion },
    body: JSON.stringify(body),
  });
}

const message = (res: RawResponse): string => (Object.values(json(res))[0] as { message: string }).message;

describe("versions and microversions", () => {
  test.each([
    [{ profile: "upstream" as const }, "2.100"],
    [{ profile: "upstream" as const, maxMicroversion: "2.103" }, "2.103"],
    [{ profile: "virtuozzo" as const }, "2.8"],
    [{ profile: "zed" as const, maxMicroversion: "2.50" }, "2.50"],
  ])("%j advertises maximum %s and refuses beyond it", async (options, max) => {
    const e = await emulatorWith(options);
    const root = json(await request(e.computeUrl.replace("/v2.1", "/")));
    expect(root.versions[1].version).toBe(max);
    const latest = await request(`${e.computeUrl}/`, { headers: { "X-OpenStack-Nova-API-Version": "latest" } });
    expect(header(latest, "openstack-api-version")).toBe(`compute ${max}`);
    const [major, minor] = max.split(".").map(Number);
    const beyond = await request(`${e.computeUrl}/`, { headers: { "OpenStack-API-Version": `compute ${major}.${minor + 1}` } });
    expect(beyond.status).toBe(406);
    expect(message(beyond)).toBe(`Version ${major}.${minor + 1} is not supported by the API. Minimum is 2.1 and maximum is ${max}.`);
  });

  test("OpenStack-API-Version wins over the legacy header", async () => {
    const { e, token, id } = await withServer();
    const res = await request(`${e.computeUrl}/servers/${id}/remote-consoles`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": "2.1", "OpenStack-API-Version": "compute 2.8" },
      body: JSON.stringify({ remote_console: { protocol: "vnc", type: "novnc" } }),
    });
    expect(res.status).toBe(200);
    expect(header(res, "x-openstack-nova-api-version")).toBe("2.8");
  });
});

describe("server lists", () => {
  let e: Emulator;
  let demo: string;
  let admin: string;
  beforeAll(async () => {
    e = await emulatorWith({ servers: 25, maxPageSize: 10 });
    demo = await tokenFor(e, "demo");
    admin = await tokenFor(e, "admin");
  });

  test("limit and marker page newest first, with a next link until the last page", async () => {
    const names: string[] = [];
    let path: string | undefined = "/servers?limit=7";
    let pages = 0;
    while (path) {
      const body = json(await get(e, path, demo));
      names.push(...body.servers.map((s: { name: string }) => s.name));
      const next = body.servers_links?.find((l: { rel: string }) => l.rel === "next")?.href as string | undefined;
      if (next) expect(next).toMatch(/\/v2\.1\/servers\?limit=7&marker=[0-9a-f-]{36}$/);
      path = next?.slice(e.computeUrl.length);
      pages++;
    }
    expect(pages).toBe(4);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `server-${25 - i}`));
  });

  test("without a limit a page holds max_limit servers", async () => {
    const body = json(await get(e, "/servers/detail", demo));
    expect(body.servers).toHaveLength(10);
    expect(body.servers_links[0].href).toContain("/servers/detail?marker=");
    expect(body.servers[0]).toMatchObject({ name: "server-25", status: "ACTIVE", "OS-EXT-STS:vm_state": "active" });
  });

  test("a bad limit or an unknown marker is Nova's 400", async () => {
    const limit = await get(e, "/servers?limit=abc", demo);
    expect([limit.status, message(limit)]).toEqual([400, "Invalid input for query parameters limit. Value: abc. 'abc' does not match '^[0-9]*$'"]);
    const marker = await get(e, "/servers?marker=nope", demo);
    expect([marker.status, message(marker)]).toEqual([400, "marker [nope] not found"]);
  });

  test.each([
    ["server-7", ["server-7"]],
    ["^server-2[0-2]$", ["server-22", "server-21", "server-20"]],
    ["SERVER-1$", ["server-1"]],
    ["ver-3", ["server-3"]],
  ])("name=%s matches as Nova's regex filter does", async (filter, expected) => {
    const body = json(await get(e, `/servers?name=${encodeURIComponent(filter)}`, demo));
    expect(body.servers.map((s: { name: string }) => s.name)).toEqual(expected);
  });

  test("all_tenants: admins see every project, others get the policy 403", async () => {
    expect(json(await get(e, "/servers", admin)).servers).toHaveLength(0);
    expect(json(await get(e, "/servers?all_tenants=1&name=server-2", admin)).servers).toHaveLength(7);
    const refused = await get(e, "/servers?all_tenants=1", demo);
    expect([refused.status, message(refused)]).toEqual([403, "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed."]);
  });

  test("show gives the detail; another project's server is 404", async () => {
    const mine = e.listServers()[0];
    const shown = json(await get(e, `/servers/${mine.id}`, demo, "2.9")).server;
    expect(shown).toMatchObject({ id: mine.id, name: mine.name, locked: false, tenant_id: mine.projectId });
    const theirs = e.createServer({ name: "admins", project: "admin" });
    const res = await get(e, `/servers/${theirs.id}`, demo);
    expect([res.status, message(res)]).toEqual([404, `Instance ${theirs.id} could not be found.`]);
    expect(json(await get(e, `/servers/${theirs.id}`, admin)).server.name).toBe("admins");
  });

  test("the project id in the URL must be the token's", async () => {
    const other = "0123456789abcdef0123456789abcdef";
    const res = await get(e, `/${other}/servers`, demo);
    expect(res.status).toBe(400);
    expect(message(res)).toMatch(new RegExp(`^Malformed request URL: URL's project_id '${other}' doesn't match Context's project_id '[0-9a-f]{32}'$`));
  });
});

describe("server actions", () => {
  test("stop, start, pause, unpause, suspend and resume move the status; wrong states are 409", async () => {
    const { e, token, id } = await withServer();
    const status = async () => json(await get(e, `/servers/${id}`, token)).server.status;
    for (const [name, expected] of [["os-stop", "SHUTOFF"], ["os-start", "ACTIVE"], ["pause", "PAUSED"], ["unpause", "ACTIVE"], ["suspend", "SUSPENDED"], ["resume", "ACTIVE"]]) {
      const res = await action(e, token, id, { [name]: null });
      expect([name, res.status, res.body]).toEqual([name, 202, ""]);
      expect(await status()).toBe(expected);
    }
    const conflict = await action(e, token, id, { "os-start": null });
    expect([conflict.status, message(conflict)]).toEqual([409, `Cannot 'start' instance ${id} while it is in vm_state active`]);
    const unknown = await action(e, token, id, { reboot_twice: {} });
    expect([unknown.status, message(unknown)]).toEqual([400, "There is no such action: reboot_twice"]);
  });

  test("a reader may list but not act", async () => {
    const e = await emulatorWith({});
    const server = e.createServer({ name: "vm", project: "admin" });
    const viewer = await tokenFor(e, "viewer");
    expect(json(await get(e, "/servers", viewer)).servers).toHaveLength(1);
    const res = await action(e, viewer, server.id, { "os-stop": null });
    expect([res.status, message(res)]).toEqual([403, "Policy doesn't allow os_compute_api:servers:stop to be performed."]);
  });

  test("servers created through the API are BUILD without a host, then ACTIVE; deleted ones go", async () => {
    const e = await emulatorWith({ taskStateMs: 150 });
    const token = await tokenFor(e, "demo");
    const created = await request(`${e.computeUrl}/servers`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Auth-Token": token },
      body: JSON.stringify({ server: { name: "fresh", flavorRef: "1", imageRef: CIRROS } }),
    });
    expect(created.status).toBe(202);
    const id = json(created).server.id;
    expect(header(created, "location")).toBe(`${e.computeUrl}/servers/${id}`);
    expect((await remoteConsole(e, token, id)).status).toBe(409);
    await new Promise((r) => setTimeout(r, 200));
    expect(json(await get(e, `/servers/${id}`, token)).server.status).toBe("ACTIVE");
    expect((await remoteConsole(e, token, id)).status).toBe(200);
    expect((await request(`${e.computeUrl}/servers/${id}`, { method: "DELETE", headers: { "X-Auth-Token": token } })).status).toBe(204);
    expect(json(await get(e, `/servers/${id}`, token)).server["OS-EXT-STS:task_state"]).toBe("deleting");
    await new Promise((r) => setTimeout(r, 200));
    expect((await get(e, `/servers/${id}`, token)).status).toBe(404);
  });

  test("creating needs flavorRef, and networks from 2.37, in Nova's words", async () => {
    const e = await emulatorWith({});
    const token = await tokenFor(e, "demo");
    const create = (body: unknown, mv: string) =>
      request(`${e.computeUrl}/servers`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": mv },
        body: JSON.stringify(body),
      });
    expect(message(await create({ server: { name: "x" } }, "2.1"))).toBe("Invalid input for field/attribute server. Value: {'name': 'x'}. 'flavorRef' is a required property");
    expect(message(await create({ server: { name: "x", flavorRef: "1" } }, "2.37"))).toBe(
      "Invalid input for field/attribute server. Value: {'name': 'x', 'flavorRef': '1'}. 'networks' is a required property",
    );
  });
});

describe("console pairs by profile", () => {
  let upstream: Emulator;
  let token: string;
  let serverId: string;
  beforeAll(async () => {
    ({ e: upstream, token, id: serverId } = await withServer({ profile: "upstream" }));
  });

  // Every type's URL points at the emulator's console proxy, on the path Nova's default base URL has.
  test.each([
    ["vnc", "novnc", "2.6", "http", /^\/vnc_auto\.html\?path=%3Ftoken%3D[0-9a-f-]{36}$/],
    ["spice", "spice-html5", "2.6", "http", /^\/spice_auto\.html\?token=[0-9a-f-]{36}$/],
    ["serial", "serial", "2.6", "ws", /^\/\?token=[0-9a-f-]{36}$/],
    ["mks", "webmks", "2.8", "http", /^\/\?token=[0-9a-f-]{36}$/],
    ["spice", "spice-direct", "2.99", "http", /^\/nova\?token=[0-9a-f-]{36}$/],
  ])("upstream serves %s/%s from %s", async (protocol, type, mv, scheme, rest) => {
    const res = await remoteConsole(upstream, token, serverId, { remote_console: { protocol, type } }, mv);
    expect(res.status).toBe(200);
    const { url, ...pair } = json(res).remote_console;
    expect(pair).toEqual({ protocol, type });
    const origin = upstream.consoleProxyUrl.replace(/^http/, scheme);
    expect(url.startsWith(origin)).toBe(true);
    expect(url.slice(origin.length)).toMatch(rest);
  });

  test.each([
    ["vnc", "xvpvnc", "2.8", "Invalid console type xvpvnc"],
    ["rdp", "rdp-html5", "2.8", "Unavailable console type rdp-html5."],
    ["spice", "novnc", "2.8", "Invalid console type novnc"],
    [
      "spice",
      "spice-direct",
      "2.98",
      "Invalid input for field/attribute type. Value: spice-direct. 'spice-direct' is not one of ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial', 'webmks']",
    ],
  ])("upstream refuses %s/%s at %s: %s", async (protocol, type, mv, expected) => {
    const res = await remoteConsole(upstream, token, serverId, { remote_console: { protocol, type } }, mv);
    expect([res.status, message(res)]).toEqual([400, expected]);
  });

  test("virtuozzo serves vnc/novnc only, at most 2.8", async () => {
    const { e, token: t, id } = await withServer({ profile: "virtuozzo" });
    expect((await remoteConsole(e, t, id)).status).toBe(200);
    const spice = await remoteConsole(e, t, id, { remote_console: { protocol: "spice", type: "spice-html5" } });
    expect([spice.status, message(spice)]).toEqual([400, "Unavailable console type spice-html5."]);
    expect((await remoteConsole(e, t, id, undefined, "2.9")).status).toBe(406);
  });

  test("enabledPairs overrides the profile; notImplementedPairs gives the driver's 501", async () => {
    const { e, token: t, id } = await withServer({ profile: "virtuozzo", enabledPairs: ["vnc/novnc", "serial/serial"], notImplementedPairs: ["vnc/novnc"] });
    const vnc = await remoteConsole(e, t, id);
    expect([vnc.status, json(vnc)]).toEqual([501, { notImplemented: { code: 501, message: "The requested functionality is not supported." } }]);
    expect((await remoteConsole(e, t, id, { remote_console: { protocol: "serial", type: "serial" } })).status).toBe(200);
  });
});

describe("legacy console actions below 2.6", () => {
  let e: Emulator;
  let token: string;
  let id: string;
  beforeAll(async () => {
    ({ e, token, id } = await withServer({ profile: "upstream" }));
  });

  test.each([
    ["os-getSPICEConsole", "spice-html5", "http", "/spice_auto.html?token="],
    ["os-getSerialConsole", "serial", "ws", "/?token="],
    ["os-getVNCConsole", "novnc", "http", "/vnc_auto.html?path=%3Ftoken%3D"],
  ])("%s answers {console: {type, url}}", async (name, type, scheme, start) => {
    const res = await action(e, token, id, { [name]: { type } }, "2.5");
    expect(res.status).toBe(200);
    expect(json(res)).toEqual({ console: { type, url: expect.stringMatching(/token/) } });
    expect(json(res).console.url.startsWith(`${e.consoleProxyUrl.replace(/^http/, scheme)}${start}`)).toBe(true);
  });

  test("RDP is unavailable; a bad type names the action's own enum", async () => {
    const rdp = await action(e, token, id, { "os-getRDPConsole": { type: "rdp-html5" } });
    expect([rdp.status, message(rdp)]).toEqual([400, "Unavailable console type rdp-html5."]);
    const bad = await action(e, token, id, { "os-getSPICEConsole": { type: "novnc" } });
    expect(message(bad)).toBe("Invalid input for field/attribute type. Value: novnc. 'novnc' is not one of ['spice-html5']");
  });

  test("a deleting server: legacy VNC answers 409, remote-consoles 500", async () => {
    const server = e.createServer({ name: "going" });
    e.markDeleting(server.id);
    const legacy = await action(e, token, server.id, { "os-getVNCConsole": { type: "novnc" } });
    expect([legacy.status, message(legacy)]).toEqual([409, `Cannot 'get_vnc_console' instance ${server.id} while it is in task_state deleting`]);
    const modern = await remoteConsole(e, token, server.id);
    expect(modern.status).toBe(500);
    expect(message(modern)).toMatch(/^Unexpected API Error\..*\n<class 'nova\.exception\.InstanceInvalidState'>$/s);
  });
});

describe("console URLs", () => {
  test("each call mints a fresh URL that expires after the console token TTL", async () => {
    const { e, token, id } = await withServer({ consoleTokenTtlSeconds: 0.3 });
    const first = json(await remoteConsole(e, token, id)).remote_console.url;
    const second = json(await remoteConsole(e, token, id)).remote_console.url;
    expect(first).not.toBe(second);
    expect([e.isIssuedConsoleUrl(first), e.isIssuedConsoleUrl(second)]).toEqual([true, true]);
    expect(e.isIssuedConsoleUrl(first.replace(/.{4}$/, "0000"))).toBe(false);
    expect(e.isIssuedConsoleUrl("http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3Dforged")).toBe(false);
    await new Promise((r) => setTimeout(r, 350));
    expect(e.isIssuedConsoleUrl(first)).toBe(false);
  });

  test("library server controls: host:false is 409, SHUTOFF still gets a URL, a deleted server's URLs die and it is 404", async () => {
    const e = await emulatorWith({});
    const token = await tokenFor(e, "demo");
    const unscheduled = e.createServer({ name: "nowhere", status: "ERROR", host: false });
    const res = await remoteConsole(e, token, unscheduled.id);
    expect([res.status, message(res)]).toEqual([409, `Instance ${unscheduled.id} is not ready`]);
    const vm = e.createServer({ name: "vm" });
    e.setServerStatus(vm.id, "SHUTOFF");
    expect(e.listServers().find((s) => s.id === vm.id)?.status).toBe("SHUTOFF");
    const url = json(await remoteConsole(e, token, vm.id)).remote_console.url;
    e.deleteServer(vm.id);
    expect(e.isIssuedConsoleUrl(url)).toBe(false);
    expect((await remoteConsole(e, token, vm.id)).status).toBe(404);
    expect(() => e.deleteServer(vm.id)).toThrow(`no server ${vm.id}`);
  });
});

test("each region has its endpoint, and the counters say which one a client used", async () => {
  const { e, token, id } = await withServer({ regions: ["RegionOne", "RegionTwo"], interfacePaths: true });
  const two = e.computeUrl.replace("/v2.1", "/RegionTwo/internal/v2.1");
  const res = await request(`${two}/servers/${id}/remote-consoles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": "2.8" },
    body: JSON.stringify({ remote_console: { protocol: "vnc", type: "novnc" } }),
  });
  expect(res.status).toBe(200);
  const servers = json(await request(`${two}/servers`, { headers: { "X-Auth-Token": token } }));
  expect(servers.servers[0].links[0].href).toBe(`${two}/servers/${id}`);
  expect(e.counters().byEndpoint).toEqual({ "RegionTwo/internal": 2 });
});

test("an unsupported Content-Type is 415", async () => {
  const { e, token, id } = await withServer();
  const res = await request(`${e.computeUrl}/servers/${id}/remote-consoles`, {
    method: "POST",
    headers: { "Content-Type": "application/xml", "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": "2.8" },
    body: "<remote_console/>",
  });
  expect([res.status, json(res)]).toEqual([415, { badMediaType: { code: 415, message: "Unsupported Content-Type" } }]);
});

describe("the noVNC page a deployment's novncproxy_base_url names", () => {
  it("is Nova's default vnc_auto.html unless novncPage names another page the proxy serves, which then opens", async () => {
    for (const [novncPage, page] of [[undefined, "/vnc_auto.html"], ["/vnc_lite.html", "/vnc_lite.html"]] as const) {
      const { e, token, id } = await withServer(novncPage ? { novncPage } : {});
      const res = await remoteConsole(e, token, id);
      const url = new URL((json(res) as { remote_console: { url: string } }).remote_console.url);
      expect(url.pathname).toBe(page);
      expect((await request(url.toString())).status).toBe(200);
    }
  });

  it("refuses a page the proxy does not serve, naming the option and the fix", async () => {
    await expect(startEmulator({ novncPage: "/console.html" })).rejects.toThrow(/novncPage: "\/console\.html" is not a noVNC page the console proxy serves; give one of \/vnc_auto\.html, \/vnc_lite\.html, \/vnc\.html/);
  });
});
