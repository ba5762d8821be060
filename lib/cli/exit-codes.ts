/** The CLI's exit codes (docs/cli.md, "Exit codes"). */
export const EXIT_OK = 0;
/** The command ran, and some console was not available (or the cloud failed mid-run). */
export const EXIT_UNAVAILABLE = 1;
/** The command could not run as called: usage, configuration, credentials, input files. */
export const EXIT_USAGE = 2;

/** A command's action reports its exit code here; commander's parseAsync has no return value. */
export interface ExitSlot {
  code: number;
}
