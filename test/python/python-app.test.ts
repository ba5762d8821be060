/**
 * The library from Python, as a cdktf user there has it: the wheel jsii-pacmak
 * makes, in a venv with cdktf 0.21 and constructs from PyPI. The suite writes
 * a Python cdktf app (a fleet of the library's constructs with its console,
 * and one server from the Python provider bindings with a console of its own),
 * type-checks it with mypy --strict, synthesizes it with `cdktf synth`
 * (cdktf.json: language python), deploys it to the emulator with the real
 * Terraform and terraform-provider-openstack from the tools, reads the console
 * URLs from the outputs and destroys it, whatever failed in between. Bad props
 * from Python fail with one line naming the prop, and leave no stack behind.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { ROOT } from "../../__tests__/helpers/bundles";
import { runProgram, type RunResult } from "../../__tests__/helpers/run";
import { loadToolsManifest, manifestEnv, terraform, type ToolsManifest } from "../../__tests__/helpers/terraform";
import { pythonAppEnv, writePythonApp } from "./support/python-app";
import { PYTHON, buildWheel, expectOk, pythonPath, pythonVenv, timings } from "./support/python-env";

const CDKTF_BIN = path.join(ROOT, "node_modules", ".bin", "cdktf");
const STACK = "py-consoles";
// The first deploy has no lock file; cdktf would ask registries the mirror's providers and the stack's console provider lack.
const SKIP_LOCK = "--skip-provider-lock";

/**
 * Apps that must fail at synth: a prop of the wrong type, a dict where a server belongs, values the library
 * refuses. Each names the prop: the library's refusals and jsii's type check of a Python argument in one last
 * line; a dict where jsii wants an object reference in jsii's own report (its last lines), which names the key.
 */
const BAD_APPS: Array<[string, string, RegExp]> = [
  [
    "a number for a name",
    `OpenStackServer(stack, "s", name=5, image=ServerImage.from_name("cirros"), flavor=ServerFlavor.from_name("m1.tiny"))  # type: ignore[arg-type]`,
    /^TypeError: type of argument name must be str; got int instead$/m,
  ],
  [
    "a dict where a server is expected",
    `RemoteConsole(stack, "c", server={"id": "2adc7bdc-0dbd-49ea-85a9-fe63084c178a", "name": "x"})  # type: ignore[arg-type]`,
    /^RuntimeError: Passed to parameter props of new openstack-console-cdktf\.RemoteConsole: Unable to deserialize value as openstack-console-cdktf\.RemoteConsoleProps\n(.*\n)*.*Key 'server': Unable to deserialize value as openstack-console-cdktf\.IOpenStackServer/m,
  ],
  [
    "a count the library refuses",
    `ServerFleet(stack, "web", specs=[FleetServerSpec(name="web", count=0, image=ServerImage.from_name("cirros"), flavor=ServerFlavor.from_name("m1.tiny"))])`,
    /^RuntimeError: bad\/web: ServerFleet "web": specs\[0\]\.count: 0 is not a whole number of at least 1; give how many servers to create, e\.g\. 3$/m,
  ],
  [
    "a string where a ServerImage is expected",
    `OpenStackServer(stack, "s", name="s", image="cirros", flavor=ServerFlavor.from_name("m1.tiny"))  # type: ignore[arg-type]`,
    /^TypeError: type of argument image must be openstack_console_cdktf\.ServerImage; got str instead$/m,
  ],
  [
    "an image id the library refuses",
    `OpenStackServer(stack, "s", name="s", image=ServerImage.from_id("cirros"), flavor=ServerFlavor.from_name("m1.tiny"))`,
    /^RuntimeError: bad\/s: OpenStackServer "s": image\.id: "cirros" is not a UUID; give the image's UUID, or use ServerImage\.fromName for an image name$/m,
  ],
  [
    "an unknown console mode",
    `RemoteConsole(stack, "c", server=OpenStackServer.from_server_attributes(stack, "s", id="2adc7bdc-0dbd-49ea-85a9-fe63084c178a", name="s"), mode="resources")`,
    /^RuntimeError: bad\/c: RemoteConsole "c": mode: "resources" is not a console mode; use one of resource, ephemeral, data-source$/m,
  ],
];

const badApp = (statement: string): string => `from cdktf import App, TerraformStack
from openstack_console_cdktf import FleetServerSpec, OpenStackServer, RemoteConsole, ServerFlavor, ServerFleet, ServerImage

app = App()
stack = TerraformStack(app, "bad")
${statement}
app.synth()
`;

jest.setTimeout(900_000);

let emu: Emulator;
let tools: ToolsManifest;
let dir: string;
let env: NodeJS.ProcessEnv;
let deployed = false;
const stackDir = () => path.join(dir, "cdktf.out", "stacks", STACK);

const cdktf = (args: readonly string[]): Promise<RunResult> => runProgram(CDKTF_BIN, args, { cwd: dir, env, killAfterMs: 600_000 });
const tf = (args: readonly string[]): Promise<RunResult> => terraform(tools, args, { cwd: stackDir(), env, killAfterMs: 300_000 });

beforeAll(async () => {
  tools = loadToolsManifest();
  const wheel = await buildWheel();
  await pythonVenv(wheel);
  emu = await startEmulator({ taskStateMs: 200 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "py-app-"));
  writePythonApp(dir);
  const cloud = pythonAppEnv({ image: "ubuntu-24.04", flavor: "m1.small", network: "private" });
  env = manifestEnv(tools, { PATH: pythonPath(), HOME: dir, CI: "1", FORCE_COLOR: "0", NO_COLOR: "1", APP_STACK: STACK, ...cloud, ...emu.env("demo") });
});

