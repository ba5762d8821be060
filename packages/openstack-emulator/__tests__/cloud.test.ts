/**
 * The emulator as a cloud: Glance, Neutron and Placement in the catalog,
 * flavors, key pairs, server create with Nova's checks (wording recorded on
 * the real harness), ports and addresses, BUILD -> ACTIVE, deletes that take
 * servers, ports and console URLs away, and the latency profile's herd.
 */
import { createHash } from "node:crypto";
import { startEmulator, type Emulator, type EmulatorOptions } from "../src";
import { header, json, remoteConsole, request, tokenFor, type RawResponse } from "./support/http";

const CIRROS = "70a599e0-31e7-49b7-b260-868f441e862b";
const UBUNTU = "0b7d4c8e-3a5f-4f0e-9a77-2f1c8d6e5b10";
const PRIVATE = "5d3a9b1e-6c2f-4e8a-9d7b-1f0e2c3a4b5d";
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK16mLxovbHS+tGQpXBrjCE1/Qwc5yYI2zfDWfNYcz4O deployer@example";
/** Nova's fingerprint of PUBLIC_KEY, as the real harness computed it. */
const PUBLIC_KEY_FINGERPRINT = "b6:18:4d:25:c0:49:47:ca:75:94:09:bc:0f:92:83:09";

const running: Emulator[] = [];
async function emulatorWith(options: EmulatorOptions = {}): Promise<Emulator> {
  const e = await startEmulator(options);
  running.push(e);
  return e;
}
afterAll(() => Promise.all(running.map((e) => e.close())));

let e: Emulator;
let demo: string;
let admin: string;
beforeAll(async () => {
  e = await emulatorWith({ taskStateMs: 100 });
  [demo, admin] = await Promise.all([tokenFor(e, "demo"), tokenFor(e, "admin")]);
});

const message = (res: RawResponse): string => (Object.values(json(res))[0] as { message: string }).message;

