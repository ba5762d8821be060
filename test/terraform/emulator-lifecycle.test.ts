/**
 * Terraform's whole lifecycle of openstack_compute_instance_v2 on the
 * emulator, with the real CLI and terraform-provider-openstack v3.4.0 from
 * the mirror: create, every in-place update the provider performs (name,
 * metadata, tags, security groups, power state, flavor by resize and
 * confirm, an interface attached and detached, image by rebuild), a
 * replacement (user_data is ForceNew), import, destroy. After each apply a
 * plan must change nothing (exit 0), which is what a user editing a fleet
 * file in place relies on.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import type { RunResult } from "../../__tests__/helpers/run";
import { loadToolsManifest, terraform, terraformInit, type ToolsManifest } from "../../__tests__/helpers/terraform";

jest.setTimeout(600_000);

let emu: Emulator;
let tools: ToolsManifest;
let dir: string;
let env: NodeJS.ProcessEnv;
let applied = false;

const SECOND_NETWORK = "3f9c2a1b-7d4e-4b8a-9c6d-2e1f0a9b8c7d";

interface ServerConfig {
  name: string;
  flavor: string;
  image?: string;
  metadata: Record<string, string>;
  tags: string[];
  groups: string[];
  power?: "active" | "shutoff";
  userData?: string;
  /** Attach an interface on the second network with openstack_compute_interface_attach_v2. */
  attach?: boolean;
}

const BASE: ServerConfig = { name: "vm-1", flavor: "m1.tiny", metadata: { role: "web" }, tags: ["fleet"], groups: ["default"] };

/** The stack as hand-written Terraform JSON: a security group, the server, optionally an attached interface. */
function writeStack(c: ServerConfig): void {
  const resource: Record<string, unknown> = {
    openstack_networking_secgroup_v2: { web: { name: "web", description: "web servers" } },
    openstack_compute_instance_v2: {
      vm: {
        name: c.name,
        image_name: c.image ?? "cirros-0.6.2-x86_64-disk",
        flavor_name: c.flavor,
        metadata: c.metadata,
        tags: c.tags,
        security_groups: c.groups,
        network: [{ name: "private" }],
        power_state: c.power ?? "active",
        ...(c.userData ? { user_data: c.userData } : {}),
        depends_on: ["openstack_networking_secgroup_v2.web"],
      },
    },
  };
  if (c.attach) {
    resource.openstack_compute_interface_attach_v2 = { second: { instance_id: "${openstack_compute_instance_v2.vm.id}", network_id: SECOND_NETWORK } };
  }
  const stack = {
    terraform: { required_providers: { openstack: { source: "terraform-provider-openstack/openstack", version: "3.4.0" } } },
    provider: { openstack: {} },
    resource,
  };
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(stack, null, 2));
}

const tf = (args: string[]): Promise<RunResult> => terraform(tools, [...args, "-no-color"], { cwd: dir, env, killAfterMs: 300_000 });

async function ok(args: string[]): Promise<RunResult> {
  const r = await tf(args);
  if (r.code !== 0) throw new Error(`terraform ${args[0]} exited ${r.code}:\n${r.stderr.slice(-3000)}${r.stdout.slice(-3000)}`);
  return r;
}

async function apply(c: ServerConfig): Promise<string> {
  writeStack(c);
  applied = true;
  return (await ok(["apply", "-auto-approve", "-input=false"])).stdout;
}

/** A plan right after an apply: exit 0, nothing to add, change or destroy. */
async function expectQuietPlan(): Promise<void> {
  const plan = await tf(["plan", "-detailed-exitcode", "-input=false"]);
  if (plan.code !== 0) throw new Error(`plan after apply exited ${plan.code} (2 = changes):\n${plan.stdout.slice(-3000)}${plan.stderr.slice(-2000)}`);
  expect(plan.stdout).toMatch(/No changes\./);
}

function theServer() {
  const servers = emu.listServers();
  expect(servers).toHaveLength(1);
  return servers[0];
}

