/**
 * The example fleet (fleet.yaml) deployed to the emulator and destroyed again
 * with the real Terraform CLI and terraform-provider-openstack v3.4.0: every
 * server, the key pair, the image lookup and the network reference go
 * through Nova, Glance and Neutron as on a cloud, the console data source
 * runs the bundled hook, and destroy leaves nothing behind.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../lib/emulator";
import { runProgram, type RunResult } from "../../__tests__/helpers/run";
import { ROOT, terraformTools, type TerraformTools } from "./support/tools";

jest.setTimeout(600_000);

let tools: TerraformTools;
let emu: Emulator;
let work: string;
let stackDir: string;
let applied = false;

function terraform(args: string[], killAfterMs = 300_000): Promise<RunResult> {
  return runProgram(tools.terraform, args, {
    cwd: stackDir,
    env: { PATH: process.env.PATH, ...emu.env("demo"), ...tools.env, HOME: work, TF_IN_AUTOMATION: "1" },
    killAfterMs,
  });
}

async function ok(args: string[]): Promise<RunResult> {
  const r = await terraform(args);
  if (r.code !== 0) throw new Error(`terraform ${args[0]} exited ${r.code}:\n${r.stderr.slice(-2000)}${r.stdout.slice(-2000)}`);
  return r;
}

beforeAll(async () => {
  tools = terraformTools();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-deploy-"));
  const outdir = path.join(work, "cdktf.out");
  const synth = await runProgram(path.join(ROOT, "node_modules", ".bin", "tsx"), ["main.ts"], {
    cwd: ROOT,
    env: { CDKTF_OUTDIR: outdir, FLEET_FILE: "fleet.yaml", HOME: work },
    killAfterMs: 120_000,
  });
  if (synth.code !== 0) throw new Error(`synth failed: ${synth.stderr}`);
  stackDir = path.join(outdir, "stacks", "example");
  emu = await startEmulator({ taskStateMs: 200 });
  await ok(["init", "-input=false", "-no-color", `-backend-config=path=${path.join(work, "terraform.tfstate")}`]);
});

afterAll(async () => {
  // Whatever happened above, leave no servers behind.
  if (applied && emu) await terraform(["destroy", "-auto-approve", "-input=false", "-no-color"]).catch(() => undefined);
  await emu?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("cdktf's stack applies against the emulator: 50 servers, the key pair, consoles for every server", async () => {
  applied = true;
  const apply = await ok(["apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10"]);
  expect(apply.stdout).toContain("Apply complete! Resources: 51 added, 0 changed, 0 destroyed.");
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
  const plan = await terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
  expect(plan.stdout).not.toMatch(/Plan: \d+ to add|to change|to destroy/);
  expect(plan.stdout).toMatch(/Changes to Outputs:/);
});

test("destroy removes every server and the key pair; their console URLs stop working", async () => {
  const urls = JSON.parse((await ok(["output", "-json", "console_urls"])).stdout) as Record<string, string>;
  const destroy = await ok(["destroy", "-auto-approve", "-input=false", "-no-color"]);
  applied = false;
  expect(destroy.stdout).toContain("Destroy complete! Resources: 51 destroyed.");
  expect(emu.listServers()).toEqual([]);
  for (const url of Object.values(urls)) expect(emu.isIssuedConsoleUrl(url)).toBe(false);
});
