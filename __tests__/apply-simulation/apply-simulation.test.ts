/**
 * The apply simulation: what `cdktf deploy` would do with the example stack,
 * with the emulator standing in for the cloud. Synthesize the stack as
 * `cdktf synth` does, create its servers in the emulator, run each
 * data.external program from the stack folder with its query on stdin as
 * Terraform does, then resolve every console_url* output and check the URLs
 * are ones the emulator issued.
 */
import { Emulator, startEmulator } from "../../packages/openstack-emulator/src";
import type { RunResult } from "../helpers/run";
import { readExternal, synthExampleStack } from "./example-stack";
import { evaluateOutput, evaluateQueryValue } from "./terraform-expressions";

const stack = synthExampleStack("apply-sim-");
const tf = stack.tf;
afterAll(() => stack.cleanup());

/** Terraform's environment for the program: ours without any OpenStack settings, plus the emulator's credentials. */
function terraformEnv(emulator: Emulator): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OS_")));
  return { ...base, ...emulator.env() };
}

describe.each(["upstream", "virtuozzo"] as const)("apply simulation against the %s emulator", (profile) => {
  let emulator: Emulator;
  const runs: Array<{ id: string; servers: number; run: RunResult; tokenRequests: number; consoleCreations: number }> = [];
  const results = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    emulator = await startEmulator({ profile });
    // terraform apply creates the servers first: their ids replace the references.
    const instanceIds = new Map<string, string>();
    for (const [logicalId, body] of Object.entries(tf.resource!.openstack_compute_instance_v2)) {
      instanceIds.set(logicalId, emulator.createServer({ name: body.name as string }).id);
    }
    const env = terraformEnv(emulator);
    for (const [id, block] of stack.externals) {
      emulator.resetCounters();
      const { servers, run } = await readExternal(stack, block, instanceIds, env);
      const counters = emulator.counters();
      runs.push({ id, servers: Object.keys(servers).length, run, tokenRequests: counters.tokenRequests, consoleCreations: counters.consoleCreations });
      if (run.code === 0) results.set(id, JSON.parse(run.stdout) as Record<string, string>);
    }
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it("reads every data.external: exit 0, a JSON object of strings, one console per server", () => {
    expect(runs).toHaveLength(2);
    for (const { run, servers, consoleCreations } of runs) {
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
      const result = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(Object.keys(result)).toHaveLength(servers);
      expect(Object.values(result).every((v) => typeof v === "string" && v !== "")).toBe(true);
      expect(consoleCreations).toBe(servers);
    }
  });

  it("costs exactly one token request per hook run", () => {
    expect(runs.map((r) => r.tokenRequests)).toEqual([1, 1]);
  });

  it("resolves every console_url* output to a URL the emulator issued", () => {
    const outputs = Object.entries(tf.output!).filter(([name]) => name.startsWith("console_url"));
    expect(outputs).toHaveLength(51);
    const serverNames = Object.values(tf.resource!.openstack_compute_instance_v2).map((r) => r.name as string);
    for (const [name, output] of outputs) {
      expect(output.sensitive).toBe(true);
      const value = evaluateOutput(output.value, results);
      if (name === "console_urls") {
        expect(typeof value).toBe("object");
        expect(Object.keys(value).sort()).toEqual([...serverNames].sort());
        for (const url of Object.values(value)) expect(emulator.isIssuedConsoleUrl(url)).toBe(true);
      } else {
        expect(typeof value).toBe("string");
        expect(emulator.isIssuedConsoleUrl(value as string)).toBe(true);
      }
    }
    // and each server got its own URL
    const all = evaluateOutput(tf.output!.console_urls.value, results) as Record<string, string>;
    expect(new Set(Object.values(all)).size).toBe(50);
  });

  it("never shows the credentials from the environment", () => {
    const password = emulator.env().OS_PASSWORD;
    for (const { run } of runs) {
      expect(run.stdout).not.toContain(password);
      expect(run.stderr).not.toContain(password);
    }
    expect(JSON.stringify(tf)).not.toContain(password);
  });
});

describe("the expression evaluator the simulation relies on", () => {
  it("refuses what it does not know, so the simulation cannot pass by accident", () => {
    const ids = new Map([["web", "6f3c2b1a-1111-4222-8333-944455556666"]]);
    expect(evaluateQueryValue('${jsonencode({"web-1" = openstack_compute_instance_v2.web.id})}', ids)).toBe('{"web-1":"6f3c2b1a-1111-4222-8333-944455556666"}');
    expect(() => evaluateQueryValue('${jsonencode({"web-1" = openstack_compute_instance_v2.web.name})}', ids)).toThrow(/unexpected jsonencode entry/);
    expect(() => evaluateQueryValue("${var.servers}", ids)).toThrow(/unexpected expression/);
    expect(() => evaluateOutput("${data.external.c.result}", new Map())).toThrow(/was not read/);
    expect(() => evaluateOutput('${data.external.c.result["x"]}', new Map([["c", { y: "u" }]]))).toThrow(/has no key x/);
    expect(() => evaluateOutput("${lookup(data.external.c.result, \"x\")}", new Map())).toThrow(/unexpected output expression/);
  });
});
