/**
 * The floor in its own process, started as the hook is: `node <bundle>`, the
 * job on stdin. The bundle is built here with scripts/build.js's own esbuild
 * options, so both sides pay the same Node start-up and the same bundled
 * undici, and the ratio shows what the client itself adds.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { bundleOptions } from "../../scripts/build";
import { expectSuccess, runChild } from "../child";
import type { FloorJob } from "./loop";

export interface FloorRun {
  /** Spawn to exit, as for the hook. */
  wallMs: number;
  /** The loop alone, timed inside the process. */
  loopMs: number;
}

/** Bundles floor/main.ts into a temporary directory; returns the bundle and a cleanup. */
export async function buildFloorBundle(): Promise<{ bundle: string; dispose: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-floor-"));
  const bundle = path.join(dir, "floor.js");
  await build(bundleOptions(path.join(__dirname, "main.ts"), bundle));
  return { bundle, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function runFloorProcess(bundle: string, job: FloorJob, token: string, env: NodeJS.ProcessEnv): Promise<FloorRun> {
  const result = expectSuccess(
    "the floor",
    await runChild(process.execPath, [bundle], { stdin: JSON.stringify(job), env: { ...env, FLOOR_TOKEN: token } }),
  );
  const { loop_ms } = JSON.parse(result.stdout) as { loop_ms: number };
  return { wallMs: result.wallMs, loopMs: loop_ms };
}
