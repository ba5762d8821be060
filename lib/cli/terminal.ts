/**
 * What the CLI knows about where it writes: whether each stream is a
 * terminal, whether colour is wanted, whether a progress bar may be drawn.
 * Commands receive a Terminal instead of touching process.* so the decisions
 * are unit-testable and made once.
 */
import { createColors } from "picocolors";

export type Colors = ReturnType<typeof createColors>;

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface Terminal {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Colours for text written to stdout (plain functions when colour is off). */
  readonly colors: Colors;
  /** Colours for text written to stderr. */
  readonly errorColors: Colors;
  /** True when a progress bar may be drawn on stderr. */
  readonly progress: boolean;
}

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
export function colourWanted(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/** CI systems set CI (GitHub, GitLab, Jenkins via plugins, ...); "false" or "0" mean not CI. */
export function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

/** A progress bar only on an interactive stderr: never into a pipe, a file or a CI log. */
export function progressWanted(stderr: OutputStream, env: NodeJS.ProcessEnv): boolean {
  return stderr.isTTY === true && !inCi(env) && env.TERM !== "dumb";
}

export function makeTerminal(
  stdout: OutputStream,
  stderr: OutputStream,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Terminal {
  return {
    stdout,
    stderr,
    env,
    cwd,
    colors: createColors(colourWanted(stdout, env)),
    errorColors: createColors(colourWanted(stderr, env)),
    progress: progressWanted(stderr, env),
  };
}

export function processTerminal(): Terminal {
  return makeTerminal(process.stdout, process.stderr, process.env, process.cwd());
}