async function nova(pathPart: string, microversion = "2.latest"): Promise<Record<string, unknown>> {
  const auth = await fetch(`${emu.identityUrl}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: "demo", domain: { name: "Default" }, password: "demo-secret" } } },
        scope: { project: { name: "demo", domain: { name: "Default" } } },
      },
    }),
  });
  const token = auth.headers.get("x-subject-token")!;
  const version = microversion === "2.latest" ? "latest" : microversion;
  const res = await fetch(`${emu.computeUrl}${pathPart}`, { headers: { "X-Auth-Token": token, "OpenStack-API-Version": `compute ${version}` } });
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  tools = loadToolsManifest();
  emu = await startEmulator({
    taskStateMs: 200,
    networks: [
      { name: "private", id: "5d3a9b1e-6c2f-4e8a-9d7b-1f0e2c3a4b5d", project: "demo", cidr: "10.0.0.0/16" },
      { name: "second", id: SECOND_NETWORK, project: "demo", cidr: "10.1.0.0/24" },
      { name: "public", project: "admin", external: true, cidr: "172.24.4.0/24" },
    ],
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-lifecycle-"));
  env = { ...emu.env("demo") };
  writeStack(BASE);
  await terraformInit(tools, { cwd: dir, env });
});

afterAll(async () => {
  // Whatever failed above, leave nothing behind.
  if (applied && dir) await tf(["destroy", "-auto-approve", "-input=false"]).catch(() => undefined);
  await emu?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("create: the server, its security group and tags; a plan right after changes nothing", async () => {
  const out = await apply(BASE);
  expect(out).toMatch(/Apply complete! Resources: 2 added, 0 changed, 0 destroyed\./);
  expect(theServer()).toMatchObject({ name: "vm-1", status: "ACTIVE" });
  await expectQuietPlan();
});

test("in place: name, metadata (a key added, one removed), tags, security groups and flavor (resize, confirm) in one apply", async () => {
  const before = theServer().id;
  const edited: ServerConfig = { ...BASE, name: "vm-renamed", flavor: "m1.small", metadata: { tier: "1", owner: "ops" }, tags: ["fleet", "blue"], groups: ["default", "web"] };
  const out = await apply(edited);
  expect(out).toMatch(/Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
  const server = theServer();
  expect(server).toMatchObject({ id: before, name: "vm-renamed", status: "ACTIVE" });
  const detail = (await nova(`/servers/${before}`)).server as Record<string, unknown>;
  expect(detail.metadata).toEqual({ tier: "1", owner: "ops" });
  expect((detail.flavor as { original_name: string }).original_name).toBe("m1.small");
  expect([...(detail.tags as string[])].sort()).toEqual(["blue", "fleet"]);
  expect((detail.security_groups as Array<{ name: string }>).map((g) => g.name).sort()).toEqual(["default", "web"]);
  const actions = ((await nova(`/servers/${before}/os-instance-actions`)).instanceActions as Array<{ action: string }>).map((a) => a.action);
  expect(actions).toEqual(["confirmResize", "resize", "create"]);
  await expectQuietPlan();
});

test("in place: power state shutoff and back to active", async () => {
  const edited: ServerConfig = { ...BASE, power: "shutoff" };
  await apply(edited);
  expect(theServer().status).toBe("SHUTOFF");
  await expectQuietPlan();
  await apply({ ...edited, power: "active" });
  expect(theServer().status).toBe("ACTIVE");
  await expectQuietPlan();
});

test("an interface attached on a second network, then detached", async () => {
  const out = await apply({ ...BASE, attach: true });
  expect(out).toMatch(/Resources: 1 added, 0 changed, 0 destroyed\./);
  const id = theServer().id;
  const attached = (await nova(`/servers/${id}/os-interface`)).interfaceAttachments as Array<{ net_id: string }>;
  expect(attached.map((a) => a.net_id)).toContain(SECOND_NETWORK);
  await expectQuietPlan();

  const detached = await apply(BASE);
  expect(detached).toMatch(/Resources: 0 added, 0 changed, 1 destroyed\./);
  const left = (await nova(`/servers/${id}/os-interface`)).interfaceAttachments as Array<{ net_id: string }>;
  expect(left.map((a) => a.net_id)).not.toContain(SECOND_NETWORK);
  await expectQuietPlan();
});

test("a new image rebuilds the server in place (the provider's choice in v3.4.0); user_data replaces it", async () => {
  const id = theServer().id;
  const rebuilt = await apply({ ...BASE, image: "ubuntu-24.04" });
  expect(rebuilt).toMatch(/Resources: 0 added, 1 changed, 0 destroyed\./);
  expect(theServer().id).toBe(id);
  const image = ((await nova(`/servers/${id}`)).server as { image: { id: string } }).image.id;
  expect(image).not.toBe("70a599e0-31e7-49b7-b260-868f441e862b"); // cirros, what it was built from
  await expectQuietPlan();

  const replaced = await apply({ ...BASE, image: "ubuntu-24.04", userData: "#cloud-config\n" });
  expect(replaced).toMatch(/Resources: 1 added, 0 changed, 1 destroyed\./);
  expect(theServer().id).not.toBe(id);
  await expectQuietPlan();
});

test("import: a server dropped from state comes back with terraform import, and the plan is quiet", async () => {
  const id = theServer().id;
  await ok(["state", "rm", "openstack_compute_instance_v2.vm"]);
  // user_data is ForceNew and Nova shows it to admins only, so an import into a config that sets it always
  // plans a replacement (the provider's behaviour on any cloud): import into the config without it.
  writeStack({ ...BASE, image: "ubuntu-24.04" });
  await ok(["import", "-input=false", "openstack_compute_instance_v2.vm", id]);
  const plan = await tf(["plan", "-detailed-exitcode", "-input=false"]);
  // The provider does not import tags and its own flags (force_delete, stop_before_destroy): the plan
  // updates those in place, and must never replace the server.
  expect(plan.stdout).not.toMatch(/must be replaced|[1-9]\d* to destroy/);
  await ok(["apply", "-auto-approve", "-input=false"]);
  await expectQuietPlan();
  expect(theServer().id).toBe(id);
});

test("destroy removes the server, the security group and every port", async () => {
  const out = await ok(["destroy", "-auto-approve", "-input=false"]);
  applied = false;
  expect(out.stdout).toMatch(/Destroy complete! Resources: 2 destroyed\./);
  // The provider waits until Nova answers 404, so nothing is left.
  expect(emu.listServers()).toEqual([]);
});
