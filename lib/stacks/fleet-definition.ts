import { ConsoleOptions, OpenStackProviderProps, ServerSettings } from "../constructs";

/** A fleet's console in the file: the hook contract's options, how the URLs are kept, and what mints them again. */
export interface FleetConsole extends ConsoleOptions {
  /** How the URLs are minted and kept. @default "resource" (or FleetStack's consoleMode) */
  readonly mode?: string;
  /** Resource mode: any change mints every URL of the fleet again. @default none */
  readonly keepers?: { [key: string]: string };
  /** One `console_url_<name>` output per server beside `console_urls` (RemoteConsole's serverOutputs). @default true */
  readonly serverOutputs?: boolean;
}
import { StateBackend } from "./state-backend";

/**
 * One fleet of the file: a ServerFleet spec (name prefix, count, ...) and its
 * console option. The file names the image and the flavor by four plain keys,
 * exactly one of each pair, where the constructs take a ServerImage and a
 * ServerFlavor: a file holds strings, and its format predates the classes.
 */
export interface FleetEntry extends ServerSettings {
  /** Name prefix: servers are called `<name>-1`, `<name>-2`, ... */
  readonly name: string;
  /** How many servers: a whole number of at least 1. @default 1 */
  readonly count?: number;
  /** Glance image UUID (ServerImage.fromId). Set exactly one of `imageId` or `imageName`. @default none */
  readonly imageId?: string;
  /** Glance image name, the most recent image of that name (ServerImage.fromName). Set exactly one of `imageId` or `imageName`. @default none */
  readonly imageName?: string;
  /** Nova flavor id (ServerFlavor.fromId). Set exactly one of `flavorId` or `flavorName`. @default none */
  readonly flavorId?: string;
  /** Nova flavor name (ServerFlavor.fromName). Set exactly one of `flavorId` or `flavorName`. @default none */
  readonly flavorName?: string;
  /** Console URLs for the fleet's servers as sensitive outputs. @default none */
  readonly console?: FleetConsole;
}

/** One stack of a fleet file: its fleets, the provider's non-secret settings, where its state lives. */
export interface FleetDefinition {
  /** Stack name: cdktf.out/stacks/<stack>. @default "fleet" */
  readonly stack: string;
  /** OpenStack provider settings (never credentials). @default everything from the environment */
  readonly openstack?: OpenStackProviderProps;
  /** Where Terraform keeps the stack's state (never credentials). @default local: cdktf's `<project>/terraform.<stack>.tfstate` */
  readonly backend?: StateBackend;
  readonly fleets: FleetEntry[];
  /** Where the file defines it, for messages: `stacks[1] (prod-region-two)`. @default the whole file (one-stack form) */
  readonly where?: string;
}

/** What a fleet file declares: one stack, or several with shared defaults. */
export interface FleetFile {
  readonly stacks: FleetDefinition[];
}
