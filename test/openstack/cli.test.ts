/**
 * os-console (bin/os-console.js, which loads the bundle) against the real
 * services: url, from-stack and audit, run as a user would, with OS_* in the
 * environment.
 * Every URL it prints is checked against Nova's database.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../__tests__/helpers/run";
import { expectIssuedFor } from "./support/real-client";
import { envWithoutOpenStack, knownSecrets, passwordEnv, realOpenStack } from "./support/real-env";

const real = realOpenStack();
let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), "os-console-suite-"));
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

async function osConsole(args: string[], user: "admin" | "viewer" = "admin") {
  const env = { ...envWithoutOpenStack(), ...passwordEnv(user), HOME: home, CI: "true" };
  const result = await runCli(args, { env, cwd: home, killAfterMs: 90_000 });
  for (const secret of knownSecrets()) expect(result.stdout + result.stderr).not.toContain(secret);
  return result;
}

interface UrlRow {
  name: string;
  id: string;
  ok: boolean;
  url?: string;
  address?: string;
  error?: { kind: string; status?: number; message: string };
}

interface AuditReport {
  servers: Array<{ name: string; id: string; status: string; checks: Array<{ protocol: string; type: string; outcome: string; status?: number }> }>;
}

describe("os-console url", () => {
  test("resolves names through Nova and prints a real URL for each", async () => {
    const run = await osConsole(["url", "vm1", "vm-shutoff", "-f", "json"]);

    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as UrlRow[];
    expect(rows.map((r) => [r.name, r.id, r.ok])).toEqual([
      ["vm1", real.servers.active, true],
      ["vm-shutoff", real.servers.shutoff, true],
    ]);
    for (const r of rows) expectIssuedFor(r.url!, r.id);
  });

  test("-f value prints the bare URL of a server given by id", async () => {
    const run = await osConsole(["url", "--id", real.servers.paused, "-f", "value"]);

    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expectIssuedFor(lines[0], real.servers.paused);
  });

  test("the never-scheduled server: exit 1, Nova's 409 in the report and on stderr", async () => {
    const run = await osConsole(["url", "vm1", "vm-error", "--timeout", "8", "-f", "json"]);

    expect(run.code).toBe(1);
    const rows = JSON.parse(run.stdout) as UrlRow[];
    expect(rows[0].ok).toBe(true);
    expect(rows[1]).toMatchObject({ name: "vm-error", ok: false, error: { kind: "not-ready", status: 409 } });
    expect(rows[1].error!.message).toContain(`"Instance ${real.servers.unscheduled} is not ready"`);
    expect(run.stderr).toContain(`os-console: server "vm-error" (${real.servers.unscheduled}): still not ready`);
    expect(run.stderr).toContain("os-console: 1 of 2 servers got no console URL");
  });

  test("an unknown name: exit 2 and one line saying what to do", async () => {
    const run = await osConsole(["url", "no-such-server"]);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe('os-console: no server named "no-such-server" in the project. Check the name with `openstack server list`, or give the server id.\n');
  });
});

describe("os-console from-stack", () => {
  test("mints a URL for every server of a Terraform state holding the real servers' ids", async () => {
    const server = (name: string, id: string, indexKey?: number) => ({
      ...(indexKey === undefined ? {} : { index_key: indexKey }),
      schema_version: 0,
      attributes: { id, name },
    });
    const resource = (name: string, instances: unknown[]) => ({
      mode: "managed",
      type: "openstack_compute_instance_v2",
      name,
      provider: 'provider["registry.terraform.io/terraform-provider-openstack/openstack"]',
      instances,
    });
    const state = join(home, "terraform.tfstate");
    writeFileSync(
      state,
      JSON.stringify({
        version: 4,
        terraform_version: "1.9.8",
        serial: 1,
        lineage: "real-openstack-suite",
        outputs: {},
        resources: [
          resource("web", [server("web-1", real.servers.active, 0), server("web-2", real.servers.shutoff, 1)]),
          resource("db", [server("db-1", real.servers.paused)]),
        ],
      }),
    );
    const run = await osConsole(["from-stack", "--state", state, "-f", "json"]);

    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as UrlRow[];
    expect(rows.map((r) => [r.name, r.address, r.ok])).toEqual([
      ["web-1", "openstack_compute_instance_v2.web[0]", true],
      ["web-2", "openstack_compute_instance_v2.web[1]", true],
      ["db-1", "openstack_compute_instance_v2.db", true],
    ]);
    for (const r of rows) expectIssuedFor(r.url!, r.id);
  });
});

describe("os-console audit", () => {
  const outcomes = (report: AuditReport) =>
    Object.fromEntries(report.servers.map((s) => [s.name, s.checks.map((c) => `${c.protocol}/${c.type}: ${c.outcome}${c.status ? ` ${c.status}` : ""}`)]));

  test("tries every server of the project for each type: what is available, and why not", async () => {
    const run = await osConsole(["audit", "--types", "vnc/novnc,spice/spice-html5", "--timeout", "30", "-f", "json"]);

    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/token%3D/);
    expect(outcomes(JSON.parse(run.stdout) as AuditReport)).toEqual({
      vm1: ["vnc/novnc: available", "spice/spice-html5: unsupported 400"],
      "vm-shutoff": ["vnc/novnc: available", "spice/spice-html5: unsupported 400"],
      "vm-paused": ["vnc/novnc: available", "spice/spice-html5: unsupported 400"],
      // real Nova checks the host before the console type: 409 for both
      "vm-error": ["vnc/novnc: not-ready 409", "spice/spice-html5: not-ready 409"],
    });
  });

  test("--all-projects with the admin role includes other projects' servers", async () => {
    const run = await osConsole(["audit", "--all-projects", "--timeout", "30", "-f", "json"]);

    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.servers.map((s) => s.name)).toEqual(expect.arrayContaining(["vm1", "vm-demo"]));
    expect(outcomes(report)["vm-demo"]).toEqual(["vnc/novnc: available"]);
  });

  test("a reader is refused by policy on every server", async () => {
    const run = await osConsole(["audit", "--timeout", "30", "-f", "json"], "viewer");

    expect(run.code).toBe(1);
    const checks = (JSON.parse(run.stdout) as AuditReport).servers.flatMap((s) => s.checks);
    expect(checks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(checks.map((c) => `${c.outcome} ${c.status}`))).toEqual(new Set(["forbidden 403"]));
  });
});
