/**
 * Real subprocesses, as Terraform and a shell run them: async spawn (the
 * emulator answers from this process's event loop), stdin fed and closed,
 * every run bounded by a kill timer.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLI_BIN, HOOK_BUNDLE } from "./bundles";

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** Peak resident set of the process in MiB, when asked for. */
  readonly peakRssMiB?: number;
}

export interface RunOptions {
  readonly env: Record<string, string>;
  readonly cwd?: string;
  readonly input?: string;
  readonly killAfterMs?: number;
  /** Record the process's peak RSS (via a preloaded exit hook). */
  readonly measureRss?: boolean;
}

const RSS_PRELOAD = path.join(__dirname, "report-rss.js");

export function runNode(script: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const rssFile = options.measureRss ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rss-")), "rss") : undefined;
  const nodeArgs = rssFile ? ["--require", RSS_PRELOAD, script, ...args] : [script, ...args];
  const env = rssFile ? { ...options.env, RELIABILITY_RSS_FILE: rssFile } : options.env;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      let peakRssMiB: number | undefined;
      if (rssFile && fs.existsSync(rssFile)) peakRssMiB = Number(fs.readFileSync(rssFile, "utf8")) / 1024;
      if (rssFile) fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
      resolve({ code, stdout, stderr, wallMs: Date.now() - started, peakRssMiB });
    });
    child.stdin.on("error", () => undefined); // a program that exits before reading stdin
    child.stdin.end(options.input ?? "");
  });
}

/** The hook exactly as Terraform's external data source runs it: the query as JSON on stdin. */
export function runHook(query: Record<string, unknown>, options: Omit<RunOptions, "input">): Promise<RunResult> {
  return runNode(HOOK_BUNDLE, [], { ...options, input: JSON.stringify(query) });
}

/** The hook fed raw stdin (for malformed input). */
export function runHookRaw(stdin: string, options: Omit<RunOptions, "input">): Promise<RunResult> {
  return runNode(HOOK_BUNDLE, [], { ...options, input: stdin });
}

/** `os-console ...` through its bin launcher. */
export function runCli(args: readonly string[], options: Omit<RunOptions, "input">): Promise<RunResult> {
  return runNode(CLI_BIN, args, options);
}
