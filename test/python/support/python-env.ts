/**
 * What a Python cdktf user has: the package's wheel (built by jsii-pacmak from
 * the jsii assembly, again only when the assembly changed) installed into a
 * venv beside cdktf and constructs from PyPI. The venv is cached under
 * node_modules/.cache and made again when its requirements change, so a rerun
 * pays only the wheel's reinstall.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../../__tests__/helpers/bundles";
import { RunResult, runProgram } from "../../../__tests__/helpers/run";

/** From PyPI, pinned: cdktf's Python package of the version the package is built against, and the type checker. */
export const PYTHON_REQUIREMENTS = ["cdktf==0.21.0", "constructs==10.4.2", "mypy==2.4.1"];

const VENV = path.join(ROOT, "node_modules", ".cache", "python-app", "venv");
const STAMP = path.join(VENV, "requirements.stamp");
const WHEEL_DIR = path.join(ROOT, "dist-jsii", "python");

export const PYTHON = path.join(VENV, "bin", "python");

/** Seconds each step took, for the suite's report. */
export const timings: Record<string, number> = {};

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  try {
    return await work();
  } finally {
    timings[step] = Math.round(Number(process.hrtime.bigint() - start) / 1e8) / 10;
  }
}

export function expectOk(run: RunResult, what: string): RunResult {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}:\n${run.stderr.slice(-3000)}\n${run.stdout.slice(-2000)}`);
  return run;
}

/** PATH with the venv first (jsii's Python runtime starts `node`, so node's folder too). */
export function pythonPath(): string {
  return [path.join(VENV, "bin"), path.dirname(process.execPath), process.env.PATH ?? "/usr/bin:/bin"].join(path.delimiter);
}

function wheelFile(): string | undefined {
  if (!fs.existsSync(WHEEL_DIR)) return undefined;
  const wheel = fs.readdirSync(WHEEL_DIR).find((f) => f.endsWith(".whl"));
  return wheel && path.join(WHEEL_DIR, wheel);
}

/** The jsii assembly (npm run build:lib) and, when the wheel was made from another, the wheel (npm run package:python). */
export async function buildWheel(): Promise<string> {
  const env = { PATH: pythonPath(), HOME: process.env.HOME ?? ROOT, npm_config_update_notifier: "false" };
  await timed("jsii compile", async () =>
    expectOk(await runProgram("npm", ["run", "build:lib", "--silent"], { cwd: ROOT, env, killAfterMs: 600_000 }), "npm run build:lib"),
  );
  const existing = wheelFile();
  const stale = (await runProgram(process.execPath, [path.join(ROOT, "scripts", "wheel-stamp.js"), "--check"], { cwd: ROOT, env })).code !== 0;
  if (existing && !stale) return existing;
  await timed("jsii-pacmak python", async () =>
    expectOk(await runProgram("npm", ["run", "package:python", "--silent"], { cwd: ROOT, env, killAfterMs: 900_000 }), "npm run package:python"),
  );
  const built = wheelFile();
  if (!built) throw new Error(`jsii-pacmak made no wheel in ${WHEEL_DIR}`);
  return built;
}

/** The venv with the requirements from PyPI (made once), and the wheel (re)installed. */
export async function pythonVenv(wheel: string): Promise<void> {
  const env = { PATH: pythonPath(), HOME: process.env.HOME ?? ROOT, PIP_DISABLE_PIP_VERSION_CHECK: "1" };
  const wanted = PYTHON_REQUIREMENTS.join("\n");
  if (!fs.existsSync(STAMP) || fs.readFileSync(STAMP, "utf8") !== wanted) {
    await timed("venv from PyPI", async () => {
      fs.rmSync(VENV, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(VENV), { recursive: true });
      expectOk(await runProgram("python3", ["-m", "venv", VENV], { env, killAfterMs: 300_000 }), "python3 -m venv");
      // The wheel's own requirements (jsii, cdktf-cdktf-provider-external) come from PyPI with it.
      expectOk(await runProgram(PYTHON, ["-m", "pip", "install", "-q", ...PYTHON_REQUIREMENTS, wheel], { env, killAfterMs: 600_000 }), "pip install");
      fs.writeFileSync(STAMP, wanted);
    });
  }
  await timed("wheel install", async () =>
    expectOk(await runProgram(PYTHON, ["-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", wheel], { env, killAfterMs: 300_000 }), "pip install wheel"),
  );
}
