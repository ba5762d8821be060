/**
 * The shipped artifacts the suite runs as subprocesses: the hook bundle and
 * the CLI launcher. `npm test` builds them first; a standalone jest run
 * rebuilds them when a source is newer (under a lock, since jest workers
 * start in parallel), so the suite never tests a stale bundle.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../../..");
export const HOOK_BUNDLE = path.join(ROOT, "dist/hook/console-hook.js");
export const CLI_BUNDLE = path.join(ROOT, "dist/cli/os-console.js");
export const CLI_BIN = path.join(ROOT, "bin/os-console.js");

const SOURCES = ["lib/hook", "lib/cli", "lib/openstack", "lib/console-matrix", "package.json"].map((p) => path.join(ROOT, p));
const LOCK = path.join(os.tmpdir(), "os-console-reliability-build.lock");
const LOCK_WAIT_MS = 90_000;

function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function stale(): boolean {
  const sources = Math.max(...SOURCES.filter((p) => fs.existsSync(p)).map(newestMtime));
  return [HOOK_BUNDLE, CLI_BUNDLE].some((b) => !fs.existsSync(b) || fs.statSync(b).mtimeMs < sources);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Rebuilds dist/ when it is older than the sources; a failed build leaves the failure to the tests that need the bundle. */
export function ensureBundles(): void {
  if (!stale()) return;
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      // Another worker builds: wait for it, then look again. A lock older than the wait is abandoned.
      if (Date.now() - fs.statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > LOCK_WAIT_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > until) return;
      sleepSync(200);
      if (!stale()) return;
    }
  }
  try {
    if (stale()) execFileSync(process.execPath, [path.join(ROOT, "scripts/build.js")], { cwd: ROOT, stdio: "pipe" });
  } catch {
    // e.g. one entry does not compile yet: the other bundle is still written.
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}
