/**
 * The floor in its own process, started as the hook is: `node <bundle>`, the
 * job on stdin. The bundle is built here with the esbuild options of
 * scripts/build.js, so both sides pay the same Node start-up and the same
 * bundled undici, and the ratio shows what the client itself adds.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { expectSuccess, runChild } from "../child";
import type { FloorJob } from "./loop";

export interface FloorRun {
  /** Spawn to exit, as for the hook. */
  wallMs: number;
  /** The loop alone, timed inside the process. */
  loopMs: number;
}

/** Bundles floor/main.ts into a temporary directory; returns the bundle and a cleanup. */
export function buildFloorBundle(): { bundle: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-floor-"));
  const bundle = path.join(dir, "floor.js");
  buildSync({
    entryPoints: [path.join(__dirname, "main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    logLevel: "error",
  });
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
