/**
 * The apply simulation of the example stack (fleet.yaml: web-1..40, db-1..10)
 * against the real services: synthesize it as `cdktf synth` does, stand the
 * real servers' ids in for the instances Terraform would create, run each
 * data.external program from the stack folder with its query on stdin, and
 * resolve every console_url* output to a URL the real Nova issued for that
 * server. The harness runs five servers, not fifty: the instances take the ids
 * of the three that can have a console (ACTIVE, SHUTOFF, PAUSED) in turn, and
 * each still gets its own console token.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { App } from "cdktf";
import { FleetStack, loadFleetFile } from "../../lib/stacks";
import { evaluateOutput, evaluateQueryValue } from "../../__tests__/apply-simulation/terraform-expressions";
import { expectSchemaValid, type TfJson } from "../../__tests__/helpers/checked-synth";
import { startCountingProxy, type CountingProxy } from "./support/counting-proxy";
import { issuedConsoleTokens } from "./support/nova-console-tokens";
import { envWithoutOpenStack, knownSecrets, passwordEnv, realOpenStack } from "./support/real-env";
import { runProcess, type ProcessResult } from "./support/run-process";

const ROOT = resolve(__dirname, "..", "..");
const real = realOpenStack();
const outdir = mkdtempSync(join(tmpdir(), "apply-sim-real-"));
const instanceIds = new Map<string, string>();
const results = new Map<string, Record<string, string>>();
const runs: Array<{ id: string; servers: Record<string, string>; run: ProcessResult; tokenRequests: number }> = [];
let tf: TfJson;
let keystone: CountingProxy;

beforeAll(async () => {
  const app = new App({ outdir });
  const stack = new FleetStack(app, { definition: loadFleetFile(join(ROOT, "fleet.yaml")), source: "fleet.yaml" });
  app.synth();
  const stackDir = join(outdir, "stacks", stack.node.id);
  tf = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as TfJson;
  expectSchemaValid(tf);

  // terraform apply creates the servers first; their ids replace the references in the queries
  const consoleCapable = [real.servers.active, real.servers.shutoff, real.servers.paused];
  Object.keys(tf.resource!.openstack_compute_instance_v2).forEach((logicalId, i) => instanceIds.set(logicalId, consoleCapable[i % 3]));

  keystone = await startCountingProxy(new URL(real.authUrl).origin);
  const env = { ...envWithoutOpenStack(), ...passwordEnv("admin"), OS_AUTH_URL: `${keystone.origin}/v3` };
  for (const [id, block] of Object.entries(tf.data!.external as unknown as Record<string, { program: string[]; query: Record<string, string> }>)) {
    const query = Object.fromEntries(Object.entries(block.query).map(([k, v]) => [k, evaluateQueryValue(v, instanceIds)]));
    const before = keystone.count("POST", "/v3/auth/tokens");
    const run = await runProcess(block.program[0], block.program.slice(1), { env, cwd: stackDir, input: JSON.stringify(query), timeoutMs: 120_000 });
    runs.push({ id, servers: JSON.parse(query.servers) as Record<string, string>, run, tokenRequests: keystone.count("POST", "/v3/auth/tokens") - before });
    if (run.code === 0) results.set(id, JSON.parse(run.stdout) as Record<string, string>);
  }
});

afterAll(async () => {
  await keystone?.close();
  rmSync(outdir, { recursive: true, force: true });
});

test("every data.external program succeeds with one token request and a URL per server", () => {
  expect(runs.map((r) => Object.keys(r.servers).length).sort((a, b) => a - b)).toEqual([10, 40]);
  for (const { run, servers, tokenRequests } of runs) {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(Object.keys(JSON.parse(run.stdout) as object).sort()).toEqual(Object.keys(servers).sort());
    expect(tokenRequests).toBe(1);
    for (const secret of knownSecrets()) expect(run.stdout + run.stderr).not.toContain(secret);
  }
});

test("every console_url* output resolves to a URL the real Nova issued for that server", () => {
  const outputs = Object.entries(tf.output!).filter(([name]) => name.startsWith("console_url"));
  expect(outputs).toHaveLength(51);
  for (const [, output] of outputs) expect(output.sensitive).toBe(true);

  const all = evaluateOutput(tf.output!.console_urls.value, results) as Record<string, string>;
  const names = Object.values(tf.resource!.openstack_compute_instance_v2).map((r) => r.name as string);
  expect(Object.keys(all).sort()).toEqual([...names].sort());
  const idByName = new Map(Object.entries(tf.resource!.openstack_compute_instance_v2).map(([logicalId, r]) => [r.name as string, instanceIds.get(logicalId)!]));
  const issued = issuedConsoleTokens(Object.values(all));
  Object.keys(all).forEach((name, i) => expect(issued[i]).toMatchObject({ instanceUuid: idByName.get(name), consoleType: "novnc" }));
  expect(new Set(Object.values(all)).size).toBe(50);

  for (const [name, output] of outputs) {
    if (name !== "console_urls") expect(Object.values(all)).toContain(evaluateOutput(output.value, results));
  }
});
