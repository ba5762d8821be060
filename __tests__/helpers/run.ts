/**
 * Real subprocesses, as Terraform, a shell or a terminal run them: async
 * spawn (an emulator in the test process keeps answering), stdin fed and
 * closed, every run bounded by a kill timer.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLI_BIN, HOOK_BUNDLE, ROOT } from "./bundles";

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** Peak resident set of the process in MiB, when asked for. */
  readonly peakRssMiB?: number;
}

export interface RunOptions {
  /** On top of a clean shell's PATH and HOME (HOME is cwd when given, else a folder that does not exist, so no real clouds.yaml is found). */
  readonly env?: Readonly<NodeJS.ProcessEnv>;
  /** Default: the project root. */
  readonly cwd?: string;
  readonly input?: string;
  /** Default: 60 s. */
  readonly killAfterMs?: number;
  /** Record the process's peak RSS (node programs only, via a preloaded exit hook). */
  readonly measureRss?: boolean;
}

const RSS_PRELOAD = path.join(__dirname, "report-rss.js");

export function runProgram(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const rssFile = options.measureRss ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rss-")), "rss") : undefined;
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: options.cwd ?? "/nonexistent", ...options.env, ...(rssFile ? { PEAK_RSS_FILE: rssFile } : {}) };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd: options.cwd ?? ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 60_000);
    child.on("error", (err) => {
      clearTimeout(killer);
      reject(err);
    });
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

/** `node <script> ...args`. */
function runNode(script: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return runProgram(process.execPath, [...(options.measureRss ? ["--require", RSS_PRELOAD] : []), script, ...args], options);
}

/** The hook exactly as Terraform's external data source runs it: the query as JSON on stdin (a string goes as it is, for malformed input). */
export function runHook(query: Record<string, unknown> | string, options: Omit<RunOptions, "input"> = {}): Promise<RunResult> {
  return runNode(HOOK_BUNDLE, [], { ...options, input: typeof query === "string" ? query : JSON.stringify(query) });
}

/** `os-console ...` through its bin launcher. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return runNode(CLI_BIN, args, options);
}

/** The same on a pseudo-terminal (util-linux `script`), for what only a terminal gets: progress bar, colour. Its output is all on stdout. */
export function runCliOnTerminal(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const command = [process.execPath, CLI_BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return runProgram("script", ["-qec", command, "/dev/null"], { ...options, env: { TERM: "xterm-256color", ...options.env } });
}