function nova(path: string, token: string, init: { method?: string; body?: unknown; mv?: string } = {}): Promise<RawResponse> {
  return request(`${e.computeUrl}${path}`, {
    method: init.method ?? "GET",
    headers: {
      "X-Auth-Token": token,
      ...(init.mv ? { "X-OpenStack-Nova-API-Version": init.mv } : {}),
      ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const createServer = (token: string, server: Record<string, unknown>, mv = "2.52") => nova("/servers", token, { method: "POST", body: { server }, mv });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function untilActive(token: string, id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 50; i++) {
    const server = json(await nova(`/servers/${id}`, token, { mv: "2.52" })).server;
    if (server.status === "ACTIVE") return server;
    await sleep(20);
  }
  throw new Error(`server ${id} never became ACTIVE`);
}

describe("catalog", () => {
  test("has identity, compute, image, network and placement, each answering its version document", async () => {
    const res = await request(`${e.identityUrl}/auth/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ auth: { identity: { methods: ["token"], token: { id: demo } }, scope: { project: { name: "demo", domain: { name: "Default" } } } } }),
    });
    const catalog = json(res).token.catalog as Array<{ type: string; endpoints: Array<{ interface: string; url: string }> }>;
    const url = (type: string) => catalog.find((s) => s.type === type)!.endpoints.find((x) => x.interface === "public")!.url;
    expect(catalog.map((s) => s.type).sort()).toEqual(["compute", "identity", "image", "network", "placement"]);
    expect(url("image")).toBe(e.imageUrl);
    expect(url("network")).toBe(e.networkUrl);
    expect(url("placement")).toBe(e.placementUrl);
    const glance = await request(`${e.imageUrl}/`);
    expect(glance.status).toBe(300);
    expect(json(glance).versions[0]).toEqual({ id: "v2.15", status: "CURRENT", links: [{ rel: "self", href: `${e.imageUrl}/v2/` }] });
    expect(json(await request(`${e.networkUrl}/`)).versions[0].id).toBe("v2.0");
    expect(json(await request(`${e.placementUrl}/`)).versions[0]).toMatchObject({ id: "v1.0", max_version: "1.39" });
  });
});

describe("flavors", () => {
  test("list, detail and show as Nova writes them, with the fields each microversion adds", async () => {
    const list = json(await nova("/flavors", demo)).flavors;
    expect(list.map((f: { name: string }) => f.name)).toEqual(["m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"]);
    expect(list[1].links[0].href).toBe(`${e.computeUrl}/flavors/2`);
    const small = json(await nova("/flavors/2", demo)).flavor;
    expect(small).toMatchObject({ name: "m1.small", ram: 2048, disk: 20, vcpus: 1, swap: "", "os-flavor-access:is_public": true });
    expect(small.extra_specs).toBeUndefined();
    const at261 = await nova("/flavors/detail?is_public=None", demo, { mv: "2.61" });
    expect(at261.body).toContain('"rxtx_factor": 1.0');
    expect(json(at261).flavors[0]).toMatchObject({ description: null, extra_specs: {} });
    expect(json(await nova("/flavors/1/os-extra_specs", demo, { mv: "2.61" }))).toEqual({ extra_specs: {} });
  });

  test("an unknown flavor (or a name where an id goes) is Nova's 404", async () => {
    const res = await nova("/flavors/m1.tiny", demo);
    expect(res.status).toBe(404);
    expect(json(res)).toEqual({ itemNotFound: { code: 404, message: "Flavor m1.tiny could not be found." } });
  });
});

describe("key pairs", () => {
  test("create (200 at 2.1, 201 from 2.2), list, show and delete (202, then 204 from 2.2) per user", async () => {
    const at21 = await nova("/os-keypairs", demo, { method: "POST", body: { keypair: { name: "kp-21", public_key: PUBLIC_KEY } }, mv: "2.1" });
    expect(at21.status).toBe(200);
    expect(json(at21).keypair).toEqual({ name: "kp-21", public_key: PUBLIC_KEY, fingerprint: PUBLIC_KEY_FINGERPRINT, user_id: expect.any(String) });
    const at292 = await nova("/os-keypairs", demo, { method: "POST", body: { keypair: { name: "kp-292", public_key: PUBLIC_KEY } }, mv: "2.92" });
    expect(at292.status).toBe(201);
    expect(json(at292).keypair.type).toBe("ssh");
    const names = (token: string) => nova("/os-keypairs", token, { mv: "2.2" }).then((r) => json(r).keypairs.map((k: { keypair: { name: string } }) => k.keypair.name));
    expect(await names(demo)).toEqual(["kp-21", "kp-292"]);
    expect(await names(admin)).toEqual([]);
    const shown = json(await nova("/os-keypairs/kp-21", demo, { mv: "2.2" })).keypair;
    expect(shown).toMatchObject({ name: "kp-21", deleted: false, type: "ssh", fingerprint: PUBLIC_KEY_FINGERPRINT });
    expect((await nova("/os-keypairs/kp-21", demo, { method: "DELETE", mv: "2.1" })).status).toBe(202);
    expect((await nova("/os-keypairs/kp-292", demo, { method: "DELETE", mv: "2.2" })).status).toBe(204);
    expect(await names(demo)).toEqual([]);
  });

  test("below 2.92 a missing public key is generated: the private half comes back once, and matches", async () => {
    const res = await nova("/os-keypairs", demo, { method: "POST", body: { keypair: { name: "generated" } }, mv: "2.2" });
    expect(res.status).toBe(201);
    const k = json(res).keypair;
    expect(k.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const blob = Buffer.from(k.public_key.split(" ")[1], "base64");
    expect(k.fingerprint).toBe(createHash("md5").update(blob).digest("hex").match(/../g)!.join(":"));
    expect(json(await nova("/os-keypairs/generated", demo, { mv: "2.2" })).keypair.private_key).toBeUndefined();
    const at292 = await nova("/os-keypairs", demo, { method: "POST", body: { keypair: { name: "generated-292" } }, mv: "2.92" });
    expect(message(at292)).toBe("Invalid input for field/attribute keypair. Value: {'name': 'generated-292'}. 'public_key' is a required property");
  });

  test.each([
    ["a duplicate name", { name: "dup", public_key: PUBLIC_KEY }, "2.92", 409, "Key pair 'dup' already exists."],
    ["a key that gives no fingerprint", { name: "bad-key", public_key: "not a key" }, "2.92", 400, "Keypair data is invalid: failed to generate fingerprint"],
    [
      "a name with a slash at 2.92",
      { name: "bad/name", public_key: PUBLIC_KEY },
      "2.92",
      400,
      "An invalid 'name' value was provided. The name must be: Only expected characters: [@._- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ]",
    ],
  ])("refuses %s as real Nova does", async (_what, keypair, mv, status, text) => {
    if (status === 409) await nova("/os-keypairs", demo, { method: "POST", body: { keypair }, mv });
    const res = await nova("/os-keypairs", demo, { method: "POST", body: { keypair }, mv });
    expect(res.status).toBe(status);
    expect(message(res)).toBe(text);
  });

  test("an unknown key pair is 404 naming the user", async () => {
    const res = await nova("/os-keypairs/nope", admin);
    const userId = json(await nova("/os-keypairs", admin, { method: "POST", body: { keypair: { name: "probe", public_key: PUBLIC_KEY } }, mv: "2.10" })).keypair.user_id;
    expect(message(res)).toBe(`Keypair nope not found for user ${userId}`);
    await nova("/os-keypairs/probe", admin, { method: "DELETE" });
  });
});

describe("images (Glance v2)", () => {
  test("lists newest first, filters by name, pages with first/next links, shows one", async () => {
    const token = { "X-Auth-Token": demo };
    const all = json(await request(`${e.imageUrl}/v2/images`, { headers: token }));
    expect(all.images.map((i: { name: string }) => i.name)).toEqual(["ubuntu-24.04", "cirros-0.6.2-x86_64-disk"]);
    expect(all).toMatchObject({ first: "/v2/images", schema: "/v2/schemas/images" });
    expect(all.next).toBeUndefined();
    const page = json(await request(`${e.imageUrl}/v2/images?sort=created_at:desc&limit=1`, { headers: token }));
    expect(page.images.map((i: { id: string }) => i.id)).toEqual([UBUNTU]);
    expect(page.next).toBe(`/v2/images?sort=created_at%3Adesc&limit=1&marker=${UBUNTU}`);
    const rest = json(await request(`${e.imageUrl}${page.next}`, { headers: token }));
    expect(rest.images.map((i: { id: string }) => i.id)).toEqual([CIRROS]);
    expect(json(await request(`${e.imageUrl}/v2/images?name=ubuntu-24.04`, { headers: token })).images).toHaveLength(1);
    expect(json(await request(`${e.imageUrl}/v2/images/${CIRROS}`, { headers: token }))).toMatchObject({ id: CIRROS, status: "active", visibility: "public" });
  });

  test("an unknown image is Glance's HTML 404; no token, its HTML 401", async () => {
    const missing = await request(`${e.imageUrl}/v2/images/nope`, { headers: { "X-Auth-Token": demo } });
    expect(missing.status).toBe(404);
    expect(header(missing, "content-type")).toBe("text/html; charset=UTF-8");
    expect(missing.body).toContain("No image found with ID nope");
    const anonymous = await request(`${e.imageUrl}/v2/images`);
    expect(anonymous.status).toBe(401);
    expect(header(anonymous, "www-authenticate")).toBe(`Keystone uri="${e.identityUrl.replace("/v3", "/")}"`);
  });
});

describe("networks (Neutron v2.0)", () => {
  test("each project sees its own, shared and external networks; filters and fields work", async () => {
    const names = async (token: string, query = "") =>
      json(await request(`${e.networkUrl}/v2.0/networks${query}`, { headers: { "X-Auth-Token": token } })).networks.map((n: { name: string }) => n.name).sort();
    expect(await names(demo)).toEqual(["private", "public"]);
    expect(await names(await tokenFor(e, "viewer"))).toEqual(["public"]);
    expect(await names(demo, "?name=private&status=ACTIVE")).toEqual(["private"]);
    const fields = json(await request(`${e.networkUrl}/v2.0/networks?name=private&fields=id`, { headers: { "X-Auth-Token": demo } }));
    expect(fields).toEqual({ networks: [{ id: PRIVATE }] });
  });

  test("an unknown network is Neutron's NetworkNotFound", async () => {
    const res = await request(`${e.networkUrl}/v2.0/networks/nope`, { headers: { "X-Auth-Token": demo } });
    expect(res.status).toBe(404);
    expect(res.body).toBe('{"NeutronError":{"type":"NetworkNotFound","message":"Network nope could not be found.","detail":""}}');
  });
});

describe("server create", () => {
  const base = { name: "vm", flavorRef: "1", imageRef: CIRROS, networks: "none" };

  test.each([
    ["an unknown flavor", { ...base, flavorRef: "nope" }, "Flavor nope could not be found."],
    ["an unknown image", { ...base, imageRef: "00000000-0000-4000-8000-000000000000" }, "Can not find requested image"],
    ["an image that is not a UUID", { ...base, imageRef: "nope" }, "Invalid input for field/attribute imageRef. Value: nope. 'nope' is not valid under any of the given schemas"],
    ["no image", { name: "vm", flavorRef: "1", networks: "none" }, "Missing imageRef attribute"],
    ["an unknown key pair", { ...base, key_name: "nope" }, "Invalid key_name provided."],
    ["an unknown network", { ...base, networks: [{ uuid: "00000000-0000-4000-8000-000000000000" }] }, "Network 00000000-0000-4000-8000-000000000000 could not be found."],
    [
      "a network id that is not a UUID",
      { ...base, networks: [{ uuid: "nope" }] },
      "Invalid input for field/attribute networks. Value: [{'uuid': 'nope'}]. [{'uuid': 'nope'}] is not valid under any of the given schemas",
    ],
    ["an unknown security group", { ...base, security_groups: [{ name: "nope" }] }, "Unable to find security_group with name or id 'nope'"],
    [
      "an extra property",
      { ...base, bogus: 1 },
      `Invalid input for field/attribute server. Value: {'name': 'vm', 'flavorRef': '1', 'imageRef': '${CIRROS}', 'networks': 'none', 'bogus': 1}. Additional properties are not allowed ('bogus' was unexpected)`,
    ],
  ])("refuses %s with Nova's 400", async (_what, server, text) => {
    const before = e.listServers().length;
    const res = await createServer(demo, server);
    expect(res.status).toBe(400);
    expect(json(res)).toEqual({ badRequest: { code: 400, message: text } });
    expect(e.listServers()).toHaveLength(before);
  });

  test("networks: auto picks the project's one network; with none to pick it is refused", async () => {
    const auto = await createServer(demo, { ...base, name: "auto", networks: "auto" });
    expect(auto.status).toBe(202);
    const server = await untilActive(demo, json(auto).server.id);
    expect(Object.keys(server.addresses as object)).toEqual(["private"]);
    const refused = await createServer(admin, { ...base, networks: "auto" });
    const validated = await request(`${e.identityUrl}/auth/tokens`, { headers: { "X-Auth-Token": admin, "X-Subject-Token": admin } });
    expect(refused.status).toBe(400);
    expect(message(refused)).toBe(`Unable to automatically allocate a network for project ${json(validated).token.project.id}`);
  });

  test("BUILD, then ACTIVE with a port, key pair, metadata and tags; delete takes the server, its port and its console URLs", async () => {
    await nova("/os-keypairs", demo, { method: "POST", body: { keypair: { name: "deployer", public_key: PUBLIC_KEY } }, mv: "2.92" });
    const created = await createServer(demo, {
      name: "web-1",
      flavorRef: "2",
      imageRef: UBUNTU,
      key_name: "deployer",
      networks: [{ uuid: PRIVATE }],
      security_groups: [{ name: "default" }],
      metadata: { role: "web" },
      tags: ["web"],
    });
    expect(created.status).toBe(202);
    const id = json(created).server.id;
    expect(json(await nova(`/servers/${id}`, demo, { mv: "2.52" })).server).toMatchObject({ status: "BUILD", addresses: {} });
    expect((await remoteConsole(e, demo, id)).status).toBe(409);
    const server = await untilActive(demo, id);
    expect(server).toMatchObject({ key_name: "deployer", metadata: { role: "web" }, tags: ["web"], security_groups: [{ name: "default" }] });
    expect(server.flavor).toMatchObject({ original_name: "m1.small", ram: 2048 });
    const [address] = (server.addresses as Record<string, Array<{ addr: string; "OS-EXT-IPS-MAC:mac_addr": string }>>).private;
    expect(address.addr).toMatch(/^10\.0\.0\.\d+$/);
    const ports = json(await request(`${e.networkUrl}/v2.0/ports?device_id=${id}`, { headers: { "X-Auth-Token": demo } })).ports;
    expect(ports).toHaveLength(1);
    expect(ports[0]).toMatchObject({ network_id: PRIVATE, mac_address: address["OS-EXT-IPS-MAC:mac_addr"], fixed_ips: [{ ip_address: address.addr }] });
    expect(json(await nova(`/servers/${id}/tags`, demo, { mv: "2.26" }))).toEqual({ tags: ["web"] });
    expect(json(await nova(`/servers/${id}/os-interface`, demo)).interfaceAttachments[0]).toMatchObject({ port_id: ports[0].id, net_id: PRIVATE });

    const url = json(await remoteConsole(e, demo, id)).remote_console.url;
    expect(e.isIssuedConsoleUrl(url)).toBe(true);
    expect((await nova(`/servers/${id}`, demo, { method: "DELETE" })).status).toBe(204);
    await sleep(150);
    expect((await nova(`/servers/${id}`, demo)).status).toBe(404);
    expect(json(await nova("/servers?name=web-1", demo)).servers).toEqual([]);
    expect(json(await request(`${e.networkUrl}/v2.0/ports?device_id=${id}`, { headers: { "X-Auth-Token": demo } })).ports).toEqual([]);
    expect(e.isIssuedConsoleUrl(url)).toBe(false);
  });

  test("boot from a volume: no imageRef, the image in the block device mapping, the volume attached", async () => {
    const res = await createServer(demo, {
      name: "db-1",
      flavorRef: "3",
      networks: [{ uuid: PRIVATE }],
      block_device_mapping_v2: [{ boot_index: 0, uuid: UBUNTU, source_type: "image", destination_type: "volume", volume_size: 40, delete_on_termination: true }],
    });
    expect(res.status).toBe(202);
    const server = await untilActive(demo, json(res).server.id);
    expect(server.image).toBe("");
    expect(server["os-extended-volumes:volumes_attached"]).toEqual([{ id: expect.any(String), delete_on_termination: true }]);
  });
});

describe("latency profile", () => {
  const profile = { workers: 2, tokenValidationMs: 30, keystoneProcesses: 1, serviceMs: { "compute.remote-consoles": 5, "identity.tokens": 0 } };

  async function fanOut(emu: Emulator, token: string, ids: string[]): Promise<void> {
    // One connection per request (agent: false), as a pool of this size opens them.
    const answers = await Promise.all(ids.map((id) => remoteConsole(emu, token, id)));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
  }

  test("a fan-out on a fresh token validates it once per request of the first wave", async () => {
    // The first wave is the requests that reach a worker before its validation ends: with 30 ms a loaded
    // machine (load average near 4) sent the eighth after the first had ended, and counted 7. A validation
    // long enough for any machine to send all eight first keeps the count about the model, not the speed.
    const tokenValidationMs = 400;
    const emu = await emulatorWith({ servers: 8, latency: { ...profile, tokenValidationMs } });
    const token = await tokenFor(emu, "demo");
    const started = Date.now();
    await fanOut(emu, token, emu.listServers().map((s) => s.id));
    // Eight validations queued through one Keystone process (timers may fire a millisecond early each).
    expect(Date.now() - started).toBeGreaterThanOrEqual(8 * tokenValidationMs - 8);
    expect(emu.counters().tokenValidations).toBe(8);
  });

  test("one call first per worker, then the fan-out: only those validate (the token warm-up's saving)", async () => {
    const emu = await emulatorWith({ servers: 8, latency: profile });
    const token = await tokenFor(emu, "demo");
    const ids = emu.listServers().map((s) => s.id);
    await remoteConsole(emu, token, ids[0]);
    await remoteConsole(emu, token, ids[1]);
    expect(emu.counters().tokenValidations).toBe(2);
    await fanOut(emu, token, ids);
    // Connections after the first two go to the workers round-robin: both already know the token.
    expect(emu.counters().tokenValidations).toBe(2);
  });

  test("off unless asked, and bad profiles are refused naming the field", async () => {
    const emu = await emulatorWith({ servers: 2 });
    const token = await tokenFor(emu, "demo");
    await fanOut(emu, token, emu.listServers().map((s) => s.id));
    expect(emu.counters().tokenValidations).toBe(0);
    await expect(startEmulator({ latency: { workers: 0 } })).rejects.toThrow("latency: workers 0 is not a whole number from 1 to 1000; give e.g. 2");
    await expect(startEmulator({ latency: "slow" as never })).rejects.toThrow('latency: "slow" is not a latency profile');
    await expect(startEmulator({ latency: { accept: "random" as never } })).rejects.toThrow('latency: accept "random" is not a way to hand out connections; give "round-robin" or "idle-first"');
  });
});
