/**
 * The Python app of test/python (the wheel in a venv, a fleet with its console
 * and one server from the Python bindings) deployed to real Keystone and Nova
 * with the real Terraform: the console URLs come out as outputs, each a live
 * console of its server, and destroy (and the suite's safety net, whatever
 * failed) leaves no server behind.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../../__tests__/helpers/bundles";
import { runProgram, type RunResult } from "../../__tests__/helpers/run";
import { loadToolsManifest, manifestEnv, terraform, type ToolsManifest } from "../../__tests__/helpers/terraform";
import { passwordEnv } from "../openstack/support/real-env";
import { pythonAppEnv, writePythonApp } from "../python/support/python-app";
import { buildWheel, expectOk, pythonPath, pythonVenv } from "../python/support/python-env";
import { liveConsole, removeServersNamed, serversNamed } from "./support/cloud";

const PREFIX = "tfpy-"; // every server this suite makes is named tfpy-..., and nothing else is
const STACK = "tfpy";
const SKIP_LOCK = "--skip-provider-lock";
const CDKTF_BIN = path.join(ROOT, "node_modules", ".bin", "cdktf");

jest.setTimeout(900_000);

let tools: ToolsManifest;
let dir: string;
let env: NodeJS.ProcessEnv;

const cdktf = (args: readonly string[]): Promise<RunResult> => runProgram(CDKTF_BIN, args, { cwd: dir, env, killAfterMs: 600_000 });
const output = async (name: string): Promise<unknown> =>
  JSON.parse(expectOk(await terraform(tools, ["output", "-json", name], { cwd: path.join(dir, "cdktf.out", "stacks", STACK), env, killAfterMs: 300_000 }), "terraform output").stdout);

beforeAll(async () => {
  tools = loadToolsManifest();
  await removeServersNamed(PREFIX);
  await pythonVenv(await buildWheel());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-python-"));
  writePythonApp(dir);
  // Nova's fake driver plugs no ports: the servers boot with no network interface.
  const cloud = pythonAppEnv({ image: "cirros-fake", flavor: "m1.tiny" });
  env = manifestEnv(tools, { PATH: pythonPath(), HOME: dir, CI: "1", FORCE_COLOR: "0", NO_COLOR: "1", APP_STACK: STACK, APP_PREFIX: PREFIX, ...cloud, ...passwordEnv("admin") });
});

afterAll(async () => {
  try {
    if (dir) await cdktf(["destroy", STACK, "--auto-approve", SKIP_LOCK]).catch(() => undefined);
  } finally {
    await removeServersNamed(PREFIX).catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the Python app deploys to real Nova; each console URL output is a live console of its server; destroy removes the servers", async () => {
  const apply = await cdktf(["deploy", STACK, "--auto-approve", SKIP_LOCK]);
  if (apply.code !== 0) throw new Error(`cdktf deploy exited ${apply.code}:\n${apply.stdout.slice(-3000)}${apply.stderr.slice(-2000)}`);
  const servers = await serversNamed(PREFIX);
  expect(servers.map((s) => `${s.name}:${s.status}`).sort()).toEqual([`${PREFIX}raw:ACTIVE`, `${PREFIX}web-1:ACTIVE`, `${PREFIX}web-2:ACTIVE`]);

  const urls = { ...(await output("web_console_urls")) as Record<string, string>, [`${PREFIX}raw`]: (await output("raw_console_url")) as string };
  for (const [name, url] of Object.entries(urls)) {
    const server = servers.find((s) => s.name === name);
    expect({ name, live: (await liveConsole(url))?.instanceUuid }).toEqual({ name, live: server?.id });
  }

  const destroy = await cdktf(["destroy", STACK, "--auto-approve", SKIP_LOCK]);
  if (destroy.code !== 0) throw new Error(`cdktf destroy exited ${destroy.code}:\n${destroy.stdout.slice(-3000)}${destroy.stderr.slice(-2000)}`);
  expect(await serversNamed(PREFIX)).toEqual([]);
});
