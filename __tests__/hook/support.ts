import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const HOOK = join(ROOT, "dist", "hook", "console-hook.js");

const SOURCES = ["lib/hook", "lib/openstack", "lib/console-matrix"].map((d) => join(ROOT, d));

/** The newest modification time of any file below `dir` (the CLI's helpers use it too). */
export function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/hook/console-hook.js is the bundle of the current sources,
 * so the tests run the file a stack ships. Jest's global setup normally built
 * it already; rebuilding only when it is missing or stale keeps suites from
 * rewriting it while another runs it.
 */
export function buildHook(): void {
  const built = existsSync(HOOK) ? statSync(HOOK).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map(newestSource))) return;
  execFileSync(process.execPath, [join(ROOT, "scripts", "build.js")], { cwd: ROOT, stdio: "pipe" });
}

export interface HookRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the bundled hook as Terraform does: `node <hook>`, the query as JSON on stdin, this env only. */
export function runHook(query: Record<string, unknown> | string, env: Record<string, string>, cwd: string = ROOT, killAfterMs = 30_000): Promise<HookRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [HOOK], { cwd, env: { PATH: process.env.PATH ?? "", HOME: "/nonexistent", ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(typeof query === "string" ? query : JSON.stringify(query));
  });
}

/** The servers value as Terraform's jsonencode() of the fleet's ids would give it. */
export const serversQuery = (servers: Array<{ name: string; id: string }>): string => JSON.stringify(Object.fromEntries(servers.map((s) => [s.name, s.id])));
