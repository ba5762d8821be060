/**
 * `npm run demo` as a user runs it: a real process whose output is read as it
 * comes, interrupted with Ctrl-C (SIGINT) once it says it is serving, and
 * killed by a timer if it hangs.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./bundles";

export interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout up to the moment Ctrl-C was sent. */
  beforeInterrupt: string;
}

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** Runs the demo; sends SIGINT when stdout contains `interruptWhen` (never, when undefined), and again when it contains `interruptAgainWhen`. */
export function runDemo(
  args: string[],
  env: NodeJS.ProcessEnv,
  interruptWhen?: string,
  killAfterMs = 240_000,
  onInterrupt?: () => void,
  interruptAgainWhen?: string,
): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    // tsx's own process forwards signals to the script's.
    const child = spawn(process.execPath, [TSX, "scripts/demo.ts", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let beforeInterrupt = "";
    let again = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
      if (interruptWhen && !beforeInterrupt && stdout.includes(interruptWhen)) {
        beforeInterrupt = stdout;
        onInterrupt?.();
        child.kill("SIGINT");
      }
      if (interruptAgainWhen && beforeInterrupt && !again && stdout.slice(beforeInterrupt.length).includes(interruptAgainWhen)) {
        again = true;
        child.kill("SIGINT");
      }
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("error", (err) => {
      clearTimeout(killer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, beforeInterrupt });
    });
  });
}

/** The console URLs of the demo's table, by server name. */
export function tableUrls(text: string): Record<string, string> {
  const rows = [...text.matchAll(/│ (\S+)\s+│ (\S+)\s+│/g)].filter((m) => m[1] !== "server");
  return Object.fromEntries(rows.map((m) => [m[1], m[2]]));
}
