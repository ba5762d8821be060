/**
 * What a server goes through after its create, as Terraform and the peers'
 * suites drive it: PUT /servers/{id}, metadata, tags, ips, interfaces, the
 * actions (reboot, rebuild, resize and its confirmation, lock, shelve,
 * rescue, console output, security groups), instance actions, limits,
 * quotas and availability zones, each with Nova's answers and Nova's words;
 * what the emulator does not model answers Nova's 501, never an HTML page.
 * Also: networks sized by networkCidr, Neutron's security groups, Keystone's
 * 404 wording and the connection headers eventlet sends.
 */
import { startEmulator, EmulatorConfigError, type Emulator, type EmulatorOptions } from "../src";
import { header, json, request, tokenFor, type RawResponse } from "./support/http";

const CIRROS = "70a599e0-31e7-49b7-b260-868f441e862b";
const UBUNTU = "0b7d4c8e-3a5f-4f0e-9a77-2f1c8d6e5b10";

const running: Emulator[] = [];
async function emulatorWith(options: EmulatorOptions = {}): Promise<Emulator> {
  const e = await startEmulator({ taskStateMs: 0, ...options });
  running.push(e);
  return e;
}
afterAll(() => Promise.all(running.map((e) => e.close())));

let e: Emulator;
let demo: string;
let viewer: string;
let admin: string;

beforeAll(async () => {
  e = await emulatorWith({ servers: 0 });
  [demo, viewer, admin] = await Promise.all([tokenFor(e, "demo"), tokenFor(e, "viewer"), tokenFor(e, "admin")]);
});

