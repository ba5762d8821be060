/** Entry of the os-console bundle (dist/cli/os-console.js, launched by bin/os-console.js). */
import { runCli } from "./program";
import { processTerminal } from "./terminal";

// A reader that stops early (`os-console ... | head -1`) closes the pipe: end quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    process.exitCode = 1;
  });
}

runCli(process.argv.slice(2), processTerminal()).then(
  (code) => {
    // exitCode rather than exit(): a piped stdout is flushed before the process ends.
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
