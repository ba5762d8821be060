/**
 * The example fleet (fleet.yaml) deployed to the emulator with `cdktf deploy`, and destroyed again,
 * with the real Terraform CLI and with OpenTofu, terraform-provider-openstack v3.4.0 and the console
 * provider that synth laid into the stack: every server, the key pair, the image lookup and the
 * network reference go through Nova, Glance and Neutron as on a cloud, the `osconsole_urls`
 * resources (the default mode) mint once at create, a later plan asks the cloud for no console and
 * no token of ours, and destroy leaves nothing behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { ROOT } from "../../__tests__/helpers/bundles";
import type { RunResult } from "../../__tests__/helpers/run";
import { loadToolsManifest, withTofu, type ToolsManifest } from "../../__tests__/helpers/terraform";
import { CONSOLE_PROVIDER_SOURCE } from "../../lib/hook-contract";
import { stackProject, type StackProject } from "./support/project";

jest.setTimeout(600_000);

// The first deploy of a stack has no lock file, and cdktf then runs `terraform providers lock`, which
// asks each provider's registry: the mirror's providers and the stack's own console provider have none.
const FIRST_INIT = ["--skip-provider-lock"];
const SERVERS = [...Array.from({ length: 40 }, (_, i) => `web-${i + 1}`), ...Array.from({ length: 10 }, (_, i) => `db-${i + 1}`)].sort();

/**
 * Once `init` has written the lock file, cdktf skips the lock step when the file lists every required
 * provider. Terraform's does. OpenTofu records the registry's providers under registry.opentofu.org,
 * which cdktf 0.21 does not match against `terraform-provider-openstack/openstack`, so with OpenTofu
 * every cdktf deploy, diff and destroy needs --skip-provider-lock.
 */
const clis: Array<[string, () => ToolsManifest, { lockMatched: boolean }]> = [
  ["Terraform", () => loadToolsManifest(), { lockMatched: true }],
  ["OpenTofu", () => withTofu(loadToolsManifest()), { lockMatched: false }],
];

describe.each(clis)("%s", (name, toolsOf, { lockMatched }) => {
  let emu: Emulator;
  let project: StackProject;
  let applied = false;

  async function ok(args: string[]): Promise<RunResult> {
    const r = await project.terraform(args);
    if (r.code !== 0) throw new Error(`${args[0]} exited ${r.code}:\n${r.stderr.slice(-2000)}${r.stdout.slice(-2000)}`);
    return r;
  }

  beforeAll(async () => {
    emu = await startEmulator({ taskStateMs: 200 });
    project = stackProject({ tools: toolsOf(), fleetFile: fs.readFileSync(path.join(ROOT, "fleet.yaml"), "utf8"), stack: "example", osEnv: emu.env("demo") });
  });

  afterAll(async () => {
    // Whatever happened above, leave no servers behind.
    if (applied && project) await project.cdktf(["destroy", "example", "--auto-approve", ...FIRST_INIT]).catch(() => undefined);
    await emu?.close();
    project?.remove();
  });

  test("cdktf deploy: 50 servers, the key pair, one osconsole_urls per fleet minting every server's URL once", async () => {
    applied = true;
    const apply = await project.cdktf(["deploy", "example", "--auto-approve", ...FIRST_INIT]);
    if (apply.code !== 0) throw new Error(`cdktf deploy exited ${apply.code}:\n${apply.stdout.slice(-3000)}${apply.stderr.slice(-2000)}`);
    expect(apply.stdout).toMatch(/Apply complete! Resources: 53 added, 0 changed, 0 destroyed\./);
    // Sensitive outputs stay out of the apply's own output.
    expect(apply.stdout).not.toMatch(/token%3D|token=/);

    const servers = emu.listServers();
    expect(servers.map((s) => s.name).sort()).toEqual(SERVERS);
    expect(servers.every((s) => s.status === "ACTIVE")).toBe(true);

    const urls = JSON.parse((await ok(["output", "-json", "console_urls"])).stdout) as Record<string, string>;
    expect(Object.keys(urls).sort()).toEqual(SERVERS);
    for (const url of Object.values(urls)) expect(emu.isIssuedConsoleUrl(url)).toBe(true);
    const counters = emu.counters();
    expect(counters.consoleCreations).toBe(50);
    expect(counters.byRoute["compute.keypairs"]).toBeGreaterThanOrEqual(1);

    // Installed from the stack's own terraform.d/plugins, and locked there.
    const lock = fs.readFileSync(path.join(project.stackDir, ".terraform.lock.hcl"), "utf8");
    expect(lock).toContain(`provider "${CONSOLE_PROVIDER_SOURCE}"`);
  });

  test("plan -detailed-exitcode exits 0 and mints nothing: no console request, no token of the console provider's", async () => {
    const before = emu.counters();
    // terraform-provider-openstack authenticates when it is configured: a plan of its key pair alone
    // (which configures no console provider) counts its share, and the whole plan asks for no more.
    const plan = await project.terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
    expect({ code: plan.code, out: plan.code === 0 ? "" : plan.stdout.slice(-2000) + plan.stderr.slice(-1000) }).toEqual({ code: 0, out: "" });
    const after = emu.counters();
    expect(after.consoleRequests - before.consoleRequests).toBe(0);
    expect(after.consoleCreations - before.consoleCreations).toBe(0);
    const planTokens = after.tokenRequests - before.tokenRequests;
    const tf = JSON.parse(fs.readFileSync(path.join(project.stackDir, "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, unknown>> };
    const keyPair = `openstack_compute_keypair_v2.${Object.keys(tf.resource.openstack_compute_keypair_v2)[0]}`;
    const openstackOnly = await project.terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color", `-target=${keyPair}`]);
    expect(openstackOnly.code).toBe(0);
    expect(planTokens).toBe(emu.counters().tokenRequests - after.tokenRequests);
  });

  test(`${lockMatched ? "once init wrote the lock file, cdktf needs no flag" : "cdktf still needs --skip-provider-lock"}: destroy removes every server; their URLs stop working`, async () => {
    const urls = JSON.parse((await ok(["output", "-json", "console_urls"])).stdout) as Record<string, string>;
    if (!lockMatched) {
      const refused = await project.cdktf(["destroy", "example", "--auto-approve"]);
      expect({ code: refused.code, locking: /Could not retrieve providers for locking/.test(refused.stdout + refused.stderr) }).toEqual({ code: 1, locking: true });
      expect(emu.listServers()).toHaveLength(50);
    }
    const destroy = await project.cdktf(["destroy", "example", "--auto-approve", ...(lockMatched ? [] : FIRST_INIT)]);
    if (destroy.code !== 0) throw new Error(`${name}: cdktf destroy exited ${destroy.code}:\n${destroy.stdout.slice(-3000)}${destroy.stderr.slice(-2000)}`);
    applied = false;
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 53 destroyed\./);
    expect(emu.listServers()).toEqual([]);
    for (const url of Object.values(urls)) expect(emu.isIssuedConsoleUrl(url)).toBe(false);
  });
});
