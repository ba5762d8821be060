/** What every refusal must look like: one line naming the field, no stack trace, a non-zero exit, nothing on stdout. */
import type { RunResult } from "./run";

/** A stack frame, Node's internals, or an error printed by its class name rather than by the program. */
const STACK_TRACE = /^\s+at |node:internal|^\w*Error: /m;

/** An error report the way the CLI and the hook must give it: one line, no stack trace. Returns the line. */
export function expectOneLine(stderr: string): string {
  const err = stderr.trimEnd().split("\n");
  if (err.length !== 1 || err[0].trim() === "") throw new Error(`expected exactly one line on stderr, got:\n${stderr}`);
  if (STACK_TRACE.test(stderr)) throw new Error(`stack trace on stderr:\n${stderr}`);
  return err[0];
}

/** A refused run: exit `exitCode` (any non-zero one when not given), nothing on stdout, one line on stderr that names `field`. */
export function expectOneLineRefusal(result: RunResult, field: string | RegExp, exitCode?: number): string {
  const context = `exit ${String(result.code)}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
  if (exitCode === undefined) {
    if (result.code === 0 || result.code === null) throw new Error(`expected a non-zero exit\n${context}`);
  } else if (result.code !== exitCode) {
    throw new Error(`expected exit ${exitCode}\n${context}`);
  }
  if (result.stdout.trim() !== "") throw new Error(`expected nothing on stdout\n${context}`);
  const line = expectOneLine(result.stderr);
  const named = typeof field === "string" ? line.includes(field) : field.test(line);
  if (!named) throw new Error(`the error does not name ${String(field)}\n${context}`);
  return line;
}

/** What `fn` throws; fails the test when it returns instead. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw, but it returned");
}
