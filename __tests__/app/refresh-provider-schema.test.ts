import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const SCRIPT = path.resolve(__dirname, "../../scripts/refresh-provider-schema.js");
const ADDRESS = "registry.terraform.io/terraform-provider-openstack/openstack";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "refresh-test-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A stand-in `terraform` on PATH: records its calls, answers init, prints `schemaJson` for `providers schema -json`. */
function fakeTerraform(schemaJson: string, initExit = 0): { bin: string; log: string } {
  const bin = fs.mkdtempSync(path.join(scratch, "fake-terraform-"));
  const log = path.join(bin, "calls.log");
  fs.writeFileSync(path.join(bin, "schema.json"), schemaJson);
  fs.writeFileSync(
    path.join(bin, "terraform"),
    `#!/bin/sh\necho "$*" >> "${log}"\ncat main.tf >> "${log}"\n` +
      `if [ "$1" = init ]; then [ ${initExit} -eq 0 ] || echo "Error: Failed to query available provider packages" >&2; exit ${initExit}; fi\n` +
      `if [ "$1" = providers ]; then cat "${bin}/schema.json"; exit 0; fi\nexit 3\n`,
    { mode: 0o755 },
  );
  return { bin, log };
}

function providersDir(): string {
  const dir = fs.mkdtempSync(path.join(scratch, "providers-"));
  fs.writeFileSync(path.join(dir, "schema.json"), "OLD SCHEMA");
  fs.writeFileSync(path.join(dir, "provider.json"), "OLD PROVIDER");
  return dir;
}

function refresh(args: string[], pathDirs: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8", env: { ...process.env, PATH: pathDirs.join(":") } });
}

const schema = JSON.stringify({
  format_version: "1.0",
  provider_schemas: { [ADDRESS]: { provider: { version: 0, block: {} }, resource_schemas: { openstack_a: { block: {} } }, data_source_schemas: {} } },
});

describe("npm run providers:refresh", () => {
  it("pins the version, writes the schema as terraform printed it and provider.json with the constraint", () => {
    const { bin, log } = fakeTerraform(schema);
    const dir = providersDir();
    const out = refresh(["--version", "3.5.0", "--providers-dir", dir, "--no-generate"], [bin, "/usr/bin", "/bin"]);
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/pinned terraform-provider-openstack\/openstack ~> 3.5 from v3.5.0 \(1 resources, 0 data sources\)/);
    expect(fs.readFileSync(path.join(dir, "schema.json"), "utf8")).toBe(`${schema}\n`);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "provider.json"), "utf8"))).toEqual({
      source: "terraform-provider-openstack/openstack",
      version: "3.5.0",
      constraint: "~> 3.5",
    });
    const calls = fs.readFileSync(log, "utf8");
    expect(calls).toMatch(/^init -input=false -no-color -backend=false$/m);
    expect(calls).toMatch(/^providers schema -json$/m);
    expect(calls).toContain('version = "= 3.5.0"');
  });

  it.each<[string, () => string[], RegExp]>([
    ["terraform missing from PATH", () => [fs.mkdtempSync(path.join(scratch, "empty-"))], /terraform is not on PATH; install Terraform/],
    ["init failing (no network)", () => [fakeTerraform(schema, 1).bin, "/usr/bin", "/bin"], /terraform init failed: Error: Failed to query available provider packages/],
    ["a schema without the provider", () => [fakeTerraform(JSON.stringify({ format_version: "1.0", provider_schemas: {} })).bin, "/usr/bin", "/bin"], /has no registry.terraform.io\/terraform-provider-openstack\/openstack provider/],
    ["output that is not JSON", () => [fakeTerraform("not json").bin, "/usr/bin", "/bin"], /did not print JSON/],
  ])("fails with one line and leaves the files when %s", (_what, pathDirs, message) => {
    const dir = providersDir();
    const out = refresh(["--version", "3.5.0", "--providers-dir", dir, "--no-generate"], pathDirs());
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split("\n")).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, "schema.json"), "utf8")).toBe("OLD SCHEMA");
    expect(fs.readFileSync(path.join(dir, "provider.json"), "utf8")).toBe("OLD PROVIDER");
    expect(fs.readdirSync(dir).sort()).toEqual(["provider.json", "schema.json"]);
  });

  it("refuses a version that is not X.Y.Z", () => {
    const out = refresh(["--version", "3.5"], ["/usr/bin", "/bin"]);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/--version "3.5" is not an exact version X.Y.Z/);
  });
});
