/** Options more than one command takes, declared once. */
import { Command, Option } from "commander";
import { DEFAULT_PROTOCOL, DEFAULT_TYPE } from "../options/pairs";

export function addPairOptions(command: Command): Command {
  return command
    .addOption(new Option("--protocol <protocol>", "console protocol: vnc, spice, serial, rdp, mks").default(DEFAULT_PROTOCOL))
    .addOption(new Option("--type <type>", "console type: novnc, spice-html5, serial, webmks, ...").default(DEFAULT_TYPE));
}

export function formatOption(formats: readonly string[]): Option {
  return new Option("-f, --format <format>", "output format").choices([...formats]).default("table");
}
