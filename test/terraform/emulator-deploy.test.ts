/**
 * The example fleet (fleet.yaml) deployed to the emulator with `cdktf deploy`, and destroyed again
 * with the real Terraform CLI and terraform-provider-openstack v3.4.0: every
 * server, the key pair, the image lookup and the network reference go
 * through Nova, Glance and Neutron as on a cloud, the console data source
 * runs the bundled hook, and destroy leaves nothing behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { ROOT } from "../../__tests__/helpers/bundles";
import type { RunResult } from "../../__tests__/helpers/run";
import { loadToolsManifest } from "../../__tests__/helpers/terraform";
import { stackProject, type StackProject } from "./support/project";

jest.setTimeout(600_000);

const MIRROR_ONLY = ["--skip-provider-lock"]; // see deploy.test.ts
let emu: Emulator;
let project: StackProject;
let applied = false;

async function ok(args: string[]): Promise<RunResult> {
  const r = await project.terraform(args);
  if (r.code !== 0) throw new Error(`terraform ${args[0]} exited ${r.code}:\n${r.stderr.slice(-2000)}${r.stdout.slice(-2000)}`);
  return r;
}

beforeAll(async () => {
  emu = await startEmulator({ taskStateMs: 200 });
  project = stackProject({ tools: loadToolsManifest(), fleetFile: fs.readFileSync(path.join(ROOT, "fleet.yaml"), "utf8"), stack: "example", osEnv: emu.env("demo") });
});

afterAll(async () => {
  // Whatever happened above, leave no servers behind.
  if (applied && project) await project.cdktf(["destroy", "example", "--auto-approve", ...MIRROR_ONLY]).catch(() => undefined);
  await emu?.close();
  project?.remove();
});

test("cdktf deploy of the example fleet against the emulator: 50 servers, the key pair, consoles for every server", async () => {
  applied = true;
  const apply = await project.cdktf(["deploy", "example", "--auto-approve", ...MIRROR_ONLY]);
  if (apply.code !== 0) throw new Error(`cdktf deploy exited ${apply.code}:\n${apply.stdout.slice(-3000)}${apply.stderr.slice(-2000)}`);
  expect(apply.stdout).toMatch(/Apply complete! Resources: 51 added, 0 changed, 0 destroyed\./);
  // Sensitive outputs stay out of the apply's own output.
  expect(apply.stdout).not.toMatch(/token%3D/);

  const servers = emu.listServers();
  expect(servers.map((s) => s.name).sort()).toEqual(
    [...Array.from({ length: 40 }, (_, i) => `web-${i + 1}`), ...Array.from({ length: 10 }, (_, i) => `db-${i + 1}`)].sort(),
  );
  expect(servers.every((s) => s.status === "ACTIVE")).toBe(true);

  const urls = JSON.parse((await ok(["output", "-json", "console_urls"])).stdout) as Record<string, string>;
  expect(Object.keys(urls).sort()).toEqual(servers.map((s) => s.name).sort());
  for (const url of Object.values(urls)) expect(emu.isIssuedConsoleUrl(url)).toBe(true);
  const counters = emu.counters();
  expect(counters.consoleCreations).toBe(50);
  expect(counters.byRoute["compute.keypairs"]).toBeGreaterThanOrEqual(1);
  expect(counters.byRoute["image.images"]).toBeGreaterThanOrEqual(1);
  expect(counters.byRoute["network.networks"]).toBeGreaterThanOrEqual(1);
});

test("a plan right after changes no resource (only the console outputs, minted afresh)", async () => {
  const plan = await project.terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
  expect(plan.stdout).not.toMatch(/Plan: \d+ to add|to change|to destroy/);
  expect(plan.stdout).toMatch(/Changes to Outputs:/);
});

test("cdktf destroy removes every server and the key pair; their console URLs stop working", async () => {
  const urls = JSON.parse((await ok(["output", "-json", "console_urls"])).stdout) as Record<string, string>;
  const destroy = await project.cdktf(["destroy", "example", "--auto-approve", ...MIRROR_ONLY]);
  if (destroy.code !== 0) throw new Error(`cdktf destroy exited ${destroy.code}:\n${destroy.stdout.slice(-3000)}`);
  applied = false;
  expect(destroy.stdout).toMatch(/Destroy complete! Resources: 51 destroyed\./);
  expect(emu.listServers()).toEqual([]);
  for (const url of Object.values(urls)) expect(emu.isIssuedConsoleUrl(url)).toBe(false);
});
