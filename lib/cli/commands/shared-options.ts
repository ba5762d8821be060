/** Options more than one command takes, declared once. */
import { Command, Option } from "commander";
import { URL_FORMATS, type UrlFormat } from "../format/url-formats";
import { DEFAULT_PROBE_TIMEOUT_MS, type ProbeSettings } from "../../openstack";
import { ConnectionFlags, addConnectionOptions } from "../options/connection";
import { positiveSeconds, webOrigin } from "../options/values";

export function formatOption(formats: readonly string[]): Option {
  return new Option("-f, --format <format>", "output format").choices([...formats]).default("table");
}

/** --probe and its settings, shared by every command. */
export interface ProbeFlags {
  probe?: boolean;
  probeTimeout: number;
  probeOrigin?: string;
}

export function addProbeOptions(command: Command): Command {
  return command
    .addOption(new Option("--probe", "open every minted URL as a browser would (page, WebSocket, RFB handshake) and report whether the console opens"))
    .addOption(new Option("--probe-timeout <seconds>", "time limit of each probe").argParser(positiveSeconds).default(DEFAULT_PROBE_TIMEOUT_MS / 1000))
    .addOption(new Option("--probe-origin <origin>", "Origin the probe sends instead of the console page's own (e.g. the dashboard that embeds consoles)").argParser(webOrigin));
}

/** The probe's settings, or undefined without --probe. */
export function probeSettings(flags: ProbeFlags): (ProbeSettings & { timeoutMs: number }) | undefined {
  if (flags.probe !== true) return undefined;
  return { timeoutMs: Math.round(flags.probeTimeout * 1000), ...(flags.probeOrigin ? { origin: flags.probeOrigin } : {}) };
}

/** The flags of the commands that mint (url, from-stack): the pair, the format, the connection. */
export interface MintFlags extends ConnectionFlags, ProbeFlags {
  protocol?: string;
  type?: string;
  format: UrlFormat;
}

/** Declares MintFlags on a command, after its own options. */
export function addMintOptions(command: Command): Command {
  command
    .addOption(new Option("--protocol <protocol>", "console protocol: vnc, spice, serial, rdp, mks (default: the one --type belongs to, else vnc)"))
    .addOption(new Option("--type <type>", "console type: novnc, spice-html5, serial, webmks, ... (default: --protocol's first type, else novnc)"))
    .addOption(formatOption(URL_FORMATS));
  addProbeOptions(command);
  return addConnectionOptions(command);
}
