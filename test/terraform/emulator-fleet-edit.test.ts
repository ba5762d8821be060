/**
 * A fleet file edited in place on the emulator: `cdktf deploy` of a small
 * fleet, then the same fleet with other metadata, tags and flavor deployed
 * again with the real Terraform CLI and terraform-provider-openstack v3.4.0:
 * the servers are updated in place (same ids; metadata, tags and a resize
 * with its confirmation through Nova), and a plan right after changes nothing.
 * A server's name is its fleet's name and index, and so its construct id:
 * renaming means new servers, by design of the fleet file.
 */
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import type { RunResult } from "../../__tests__/helpers/run";
import { loadToolsManifest } from "../../__tests__/helpers/terraform";
import { stackProject, type StackProject } from "./support/project";

jest.setTimeout(600_000);

const MIRROR_ONLY = ["--skip-provider-lock"]; // see deploy.test.ts
let emu: Emulator;
let project: StackProject;
let applied = false;

const fleetFile = (flavor: string, role: string, tags: string[], name = "app") => `
stack: edits
openstack:
  region: RegionOne
fleets:
  - name: ${name}
    count: 2
    imageName: cirros-0.6.2-x86_64-disk
    flavorName: ${flavor}
    networks:
      - name: private
    securityGroups: [default]
    metadata:
      role: ${role}
    tags: [${tags.join(", ")}]
`;

async function deploy(text: string): Promise<string> {
  project.writeFleetFile(text);
  applied = true;
  const r: RunResult = await project.cdktf(["deploy", "edits", "--auto-approve", ...MIRROR_ONLY]);
  if (r.code !== 0) throw new Error(`cdktf deploy exited ${r.code}:\n${r.stdout.slice(-3000)}${r.stderr.slice(-2000)}`);
  return r.stdout;
}

beforeAll(async () => {
  emu = await startEmulator({ taskStateMs: 200 });
  project = stackProject({ tools: loadToolsManifest(), fleetFile: fleetFile("m1.tiny", "web", ["blue"]), stack: "edits", osEnv: emu.env("demo") });
});

afterAll(async () => {
  if (applied && project) await project.cdktf(["destroy", "edits", "--auto-approve", ...MIRROR_ONLY]).catch(() => undefined);
  await emu?.close();
  project?.remove();
});

test("metadata, tags and flavor edited in the fleet file apply in place, and the plan after is quiet", async () => {
  expect(await deploy(fleetFile("m1.tiny", "web", ["blue"]))).toMatch(/Apply complete! Resources: 2 added, 0 changed, 0 destroyed\./);
  const before = emu.listServers().map((s) => s.id).sort();

  const out = await deploy(fleetFile("m1.small", "db", ["green", "blue"]));
  expect(out).toMatch(/Apply complete! Resources: 0 added, 2 changed, 0 destroyed\./);
  expect(emu.listServers().map((s) => s.id).sort()).toEqual(before);
  expect(emu.counters().byRoute["compute.action"]).toBeGreaterThanOrEqual(4); // resize and confirmResize, twice

  const plan = await project.terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
  if (plan.code !== 0) throw new Error(`plan after the edit exited ${plan.code} (2 = changes):\n${plan.stdout.slice(-3000)}`);
  expect(plan.stdout).toMatch(/No changes\./);
});

test("a fleet renamed in the fleet file replaces its servers (the name is their identity), and the plan after is quiet", async () => {
  const out = await deploy(fleetFile("m1.small", "db", ["green", "blue"], "api"));
  expect(out).toMatch(/Apply complete! Resources: 2 added, \d+ changed, 2 destroyed\./);
  expect(emu.listServers().map((s) => s.name).sort()).toEqual(["api-1", "api-2"]);

  const plan = await project.terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
  if (plan.code !== 0) throw new Error(`plan after the rename exited ${plan.code} (2 = changes):\n${plan.stdout.slice(-3000)}`);
  expect(plan.stdout).toMatch(/No changes\./);
});
