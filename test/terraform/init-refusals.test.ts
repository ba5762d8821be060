/**
 * What a machine without the registry hits first: a stack whose constraint
 * the mirror cannot meet (here the prebuilt @cdktf/provider-external's own
 * exact pin, 2.3.5, which the Go module proxy does not serve), and an init
 * that fails for another reason. Each ends in one line saying which and what
 * to do, never a hang.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadToolsManifest, terraformInit } from "../../__tests__/helpers/terraform";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-init-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const stack = (requiredProviders: Record<string, unknown>, extra: Record<string, unknown> = {}): void =>
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify({ terraform: { required_providers: requiredProviders }, ...extra }));

async function refusal(backend?: boolean): Promise<string> {
  try {
    await terraformInit(loadToolsManifest(), { cwd: dir, backend, killAfterMs: 60_000 });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("init succeeded");
}

test("a pin the mirror does not hold: names the provider, the constraint, what the mirror holds and the fix", async () => {
  stack({ external: { source: "hashicorp/external", version: "2.3.5" } });
  const message = await refusal(false);
  expect(message.split("\n")).toHaveLength(1);
  expect(message).toMatch(/init failed in .*: .*hashicorp\/external: no available releases match the given constraints 2\.3\.5/);
  expect(message).toMatch(/the mirror at .*\.tools\/mirror holds terraform-provider-openstack\/openstack 3\.4\.0, hashicorp\/external 1\.2\.0: change the stack's constraint or rerun npm run terraform:tools\)$/);
});

test("a provider the mirror has never heard of, and a broken backend block: one line each", async () => {
  stack({ aws: { source: "hashicorp/aws", version: "~> 5.0" } });
  expect(await refusal(false)).toMatch(/^(terraform|tofu) init failed in .*hashicorp\/aws.*\(/);
  stack({}, { terraform: { backend: { pg: { conn_str: "postgres://nobody@127.0.0.1:9/none?sslmode=disable&connect_timeout=2" } } } });
  const message = await refusal(true);
  expect(message.split("\n")).toHaveLength(1);
  expect(message).toMatch(/^(terraform|tofu) init failed in .*: .*(connect|refused|backend)/i);
});
