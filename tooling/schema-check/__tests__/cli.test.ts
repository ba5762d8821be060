import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const ROOT = path.resolve(__dirname, "../../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "schema-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, doc: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof doc === "string" ? doc : JSON.stringify(doc));
  return file;
}

const required = { required_providers: { openstack: { source: "terraform-provider-openstack/openstack" } } };

describe("schema-check CLI (npx tsx tooling/schema-check/cli.ts <cdk.tf.json...>)", () => {
  it("passes a valid stack, fails a misspelt one with the path, and a file that is not JSON", () => {
    const good = write("good.json", { terraform: required, resource: { openstack_compute_keypair_v2: { k: { name: "k" } } } });
    const bad = write("bad.json", { terraform: required, resource: { openstack_compute_keypair_v2: { k: { name: "k", pubic_key: "x" } } } });
    const broken = write("broken.json", "{");
    const run = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["tooling/schema-check/cli.ts", good, bad, broken], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(`${good}: matches the provider schemas\n`);
    expect(run.stderr).toContain(`${bad}: 1 problem(s)\nresource.openstack_compute_keypair_v2.k.pubic_key: unknown-attribute: no attribute named "pubic_key" here; did you mean "public_key"?`);
    expect(run.stderr).toContain(`${broken}: cannot read it as JSON`);
  });
});
