/**
 * Timed child processes. Every child is bounded by a timeout so a hung hook
 * cannot hang the bench; the wall time runs from spawn to exit, as a caller
 * such as Terraform sees it.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

export interface ChildOptions {
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

export function runChild(command: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        wallMs: performance.now() - started,
      });
    });
    // A child that exits before reading its stdin is not an error here.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.stdin ?? "");
  });
}

/** Fails with the child's own first stderr line (never its stdout, which may hold console URLs). */
export function expectSuccess(what: string, result: ChildResult): ChildResult {
  if (result.code !== 0) {
    const reason = result.signal ? `killed by ${result.signal}` : `exit ${result.code}`;
    const first = result.stderr.split("\n").find((l) => l.trim() !== "") ?? "(no stderr)";
    throw new Error(`${what} failed (${reason}): ${first}`);
  }
  return result;
}

/** With `-json`, Terraform's errors are diagnostics on stdout: fails with the first error's summary and detail. */
export function expectTerraformSuccess(what: string, result: ChildResult): ChildResult {
  if (result.code === 0) return result;
  for (const line of result.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as { "@level"?: string; diagnostic?: { summary?: string; detail?: string } };
    if (event["@level"] === "error" && event.diagnostic) throw new Error(`bench: ${what} failed: ${event.diagnostic.summary ?? ""}: ${(event.diagnostic.detail ?? "").slice(0, 300)}`);
  }
  return expectSuccess(what, result);
}