afterAll(async () => {
  // Whatever failed above, leave no servers behind.
  if (deployed) await cdktf(["destroy", STACK, "--auto-approve", SKIP_LOCK]).catch(() => undefined);
  await emu?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  console.log(`python suite times (s): ${JSON.stringify(timings)}`);
});

test("mypy --strict accepts the app: the wheel's types reach Python", async () => {
  const run = await runProgram(PYTHON, ["-m", "mypy", "--strict", "main.py"], { cwd: dir, env, killAfterMs: 600_000 });
  expect({ code: run.code, out: run.stdout.trim() }).toEqual({ code: 0, out: expect.stringMatching(/^Success: no issues found in 1 source file$/) });
});

test("cdktf synth (language python) writes the stack: servers, the bindings' server, two osconsole_urls, sensitive outputs", async () => {
  const start = Date.now();
  const run = expectOk(await cdktf(["synth"]), "cdktf synth");
  timings["cdktf synth"] = (Date.now() - start) / 1000;
  expect(run.stderr).not.toMatch(/Error|Traceback/);
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir(), "cdk.tf.json"), "utf8"));
  const names = Object.values(stack.resource.openstack_compute_instance_v2 as Record<string, { name: string }>).map((s) => s.name);
  expect(names.sort()).toEqual(["raw", "web-1", "web-2"]);
  expect(Object.keys(stack.resource.osconsole_urls)).toHaveLength(2);
  expect(stack.output.web_console_urls.sensitive).toBe(true);
  expect(stack.output.raw_console_url.sensitive).toBe(true);
  expect(stack.output.console_urls.sensitive).toBe(true);
  // The package's provider is laid into the stack as in TypeScript.
  expect(fs.existsSync(path.join(stackDir(), "terraform.d", "plugins"))).toBe(true);
});

test("the real Terraform deploys it to the emulator; the console URLs come out as outputs; destroy removes it", async () => {
  deployed = true;
  const start = Date.now();
  const apply = await cdktf(["deploy", STACK, "--auto-approve", SKIP_LOCK]);
  timings["cdktf deploy"] = (Date.now() - start) / 1000;
  if (apply.code !== 0) throw new Error(`cdktf deploy exited ${apply.code}:\n${apply.stdout.slice(-3000)}${apply.stderr.slice(-2000)}`);
  expect(apply.stdout).toMatch(/Apply complete! Resources: 5 added, 0 changed, 0 destroyed\./);
  expect(apply.stdout).not.toMatch(/token%3D|token=/);
  expect(emu.listServers().map((s) => s.name).sort()).toEqual(["raw", "web-1", "web-2"]);

  const web = JSON.parse(expectOk(await tf(["output", "-json", "web_console_urls"]), "terraform output").stdout) as Record<string, string>;
  expect(Object.keys(web).sort()).toEqual(["web-1", "web-2"]);
  const raw = JSON.parse(expectOk(await tf(["output", "-json", "raw_console_url"]), "terraform output").stdout) as string;
  for (const url of [...Object.values(web), raw]) expect(emu.isIssuedConsoleUrl(url)).toBe(true);
  // The fleet's console asked for the stack outputs; the bindings' server's console did not.
  const fleetOutputs = JSON.parse(expectOk(await tf(["output", "-json", "console_urls"]), "terraform output").stdout) as Record<string, string>;
  expect(fleetOutputs).toEqual(web);
  const all = [...Object.values(web), raw];

  const destroyStart = Date.now();
  const destroy = await cdktf(["destroy", STACK, "--auto-approve", SKIP_LOCK]);
  timings["cdktf destroy"] = (Date.now() - destroyStart) / 1000;
  if (destroy.code !== 0) throw new Error(`cdktf destroy exited ${destroy.code}:\n${destroy.stdout.slice(-3000)}${destroy.stderr.slice(-2000)}`);
  deployed = false;
  expect(destroy.stdout).toMatch(/Destroy complete! Resources: 5 destroyed\./);
  expect(emu.listServers()).toEqual([]);
  for (const url of all) expect(emu.isIssuedConsoleUrl(url)).toBe(false);
});

describe("bad props from Python fail the app with one line naming the prop, and write no stack", () => {
  test.each(BAD_APPS)("%s", async (_what, statement, message) => {
    const appDir = fs.mkdtempSync(path.join(os.tmpdir(), "py-bad-"));
    try {
      fs.writeFileSync(path.join(appDir, "main.py"), badApp(statement));
      const outdir = path.join(appDir, "cdktf.out");
      const run = await runProgram(PYTHON, ["main.py"], { cwd: appDir, env: { ...env, CDKTF_OUTDIR: outdir }, killAfterMs: 300_000 });
      expect(run.code).not.toBe(0);
      // What Python prints after the traceback: the exception's message.
      const report = run.stderr.slice(run.stderr.search(/^(RuntimeError|TypeError): /m));
      expect(report).toMatch(message);
      if (message.source.endsWith("$")) expect(report.trim().split("\n")).toHaveLength(1);
      // The library's errors carry no JavaScript frames for jsii to print beside Python's traceback.
      expect(run.stderr).not.toMatch(/^\s+at .*openstack-console-cdktf/m);
      expect(fs.existsSync(path.join(outdir, "stacks", "bad", "cdk.tf.json"))).toBe(false);
    } finally {
      fs.rmSync(appDir, { recursive: true, force: true });
    }
  });
});
