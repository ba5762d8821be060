/** What every refusal must look like: one line, naming the field, no stack trace, non-zero exit. */
import type { RunResult } from "./run";

const STACK_FRAME = /^\s+at /m;

/** Non-blank lines of a stream. */
export function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

export function expectOneLineRefusal(result: RunResult, field: string | RegExp, exitCode?: number): string {
  const context = `exit ${String(result.code)}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
  const err = lines(result.stderr);
  if (exitCode === undefined) {
    if (result.code === 0 || result.code === null) throw new Error(`expected a non-zero exit\n${context}`);
  } else if (result.code !== exitCode) {
    throw new Error(`expected exit ${exitCode}\n${context}`);
  }
  if (err.length !== 1) throw new Error(`expected exactly one line on stderr, got ${err.length}\n${context}`);
  if (STACK_FRAME.test(result.stderr)) throw new Error(`stack trace on stderr\n${context}`);
  if (result.stdout.trim() !== "") throw new Error(`expected nothing on stdout\n${context}`);
  const named = typeof field === "string" ? err[0].includes(field) : field.test(err[0]);
  if (!named) throw new Error(`the error does not name ${String(field)}\n${context}`);
  return err[0];
}
