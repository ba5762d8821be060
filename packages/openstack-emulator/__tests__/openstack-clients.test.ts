/**
 * The real OpenStack clients against the emulator, unchanged: Debian's
 * `openstack` CLI (python3-openstackclient 6.0) and openstacksdk
 * (python3-openstacksdk 0.101) as subprocesses, with nothing but the OS_*
 * variables the emulator prints. The refusals must read as they do against
 * the real harness (messages and exit codes recorded there on 2026-12-01).
 *
 * Needs the Debian packages: apt-get install python3-openstackclient
 * (which brings python3-openstacksdk); .ci/run installs them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../src";
import { runProgram, type RunResult } from "../../../__tests__/helpers/run";

const OPENSTACK = "/usr/bin/openstack";
const PYTHON = "/usr/bin/python3";
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK16mLxovbHS+tGQpXBrjCE1/Qwc5yYI2zfDWfNYcz4O deployer@example";

/** Each client call is killed if it hangs this long; the tests are bounded by that, never by the machine's speed. */
const CALL_BOUND_MS = 90_000;
/**
 * A test chains up to a dozen Python CLI calls, about 1.2 s each on a quiet
 * machine and several times that with the load average near 4 (jest's default
 * 60 s failed there once): the whole chain gets each call's bound. Timings
 * belong to the bench (npm run bench, "per URL").
 */
jest.setTimeout(12 * CALL_BOUND_MS);

let emu: Emulator;
let home: string;
let unscheduledId: string;

beforeAll(async () => {
  for (const program of [OPENSTACK, PYTHON]) {
    if (!fs.existsSync(program)) {
      throw new Error(`${program} is missing: install Debian's clients with apt-get install python3-openstackclient (brings python3-openstacksdk)`);
    }
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), "osc-home-"));
  fs.writeFileSync(path.join(home, "deployer.pub"), `${PUBLIC_KEY}\n`);
  emu = await startEmulator({ servers: 2, profile: "upstream", taskStateMs: 300 });
  unscheduledId = emu.createServer({ name: "never-scheduled", status: "ERROR", host: false }).id;
});

