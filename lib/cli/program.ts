/**
 * The os-console program: three subcommands on commander, errors as one
 * line on stderr, and an exit code (docs/cli.md, "Exit codes").
 */
import { Command, CommanderError } from "commander";
import { version as VERSION } from "../../package.json";
import { registerAudit } from "./commands/audit";
import { registerFromStack } from "./commands/from-stack";
import { registerUrl } from "./commands/url";
import { commanderOutput } from "./commander-output";
import { errorLine, exitCodeFor } from "./errors";
import { EXIT_OK, EXIT_USAGE, type ExitSlot } from "./exit-codes";
import type { Terminal } from "./terminal";

export function buildProgram(terminal: Terminal, exit: ExitSlot): Command {
  const program = new Command("os-console")
    .description("Fresh OpenStack console URLs after a deploy, and a console audit of a project.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput(commanderOutput(terminal, "os-console"))
    .showHelpAfterError(false)
    .addHelpText(
      "after",
      `
Credentials come from clouds.yaml (--os-cloud / OS_CLOUD) or the OS_* variables, as for the
openstack CLI and the Terraform provider; never from flags.

Examples:
  $ os-console url web-1                         fresh noVNC URL for server web-1
  $ os-console from-stack --stack prod -f json   fresh URLs for every server of a deployed stack
  $ os-console audit --format junit > audit.xml  which servers a console can reach, for CI

Exit codes: 0 all consoles available, 1 some not, 2 usage or configuration error.`,
    );
  registerUrl(program, terminal, exit);
  registerFromStack(program, terminal, exit);
  registerAudit(program, terminal, exit);
  return program;
}


/** Runs the CLI on `argv` (without node and the script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], terminal: Terminal): Promise<number> {
  const exit: ExitSlot = { code: EXIT_OK };
  const program = buildProgram(terminal, exit);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exit.code;
  } catch (err) {
    // commander has already written its own message (or the help) when it throws.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    terminal.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}
