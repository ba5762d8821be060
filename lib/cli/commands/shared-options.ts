/** Options more than one command takes, declared once. */
import { Command, Option } from "commander";
import { URL_FORMATS, type UrlFormat } from "../format/url-formats";
import { ConnectionFlags, addConnectionOptions } from "../options/connection";
import { DEFAULT_PROTOCOL, DEFAULT_TYPE } from "../options/pairs";

export function formatOption(formats: readonly string[]): Option {
  return new Option("-f, --format <format>", "output format").choices([...formats]).default("table");
}

/** The flags of the commands that mint (url, from-stack): the pair, the format, the connection. */
export interface MintFlags extends ConnectionFlags {
  protocol: string;
  type: string;
  format: UrlFormat;
}

/** Declares MintFlags on a command, after its own options. */
export function addMintOptions(command: Command): Command {
  command
    .addOption(new Option("--protocol <protocol>", "console protocol: vnc, spice, serial, rdp, mks").default(DEFAULT_PROTOCOL))
    .addOption(new Option("--type <type>", "console type: novnc, spice-html5, serial, webmks, ...").default(DEFAULT_TYPE))
    .addOption(formatOption(URL_FORMATS));
  return addConnectionOptions(command);
}
