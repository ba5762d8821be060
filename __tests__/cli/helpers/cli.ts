/**
 * Runs the real os-console as a subprocess (`node bin/os-console.js ...`),
 * asynchronously, so an emulator in the test process keeps answering.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { newestSource } from "../../hook/support";

export const ROOT = join(__dirname, "..", "..", "..");
const BIN = join(ROOT, "bin", "os-console.js");
const BUNDLE = join(ROOT, "dist", "cli", "os-console.js");
const LOCK = join(ROOT, "node_modules", ".cache", "os-console-test-build.lock");

function bundleIsFresh(): boolean {
  try {
    return statSync(BUNDLE).mtimeMs > newestSource(join(ROOT, "lib"));
  } catch {
    return false;
  }
}

/**
 * `node scripts/build.js`, once for all CLI test files: a directory lock
 * keeps two jest workers from rewriting the bundle while the other runs it.
 */
export async function buildCli(): Promise<void> {
  mkdirSync(join(ROOT, "node_modules", ".cache"), { recursive: true });
  const giveUp = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed run is stale after a minute.
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 60_000) rmdirSync(LOCK);
      if (Date.now() > giveUp) throw new Error(`waited a minute for ${LOCK}`);
      await sleep(100);
    }
  }
  try {
    if (!bundleIsFresh()) execFileSync(process.execPath, [join(ROOT, "scripts", "build.js")], { cwd: ROOT, stdio: "pipe" });
  } finally {
    rmdirSync(LOCK);
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface CliRun {
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  readonly stdin?: string;
  readonly timeoutMs?: number;
}

/** Environment of a clean shell: PATH and HOME only (HOME has no clouds.yaml), then the given variables. */
export function runCli(args: readonly string[], run: CliRun = {}): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: run.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: run.cwd ?? "/nonexistent", ...run.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), run.timeoutMs ?? 45_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(run.stdin ?? "");
  });
}

/** The same, on a pseudo-terminal (util-linux `script`), for what only a terminal gets: progress bar, colour. */
export function runCliOnTerminal(args: readonly string[], run: CliRun = {}): Promise<CliResult> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: run.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent", TERM: "xterm-256color", ...run.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), run.timeoutMs ?? 45_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: "", ms: Date.now() - started });
    });
    child.stdin.end();
  });
}

/** An error report the way the CLI must give it: one line, no stack trace. */
export function expectOneLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |node:internal|^\w*Error: /m);
  return lines[0];
}
