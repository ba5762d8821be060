/** Where commander writes, and its usage errors as one line naming the command's help. */
import type { Command, OutputConfiguration } from "commander";
import type { Terminal } from "./terminal";

export function commanderOutput(terminal: Terminal, commandPath: string): OutputConfiguration {
  return {
    writeOut: (text) => void terminal.stdout.write(text),
    writeErr: (text) => void terminal.stderr.write(text),
    // "error: unknown option '--x'\n(Did you mean --y?)" -> "os-console url: unknown option '--x' (Did you mean --y?); see ..."
    outputError: (text, write) => {
      const message = text.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").trim().replace(/\.$/, "");
      write(`${commandPath}: ${message}. See \`${commandPath} --help\`.\n`);
    },
  };
}

/** A subcommand of `program` whose output goes through the terminal, its errors named "os-console <name>". */
export function subcommand(program: Command, terminal: Terminal, name: string): Command {
  return program.command(name).configureOutput(commanderOutput(terminal, `${program.name()} ${name}`));
}