afterAll(async () => {
  await emu?.close();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

/** `openstack <args>` as a user runs it: the emulator's exports, a HOME without clouds.yaml. */
function openstack(...args: string[]): Promise<RunResult> {
  return runProgram(OPENSTACK, args, { cwd: home, env: { ...emu.env("demo"), PATH: "/usr/bin:/bin", LANG: "C.UTF-8" }, killAfterMs: CALL_BOUND_MS });
}

async function ok(...args: string[]): Promise<string> {
  const r = await openstack(...args);
  if (r.code !== 0) throw new Error(`openstack ${args.join(" ")} exited ${r.code}: ${r.stderr.trim().split("\n").pop()}`);
  return r.stdout;
}

const jsonOf = async <T = Array<Record<string, unknown>>>(...args: string[]): Promise<T> => JSON.parse(await ok(...args, "-f", "json")) as T;
const lastLine = (r: RunResult) => r.stderr.trim().split("\n").pop();

describe("the openstack CLI", () => {
  test("token issue and catalog list: a token for the demo project, five services", async () => {
    const token = await jsonOf<{ project_id: string; expires: string }>("token", "issue");
    expect(token.project_id).toMatch(/^[0-9a-f]{32}$/);
    const catalog = await jsonOf("catalog", "list");
    expect(catalog.map((s) => s.Type).sort()).toEqual(["compute", "identity", "image", "network", "placement"]);
  });

  test("server list with and without name lookup, server show, flavor, image and network lists", async () => {
    const bare = await jsonOf("server", "list", "--no-name-lookup");
    expect(bare.map((s) => s.Name).sort()).toEqual(["never-scheduled", "server-1", "server-2"]);
    const named = await jsonOf("server", "list");
    expect(named.find((s) => s.Name === "server-1")).toMatchObject({ Status: "ACTIVE", Image: "cirros-0.6.2-x86_64-disk", Flavor: "m1.tiny" });
    const shown = await jsonOf<Record<string, unknown>>("server", "show", "server-1");
    expect(shown).toMatchObject({ name: "server-1", status: "ACTIVE", flavor: "m1.tiny (1)" });
    expect((await jsonOf("flavor", "list")).map((f) => f.Name)).toEqual(["m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"]);
    expect((await jsonOf("image", "list")).map((i) => i.Name).sort()).toEqual(["cirros-0.6.2-x86_64-disk", "ubuntu-24.04"]);
    expect((await jsonOf("network", "list")).map((n) => n.Name).sort()).toEqual(["private", "public"]);
  });

  test("keypair create, list and delete; a duplicate and a missing one fail as on real Nova", async () => {
    const created = await jsonOf<Record<string, unknown>>("keypair", "create", "--public-key", "deployer.pub", "deployer");
    expect(created).toMatchObject({ name: "deployer", fingerprint: "b6:18:4d:25:c0:49:47:ca:75:94:09:bc:0f:92:83:09", type: "ssh" });
    const duplicate = await openstack("keypair", "create", "--public-key", "deployer.pub", "deployer");
    expect(duplicate.code).toBe(1);
    expect(lastLine(duplicate)).toBe(`ConflictException: 409: Client Error for url: ${emu.computeUrl}/os-keypairs, Key pair 'deployer' already exists.`);
    expect((await jsonOf("keypair", "list")).map((k) => k.Name)).toEqual(["deployer"]);
    await ok("keypair", "delete", "deployer");
    const again = await openstack("keypair", "delete", "deployer");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Failed to delete key with name 'deployer': ResourceNotFound: 404: Client Error for url: ${emu.computeUrl}/os-keypairs/deployer, Keypair deployer not found for user`);
    expect(lastLine(again)).toBe("1 of 1 keys failed to delete.");
  });

  test("server create by image and flavor name, --nic none and on a network; stop, start, delete", async () => {
    await ok("keypair", "create", "--public-key", "deployer.pub", "vm-key");
    const none = await jsonOf<Record<string, unknown>>(
      "--os-compute-api-version", "2.37", "server", "create", "--image", "cirros-0.6.2-x86_64-disk", "--flavor", "m1.tiny", "--nic", "none", "--wait", "vm-none",
    );
    expect(none).toMatchObject({ name: "vm-none", status: "ACTIVE", addresses: {} });
    const net = await jsonOf<Record<string, unknown>>(
      "server", "create", "--image", "ubuntu-24.04", "--flavor", "m1.small", "--network", "private", "--key-name", "vm-key", "--wait", "vm-net",
    );
    expect(net).toMatchObject({ status: "ACTIVE", key_name: "vm-key", flavor: "m1.small (2)" });
    expect(JSON.stringify(net.addresses)).toMatch(/"private":\["10\.0\.0\.\d+"\]/);
    await ok("server", "stop", "vm-net");
    expect((await jsonOf<Record<string, unknown>>("server", "show", "vm-net")).status).toBe("SHUTOFF");
    await ok("server", "start", "vm-net");
    expect((await jsonOf<Record<string, unknown>>("server", "show", "vm-net")).status).toBe("ACTIVE");
    await ok("server", "delete", "--wait", "vm-net", "vm-none");
    expect((await jsonOf("server", "list", "--no-name-lookup")).map((s) => s.Name)).not.toEqual(expect.arrayContaining(["vm-net"]));
    const gone = await openstack("server", "show", "vm-net");
    expect(gone.code).toBe(1);
    expect(lastLine(gone)).toBe("No server with a name or ID of 'vm-net' exists.");
    await ok("keypair", "delete", "vm-key");
  });

  test.each([
    ["an unknown flavor", ["--flavor", "nope", "--network", "private"], "No flavor with a name or ID of 'nope' exists."],
    ["an unknown network", ["--flavor", "m1.small", "--network", "nope"], "No Network found for nope"],
    ["an unknown key pair", ["--flavor", "m1.small", "--nic", "none", "--key-name", "nope"], /^Invalid key_name provided\. \(HTTP 400\) \(Request-ID: req-[0-9a-f-]{36}\)$/],
  ])("server create with %s fails as on real Nova", async (_what, args, text) => {
    const r = await openstack("--os-compute-api-version", "2.37", "server", "create", "--image", "ubuntu-24.04", ...args, "refused");
    expect(r.code).toBe(1);
    if (typeof text === "string") expect(lastLine(r)).toBe(text);
    else expect(lastLine(r)).toMatch(text);
    expect(emu.listServers().map((s) => s.name)).not.toContain("refused");
  });

  test.each([
    ["--novnc", "vnc", "novnc"],
    ["--spice", "spice", "spice-html5"],
    ["--serial", "serial", "serial"],
    ["--mks", "mks", "webmks"],
  ])("console url show %s, negotiated and pinned at 2.8, gives a URL the emulator issued", async (flag, protocol, type) => {
    for (const pinned of [[], ["--os-compute-api-version", "2.8"]]) {
      const shown = await jsonOf<Record<string, string>>(...pinned, "console", "url", "show", flag, "server-1");
      expect(shown).toMatchObject({ protocol, type });
      expect(emu.isIssuedConsoleUrl(shown.url)).toBe(true);
    }
  });

  test("console url show refusals: 404 server, 409 not ready, 400 unsupported type, as on real Nova", async () => {
    const missing = await openstack("console", "url", "show", "--novnc", "nope");
    expect([missing.code, lastLine(missing)]).toEqual([1, "No Server found for nope"]);
    const notReady = await openstack("console", "url", "show", "--novnc", unscheduledId);
    expect([notReady.code, lastLine(notReady)]).toEqual([
      1,
      `ConflictException: 409: Client Error for url: ${emu.computeUrl}/servers/${unscheduledId}/remote-consoles, Instance ${unscheduledId} is not ready`,
    ]);
    const server = emu.listServers().find((s) => s.name === "server-1")!.id;
    const unsupported = await openstack("--os-compute-api-version", "2.8", "console", "url", "show", "--xvpvnc", "server-1");
    expect([unsupported.code, lastLine(unsupported)]).toEqual([
      1,
      `BadRequestException: 400: Client Error for url: ${emu.computeUrl}/servers/${server}/remote-consoles, Invalid console type xvpvnc`,
    ]);
  });
});

describe("openstacksdk", () => {
  test("lists, key pair, a server on a network to ACTIVE, its console, stop/start, refusals, delete", async () => {
    const r = await runProgram(PYTHON, [path.join(__dirname, "support", "sdk-walk.py"), PUBLIC_KEY, emu.controlUrl], {
      cwd: home,
      env: { ...emu.env("demo"), PATH: "/usr/bin:/bin", LANG: "C.UTF-8" },
      killAfterMs: CALL_BOUND_MS,
    });
    if (r.code !== 0) throw new Error(`sdk walk exited ${r.code}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    const out = JSON.parse(r.stdout);
    expect(out.flavors).toEqual(["m1.large", "m1.medium", "m1.small", "m1.tiny", "m1.xlarge"]);
    expect(out.images).toEqual(["cirros-0.6.2-x86_64-disk", "ubuntu-24.04"]);
    expect(out.networks).toEqual(["private", "public"]);
    expect(out.keypair_fingerprint).toBe("b6:18:4d:25:c0:49:47:ca:75:94:09:bc:0f:92:83:09");
    expect(out.duplicate_keypair).toMatchObject({ status: 409, type: "ConflictException", details: "Key pair 'sdk-key' already exists." });
    expect(out.created_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.active).toEqual({ status: "ACTIVE", addresses: ["private"], key_name: "sdk-key" });
    expect(out.console).toMatchObject({ type: "novnc", url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/vnc_auto\.html\?path=%3Ftoken%3D[0-9a-f-]{36}$/) });
    // Live while sdk-vm existed; its console token died with it.
    expect([out.console_live_before_delete, out.console_live_after_delete]).toEqual([true, false]);
    expect([out.stopped, out.started]).toEqual(["SHUTOFF", "ACTIVE"]);
    expect(out.unknown_flavor).toMatchObject({ status: 400, type: "BadRequestException", details: "Flavor nope could not be found." });
    expect(out.unknown_network).toMatchObject({ status: 400, details: "Network 00000000-0000-4000-8000-000000000000 could not be found." });
    expect(out.after_delete).not.toContain("sdk-vm");
    expect(out.keypairs_after).not.toContain("sdk-key");
  });
});
