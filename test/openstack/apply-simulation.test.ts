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
import { readExternal, synthExampleStack } from "../../__tests__/apply-simulation/example-stack";
import { evaluateOutput } from "../../__tests__/apply-simulation/terraform-expressions";
import type { RunResult } from "../../__tests__/helpers/run";
import { startCountingProxy, type CountingProxy } from "./support/counting-proxy";
import { issuedConsoleTokens } from "./support/nova-console-tokens";
import { envWithoutOpenStack, knownSecrets, passwordEnv, realOpenStack } from "./support/real-env";

const real = realOpenStack();
const stack = synthExampleStack("apply-sim-real-");
const tf = stack.tf;
const instanceIds = new Map<string, string>();
const results = new Map<string, Record<string, string>>();
const runs: Array<{ id: string; servers: Record<string, string>; run: RunResult; tokenRequests: number }> = [];
let keystone: CountingProxy;

beforeAll(async () => {
  // terraform apply creates the servers first; their ids replace the references in the queries
  const consoleCapable = [real.servers.active, real.servers.shutoff, real.servers.paused];
  Object.keys(tf.resource!.openstack_compute_instance_v2).forEach((logicalId, i) => instanceIds.set(logicalId, consoleCapable[i % 3]));

  keystone = await startCountingProxy(new URL(real.authUrl).origin);
  const env = { ...envWithoutOpenStack(), ...passwordEnv("admin"), OS_AUTH_URL: `${keystone.origin}/v3` };
  for (const [id, block] of stack.externals) {
    const before = keystone.count("POST", "/v3/auth/tokens");
    const { servers, run } = await readExternal(stack, block, instanceIds, env);
    runs.push({ id, servers, run, tokenRequests: keystone.count("POST", "/v3/auth/tokens") - before });
    if (run.code === 0) results.set(id, JSON.parse(run.stdout) as Record<string, string>);
  }
});

afterAll(async () => {
  await keystone?.close();
  stack.cleanup();
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
