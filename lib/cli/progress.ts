/** A progress bar on stderr for long runs, or nothing when stderr is not an interactive terminal. */
import { SingleBar } from "cli-progress";
import type { Terminal } from "./terminal";

export interface Progress {
  advance(): void;
  stop(): void;
}

const SILENT: Progress = { advance: () => undefined, stop: () => undefined };

export function startProgress(terminal: Terminal, label: string, total: number): Progress {
  if (!terminal.progress || total === 0) return SILENT;
  const bar = new SingleBar({
    // cli-progress writes to process.stderr by default; name the Terminal's stream so tests can swap it.
    stream: terminal.stderr as NodeJS.WritableStream,
    format: `${label} [{bar}] {value}/{total} {percentage}% | {duration_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
    noTTYOutput: false,
  });
  bar.start(total, 0);
  return {
    advance: () => bar.increment(),
    stop: () => bar.stop(),
  };
}