function nova(path: string, token: string, options: { method?: string; body?: unknown; mv?: string } = {}): Promise<RawResponse> {
  return request(`${e.computeUrl}${path}`, {
    method: options.method ?? "GET",
    headers: { "X-Auth-Token": token, "OpenStack-API-Version": `compute ${options.mv ?? "2.1"}`, ...(options.body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

const message = (res: RawResponse): string => (Object.values(json(res))[0] as { message: string }).message;
const act = (id: string, body: unknown, token = demo, mv = "2.1") => nova(`/servers/${id}/action`, token, { method: "POST", body, mv });
const show = async (id: string, mv = "2.1") => json(await nova(`/servers/${id}`, demo, { mv })).server;

/** A server made through the API (so it has a port on `private`), ACTIVE at once (taskStateMs 0). */
async function newServer(name = "vm", extra: Record<string, unknown> = {}): Promise<{ id: string; requestId: string }> {
  const res = await nova("/servers", demo, { method: "POST", body: { server: { name, imageRef: CIRROS, flavorRef: "1", networks: "auto", ...extra } }, mv: "2.52" });
  expect(res.status).toBe(202);
  return { id: json(res).server.id, requestId: header(res, "x-openstack-request-id")! };
}

describe("PUT /servers/{id}", () => {
  test("renames, sets access IPs and (2.19) the description; answers the server as it now is", async () => {
    const { id } = await newServer();
    const res = await nova(`/servers/${id}`, demo, { method: "PUT", body: { server: { name: "renamed", accessIPv4: "192.0.2.7", description: "web" } }, mv: "2.19" });
    expect(res.status).toBe(200);
    expect(json(res).server).toMatchObject({ id, name: "renamed", accessIPv4: "192.0.2.7", description: "web" });
    expect((await show(id)).name).toBe("renamed");
  });

  test("refuses what Nova's schema refuses, in its words; readers get the policy 403", async () => {
    const { id } = await newServer();
    const bad = await nova(`/servers/${id}`, demo, { method: "PUT", body: { server: { accessIPv4: "1.2.3" } } });
    expect([bad.status, message(bad)]).toEqual([400, "Invalid input for field/attribute accessIPv4. Value: 1.2.3. '1.2.3' is not a 'ipv4'"]);
    const empty = await nova(`/servers/${id}`, demo, { method: "PUT", body: { server: { name: "" } } });
    expect(message(empty)).toBe("Invalid input for field/attribute name. Value: . '' is too short");
    const early = await nova(`/servers/${id}`, demo, { method: "PUT", body: { server: { description: "x" } }, mv: "2.18" });
    expect(message(early)).toBe("Invalid input for field/attribute server. Value: {'description': 'x'}. Additional properties are not allowed ('description' was unexpected)");
    const reader = await nova(`/servers/${id}`, viewer, { method: "PUT", body: { server: { name: "x" } } });
    expect(reader.status).toBe(404); // another project's server: not even seen
  });
});

describe("metadata", () => {
  test("POST merges, PUT replaces, items are read, set and deleted one by one", async () => {
    const { id } = await newServer("meta", { metadata: { a: "1" } });
    const merged = await nova(`/servers/${id}/metadata`, demo, { method: "POST", body: { metadata: { b: "2" } } });
    expect([merged.status, json(merged)]).toEqual([200, { metadata: { a: "1", b: "2" } }]);
    const replaced = await nova(`/servers/${id}/metadata`, demo, { method: "PUT", body: { metadata: { c: "3" } } });
    expect(json(replaced)).toEqual({ metadata: { c: "3" } });
    expect(json(await nova(`/servers/${id}/metadata/c`, demo))).toEqual({ meta: { c: "3" } });
    const set = await nova(`/servers/${id}/metadata/d`, demo, { method: "PUT", body: { meta: { d: "4" } } });
    expect([set.status, json(set)]).toEqual([200, { meta: { d: "4" } }]);
    expect((await nova(`/servers/${id}/metadata/c`, demo, { method: "DELETE" })).status).toBe(204);
    expect((await show(id)).metadata).toEqual({ d: "4" });
  });

  test("Nova's refusals: unknown item, URI mismatch, too many items, a key Nova's pattern refuses, a value not a string, the quota", async () => {
    const { id } = await newServer("meta-refusals");
    const missing = await nova(`/servers/${id}/metadata/nope`, demo, { method: "DELETE" });
    expect([missing.status, message(missing)]).toEqual([404, "Metadata item was not found"]);
    const mismatch = await nova(`/servers/${id}/metadata/a`, demo, { method: "PUT", body: { meta: { b: "1" } } });
    expect([mismatch.status, message(mismatch)]).toEqual([400, "Request body and URI mismatch"]);
    const many = await nova(`/servers/${id}/metadata/a`, demo, { method: "PUT", body: { meta: { a: "1", b: "2" } } });
    expect(message(many)).toBe("Request body contains too many items");
    const blank = await nova(`/servers/${id}/metadata`, demo, { method: "POST", body: { metadata: { "": "x" } } });
    expect(message(blank)).toBe("Invalid input for field/attribute metadata. Value: {'': 'x'}. '' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'");
    const number = await nova(`/servers/${id}/metadata`, demo, { method: "POST", body: { metadata: { a: 1 } } });
    expect(message(number)).toBe("Invalid input for field/attribute a. Value: 1. 1 is not of type 'string'");
    const lots = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, "v"]));
    const quota = await nova(`/servers/${id}/metadata`, demo, { method: "PUT", body: { metadata: lots } });
    expect([quota.status, message(quota)]).toEqual([403, "Maximum number of metadata items exceeds 128"]);
  });

  test("create-time metadata is checked by the same schema", async () => {
    const res = await nova("/servers", demo, { method: "POST", body: { server: { name: "x", imageRef: CIRROS, flavorRef: "1", networks: "none", metadata: { "": "v" } } }, mv: "2.37" });
    expect([res.status, message(res)]).toEqual([400, "Invalid input for field/attribute metadata. Value: {'': 'v'}. '' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'"]);
  });
});

describe("tags (2.26+)", () => {
  test("replace all, add one (201 with Location, then 204), check, delete one, delete all", async () => {
    const { id } = await newServer("tagged");
    const all = await nova(`/servers/${id}/tags`, demo, { method: "PUT", body: { tags: ["a", "b"] }, mv: "2.26" });
    expect([all.status, json(all)]).toEqual([200, { tags: ["a", "b"] }]);
    const added = await nova(`/servers/${id}/tags/c`, demo, { method: "PUT", mv: "2.26" });
    expect(added.status).toBe(201);
    expect(header(added, "location")).toBe(`${e.computeUrl}/servers/${id}/tags/c`);
    expect((await nova(`/servers/${id}/tags/c`, demo, { method: "PUT", mv: "2.26" })).status).toBe(204);
    expect((await nova(`/servers/${id}/tags/c`, demo, { mv: "2.26" })).status).toBe(204);
    const none = await nova(`/servers/${id}/tags/zz`, demo, { mv: "2.26" });
    expect([none.status, message(none)]).toEqual([404, `Server ${id} has no tag 'zz'`]);
    expect((await nova(`/servers/${id}/tags/a`, demo, { method: "DELETE", mv: "2.26" })).status).toBe(204);
    const gone = await nova(`/servers/${id}/tags/a`, demo, { method: "DELETE", mv: "2.26" });
    expect([gone.status, message(gone)]).toEqual([404, `Instance ${id} has no tag 'a'`]);
    expect((await nova(`/servers/${id}/tags`, demo, { method: "DELETE", mv: "2.26" })).status).toBe(204);
    expect((await show(id, "2.26")).tags).toEqual([]);
  });

  test("below 2.26 the routes are not there; bad tags and too many are 400s", async () => {
    const { id } = await newServer("tag-refusals");
    expect((await nova(`/servers/${id}/tags`, demo, { method: "PUT", body: { tags: [] }, mv: "2.25" })).status).toBe(404);
    const slash = await nova(`/servers/${id}/tags`, demo, { method: "PUT", body: { tags: ["a/b"] }, mv: "2.26" });
    expect(message(slash)).toBe("Invalid input for field/attribute 0. Value: a/b. 'a/b' does not match '^[^,/]*$'");
    const many = await nova(`/servers/${id}/tags`, demo, { method: "PUT", body: { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, mv: "2.26" });
    expect([many.status, message(many)]).toEqual([400, "The number of tags exceeded the per-server limit 50"]);
  });
});

describe("ips and interfaces", () => {
  test("GET /ips and /ips/{network}; an unknown network is Nova's 404", async () => {
    const { id } = await newServer("ips");
    const ips = json(await nova(`/servers/${id}/ips`, demo)).addresses;
    expect(ips.private).toEqual([{ version: 4, addr: expect.stringMatching(/^10\.0\.0\.\d+$/) }]);
    expect(json(await nova(`/servers/${id}/ips/private`, demo))).toEqual({ private: ips.private });
    const none = await nova(`/servers/${id}/ips/public`, demo);
    expect([none.status, message(none)]).toEqual([404, "Instance is not a member of specified network"]);
  });

  test("attach an interface on a network, show it, detach it; unknown ports and networks are 404s", async () => {
    const { id } = await newServer("nics");
    const network = (await (await fetch(`${e.networkUrl}/v2.0/networks?name=private`, { headers: { "X-Auth-Token": demo } })).json()) as { networks: Array<{ id: string }> };
    const attached = await nova(`/servers/${id}/os-interface`, demo, { method: "POST", body: { interfaceAttachment: { net_id: network.networks[0].id } } });
    expect(attached.status).toBe(200);
    const port = json(attached).interfaceAttachment.port_id as string;
    expect(json(await nova(`/servers/${id}/os-interface/${port}`, demo)).interfaceAttachment).toMatchObject({ port_id: port, port_state: "ACTIVE" });
    expect(json(await nova(`/servers/${id}/os-interface`, demo)).interfaceAttachments).toHaveLength(2);
    expect((await nova(`/servers/${id}/os-interface/${port}`, demo, { method: "DELETE" })).status).toBe(202);
    const gone = await nova(`/servers/${id}/os-interface/${port}`, demo);
    expect([gone.status, message(gone)]).toEqual([404, `Port id ${port} could not be found.`]);
    const unknownNet = await nova(`/servers/${id}/os-interface`, demo, { method: "POST", body: { interfaceAttachment: { net_id: "00000000-0000-4000-8000-000000000000" } } });
    expect([unknownNet.status, message(unknownNet)]).toEqual([404, "Network 00000000-0000-4000-8000-000000000000 could not be found."]);
  });
});

describe("actions", () => {
  test("resize to VERIFY_RESIZE, confirm back to ACTIVE with the new flavor; revert restores the old one", async () => {
    const { id } = await newServer("resized");
    expect((await act(id, { resize: { flavorRef: "2" } })).status).toBe(202);
    expect(await show(id)).toMatchObject({ status: "VERIFY_RESIZE", "OS-EXT-STS:vm_state": "resized", flavor: { id: "2" } });
    expect((await act(id, { confirmResize: null })).status).toBe(204);
    expect(await show(id)).toMatchObject({ status: "ACTIVE", flavor: { id: "2" } });
    const again = await act(id, { confirmResize: null });
    expect([again.status, message(again)]).toEqual([400, "Instance has not been resized."]);
    await act(id, { resize: { flavorRef: "3" } });
    expect((await act(id, { revertResize: null })).status).toBe(202);
    expect((await show(id)).flavor.id).toBe("2");
    const same = await act(id, { resize: { flavorRef: "2" } });
    expect(message(same)).toBe("When resizing, instances must change flavor!");
    const unknown = await act(id, { resize: { flavorRef: "99" } });
    expect(message(unknown)).toBe("Unable to locate requested flavor.");
  });

  test("reboot, rebuild (202 with the server and an adminPass), changePassword, console output", async () => {
    const { id } = await newServer("rebooted");
    expect((await act(id, { reboot: { type: "HARD" } })).status).toBe(202);
    const badReboot = await act(id, { reboot: { type: "gentle" } });
    expect(message(badReboot)).toBe("Invalid input for field/attribute type. Value: gentle. 'gentle' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
    const rebuilt = await act(id, { rebuild: { imageRef: UBUNTU } });
    expect(rebuilt.status).toBe(202);
    expect(json(rebuilt).server).toMatchObject({ id, image: { id: UBUNTU }, adminPass: expect.any(String) });
    expect((await act(id, { changePassword: { adminPass: "s3cret" } })).status).toBe(202);
    const output = await act(id, { "os-getConsoleOutput": { length: 1 } });
    expect(output.status).toBe(200);
    expect(json(output).output.trimEnd().split("\n")).toHaveLength(1);
  });

  test("lock refuses changes with Nova's 409 until unlock; admins are not refused", async () => {
    const { id } = await newServer("locked");
    expect((await act(id, { lock: null })).status).toBe(202);
    expect((await show(id, "2.9")).locked).toBe(true);
    const stop = await act(id, { "os-stop": null });
    expect([stop.status, message(stop)]).toEqual([409, `Instance ${id} is locked`]);
    const del = await nova(`/servers/${id}`, demo, { method: "DELETE" });
    expect([del.status, message(del)]).toEqual([409, `Instance ${id} is locked`]);
    expect((await act(id, { "os-stop": null }, admin)).status).toBe(202);
    expect((await act(id, { unlock: null })).status).toBe(202);
    expect((await act(id, { "os-start": null })).status).toBe(202);
  });

  test("shelve offloads (no host: consoles 409), unshelve brings it back; wrong states are Nova's 409", async () => {
    const { id } = await newServer("shelved");
    expect((await act(id, { shelve: null })).status).toBe(202);
    expect(await show(id)).toMatchObject({ status: "SHELVED_OFFLOADED", "OS-EXT-STS:vm_state": "shelved_offloaded" });
    const console = await nova(`/servers/${id}/remote-consoles`, demo, { method: "POST", body: { remote_console: { protocol: "vnc", type: "novnc" } }, mv: "2.6" });
    expect(console.status).toBe(409);
    const pause = await act(id, { pause: null });
    expect([pause.status, message(pause)]).toEqual([409, `Cannot 'pause' instance ${id} while it is in vm_state shelved_offloaded`]);
    expect((await act(id, { unshelve: null })).status).toBe(202);
    expect((await show(id)).status).toBe("ACTIVE");
  });

  test("security groups added and removed by name, in Nova's words when absent", async () => {
    const { id } = await newServer("grouped");
    const created = await fetch(`${e.networkUrl}/v2.0/security-groups`, {
      method: "POST",
      headers: { "X-Auth-Token": demo, "Content-Type": "application/json" },
      body: JSON.stringify({ security_group: { name: "web", description: "web servers" } }),
    });
    expect(created.status).toBe(201);
    expect((await act(id, { addSecurityGroup: { name: "web" } })).status).toBe(202);
    expect((await show(id)).security_groups).toEqual([{ name: "default" }, { name: "web" }]);
    const twice = await act(id, { addSecurityGroup: { name: "web" } });
    expect(message(twice)).toBe(`Security group web is already associated with the instance ${id}`);
    expect((await act(id, { removeSecurityGroup: { name: "web" } })).status).toBe(202);
    const unknown = await act(id, { addSecurityGroup: { name: "nope" } });
    expect([unknown.status, message(unknown)]).toEqual([404, "Security group nope not found."]);
    const group = ((await created.json()) as { security_group: { id: string } }).security_group.id;
    expect((await fetch(`${e.networkUrl}/v2.0/security-groups/${group}`, { method: "DELETE", headers: { "X-Auth-Token": demo } })).status).toBe(204);
  });

  test("an action Nova has and the emulator does not model is Nova's 501; an unknown one Nova's 400", async () => {
    const { id } = await newServer("unmodelled");
    const image = await act(id, { createImage: { name: "snap" } });
    expect([image.status, message(image)]).toEqual([501, "The requested functionality is not supported."]);
    const unknown = await act(id, { fly: null });
    expect([unknown.status, message(unknown)]).toEqual([400, "There is no such action: fly"]);
    expect((await act(id, { "os-resetState": { state: "error" } })).status).toBe(403);
  });
});

describe("instance actions, limits, quotas, availability zones", () => {
  test("os-instance-actions lists what was done, newest first, under the request ids the answers carried", async () => {
    const { id, requestId } = await newServer("audited");
    const stop = await act(id, { "os-stop": null });
    const list = json(await nova(`/servers/${id}/os-instance-actions`, demo, { mv: "2.58" })).instanceActions;
    expect(list.map((a: { action: string }) => a.action)).toEqual(["stop", "create"]);
    expect(list[0]).toMatchObject({ request_id: header(stop, "x-openstack-request-id"), instance_uuid: id, updated_at: expect.any(String) });
    const one = json(await nova(`/servers/${id}/os-instance-actions/${requestId}`, demo)).instanceAction;
    expect(one).toMatchObject({ action: "create", request_id: requestId, events: [expect.objectContaining({ result: "Success" })] });
    const none = await nova(`/servers/${id}/os-instance-actions/req-nope`, demo);
    expect([none.status, message(none)]).toEqual([404, `Action for request_id req-nope on instance ${id} not found`]);
  });

  test("limits (fields by microversion), quota sets (own project; others are the policy 403), availability zones", async () => {
    const at21 = json(await nova("/limits", demo)).limits;
    expect(at21.absolute).toMatchObject({ maxServerMeta: 128, maxTotalInstances: -1, maxPersonality: 5, maxSecurityGroups: 10 });
    const at257 = json(await nova("/limits", demo, { mv: "2.57" })).limits.absolute;
    expect(at257).not.toHaveProperty("maxPersonality");
    expect(at257).not.toHaveProperty("maxSecurityGroups");
    const project = (await show((await newServer("quota")).id)).tenant_id as string;
    const quotas = json(await nova(`/os-quota-sets/${project}/detail`, demo)).quota_set;
    expect(quotas).toMatchObject({ id: project, metadata_items: { limit: 128, in_use: 0, reserved: 0 }, instances: { limit: -1, in_use: expect.any(Number) } });
    expect((await nova("/os-quota-sets/someone-else", demo)).status).toBe(403);
    expect(json(await nova("/os-availability-zone", demo))).toEqual({ availabilityZoneInfo: [{ zoneName: "nova", zoneState: { available: true }, hosts: null }] });
    expect((await nova("/os-availability-zone/detail", demo)).status).toBe(403);
  });

  test("Nova collections the emulator does not model are Nova's 501 in JSON; paths Nova lacks are its mapper's HTML 404", async () => {
    const groups = await nova("/os-server-groups", demo);
    expect([groups.status, header(groups, "content-type"), message(groups)]).toEqual([501, "application/json; charset=UTF-8", "The requested functionality is not supported."]);
    const nothing = await nova("/no-such-thing", demo);
    expect([nothing.status, header(nothing, "content-type")]).toEqual([404, "text/html; charset=UTF-8"]);
  });
});

describe("networks sized for a fleet", () => {
  test("networkCidr gives the private network a /16: 300 servers get addresses, past the /24's 253", async () => {
    const big = await emulatorWith({ networkCidr: "10.0.0.0/16" });
    const token = await tokenFor(big, "demo");
    let last: RawResponse | undefined;
    for (let i = 0; i < 3; i++) {
      last = await request(`${big.computeUrl}/servers`, {
        method: "POST",
        headers: { "X-Auth-Token": token, "Content-Type": "application/json", "OpenStack-API-Version": "compute 2.37" },
        body: JSON.stringify({ server: { name: "fleet", imageRef: CIRROS, flavorRef: "1", networks: "auto", max_count: 100 } }),
      });
      expect(last.status).toBe(202);
    }
    const subnet = ((await (await fetch(`${big.networkUrl}/v2.0/subnets`, { headers: { "X-Auth-Token": token } })).json()) as { subnets: Array<{ cidr: string; allocation_pools: unknown }> }).subnets;
    expect(subnet.find((s) => s.cidr === "10.0.0.0/16")!.allocation_pools).toEqual([{ start: "10.0.0.2", end: "10.0.255.254" }]);
    const ips = (await (await fetch(`${big.networkUrl}/v2.0/ports`, { headers: { "X-Auth-Token": token } })).json()) as { ports: Array<{ fixed_ips: Array<{ ip_address: string }> }> };
    expect(new Set(ips.ports.map((p) => p.fixed_ips[0].ip_address)).size).toBe(300);
  });

  test("a full subnet is Nova's 409 in its words; a freed address is handed out again", async () => {
    const small = await emulatorWith({ networkCidr: "10.9.0.0/29" });
    const token = await tokenFor(small, "demo");
    const create = () =>
      request(`${small.computeUrl}/servers`, {
        method: "POST",
        headers: { "X-Auth-Token": token, "Content-Type": "application/json", "OpenStack-API-Version": "compute 2.37" },
        body: JSON.stringify({ server: { name: "s", imageRef: CIRROS, flavorRef: "1", networks: "auto" } }),
      });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(json(await create()).server.id); // .2 to .6
    const full = await create();
    expect([full.status, message(full)]).toEqual([409, expect.stringMatching(/^No more IP addresses available on network [0-9a-f-]{36}\.$/)]);
    small.deleteServer(ids[1]);
    expect((await create()).status).toBe(202);
  });

  test("a networkCidr that is not an IPv4 network, or given with networks, is refused in one line", async () => {
    await expect(startEmulator({ networkCidr: "10.0.0.1/16" })).rejects.toThrow(EmulatorConfigError);
    await expect(startEmulator({ networkCidr: "10.0.0.0/16", networks: [{ name: "n" }] })).rejects.toThrow(/give the cidr in each network instead/);
  });
});

describe("Keystone's and eventlet's words", () => {
  test("a token Keystone never issued: 'Could not recognize Fernet token'; a revoked one: 'Failed to validate token'", async () => {
    const garbage = await request(`${e.identityUrl}/auth/tokens`, { headers: { "X-Auth-Token": admin, "X-Subject-Token": "not-a-token" } });
    expect([garbage.status, json(garbage).error.message]).toEqual([404, "Could not recognize Fernet token"]);
    const spare = await tokenFor(e, "demo");
    await request(`${e.identityUrl}/auth/tokens`, { method: "DELETE", headers: { "X-Auth-Token": admin, "X-Subject-Token": spare } });
    const revoked = await request(`${e.identityUrl}/auth/tokens`, { headers: { "X-Auth-Token": admin, "X-Subject-Token": spare } });
    expect([revoked.status, json(revoked).error.message]).toEqual([404, "Failed to validate token"]);
  });

  test("Nova keeps connections alive without announcing a timeout", async () => {
    const res = await fetch(`${e.computeUrl}/flavors`, { headers: { "X-Auth-Token": demo } });
    await res.text();
    expect([res.headers.get("connection"), res.headers.get("keep-alive")]).toEqual(["keep-alive", null]);
  });
});

describe("create-time checks and list filters", () => {
  test("a fixed_ip that is not an address, or with max_count > 1; an access IP that is not one", async () => {
    const net = "5d3a9b1e-6c2f-4e8a-9d7b-1f0e2c3a4b5d";
    const bad = await nova("/servers", demo, { method: "POST", body: { server: { name: "x", imageRef: CIRROS, flavorRef: "1", networks: [{ uuid: net, fixed_ip: "10.0.0.300" }] } }, mv: "2.37" });
    expect([bad.status, message(bad)]).toEqual([400, "Invalid input for field/attribute fixed_ip. Value: 10.0.0.300. '10.0.0.300' is not valid under any of the given schemas"]);
    const many = await nova("/servers", demo, { method: "POST", body: { server: { name: "x", imageRef: CIRROS, flavorRef: "1", max_count: 2, networks: [{ uuid: net, fixed_ip: "10.0.0.50" }] } }, mv: "2.37" });
    expect([many.status, message(many)]).toEqual([400, "max_count cannot be greater than 1 if an fixed_ip is specified."]);
    const access = await nova("/servers", demo, { method: "POST", body: { server: { name: "x", imageRef: CIRROS, flavorRef: "1", networks: "none", accessIPv6: "nope" } }, mv: "2.37" });
    expect(message(access)).toBe("Invalid input for field/attribute accessIPv6. Value: nope. 'nope' is not a 'ipv6'");
  });

  test("flavor, image, changes-since, ip, tags and locked filter the list; a bad time is Nova's 400", async () => {
    const f = await emulatorWith({});
    const token = await tokenFor(f, "demo");
    const call = (path: string, mv = "2.73", body?: unknown) =>
      request(`${f.computeUrl}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "X-Auth-Token": token, "OpenStack-API-Version": `compute ${mv}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const make = async (name: string, flavorRef: string, imageRef: string, tags: string[]) =>
      json(await call("/servers", "2.52", { server: { name, flavorRef, imageRef, networks: "auto", tags } })).server.id as string;
    const small = await make("small", "2", CIRROS, ["blue"]);
    const tiny = await make("tiny", "1", UBUNTU, ["green", "blue"]);
    const names = async (query: string) => (json(await call(`/servers?${query}`)).servers as Array<{ name: string }>).map((s) => s.name).sort();
    expect(await names("flavor=2")).toEqual(["small"]);
    expect(await names(`image=${UBUNTU}`)).toEqual(["tiny"]);
    expect(await names("tags=blue,green")).toEqual(["tiny"]);
    expect(await names("tags-any=green")).toEqual(["tiny"]);
    expect(await names("not-tags-any=green")).toEqual(["small"]);
    expect(await names("changes-since=2000-01-01T00:00:00Z")).toEqual(["small", "tiny"]);
    expect(await names("changes-since=2999-01-01T00:00:00Z")).toEqual([]);
    expect(await names("ip=10%5C.0%5C.0%5C.2%24")).toEqual(["small"]);
    await call(`/servers/${tiny}/action`, "2.73", { lock: null });
    expect(await names("locked=true")).toEqual(["tiny"]);
    const badTime = await call("/servers?changes-since=yesterday");
    expect([badTime.status, message(badTime)]).toEqual([400, "Invalid input for query parameters changes-since. Value: yesterday. 'yesterday' is not a 'date-time'"]);
    expect(small).toBeDefined();
  });
});

describe("microversions 2.89 to 2.100, as modelled (upstream advertises 2.100)", () => {
  test("upstream's maximum is the highest modelled one, 2.100", async () => {
    const root = json(await request(e.computeUrl.replace("/v2.1", "/")));
    expect(root.versions[1].version).toBe("2.100");
  });

  test("2.90 hostname for everyone and settable, 2.98 image properties, 2.100 scheduler hints, 2.97 shares", async () => {
    const res = await nova("/servers", demo, {
      method: "POST",
      body: { server: { name: "Web Server", imageRef: CIRROS, flavorRef: "1", networks: "auto", hostname: "web-01" }, "os:scheduler_hints": { group: "g1" } },
      mv: "2.100",
    });
    const id = json(res).server.id as string;
    const at = async (mv: string) => show(id, mv);
    expect((await at("2.89"))["OS-EXT-SRV-ATTR:hostname"]).toBeUndefined();
    const latest = await at("2.100");
    expect(latest).toMatchObject({ "OS-EXT-SRV-ATTR:hostname": "web-01", image: { id: CIRROS, properties: {} }, scheduler_hints: { group: "g1" }, pinned_availability_zone: null });
    expect((await at("2.97")).image).not.toHaveProperty("properties");
    expect((await at("2.99"))).not.toHaveProperty("scheduler_hints");
    const renamed = await nova(`/servers/${id}`, demo, { method: "PUT", body: { server: { hostname: "web-02.example.org" } }, mv: "2.94" });
    expect(json(renamed).server["OS-EXT-SRV-ATTR:hostname"]).toBe("web-02.example.org");
    const label = await nova(`/servers/${id}`, demo, { method: "PUT", body: { server: { hostname: "a.b" } }, mv: "2.90" });
    expect(label.status).toBe(400);
    expect(json(await nova(`/servers/${id}/shares`, demo, { mv: "2.97" }))).toEqual({ shares: [] });
    expect((await nova(`/servers/${id}/shares`, demo, { mv: "2.96" })).status).toBe(404);
  });
});
