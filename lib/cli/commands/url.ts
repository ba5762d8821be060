/** `os-console url SERVER...`: a fresh console URL for each server given by name or id. */
import { Command } from "commander";
import { subcommand } from "../commander-output";
import { singlePair } from "../options/pairs";
import type { ExitSlot } from "../exit-codes";
import { serverRef } from "../server-ref";
import type { Terminal } from "../terminal";
import { withClient } from "./client";
import { mintConsoles, printConsoles } from "./mint";
import { resolveServers } from "./resolve";
import { MintFlags, addMintOptions, probeSettings } from "./shared-options";

interface UrlFlags extends MintFlags {
  id?: boolean;
}

export function registerUrl(program: Command, terminal: Terminal, exit: ExitSlot): void {
  const command = subcommand(program, terminal, "url")
    .description("Mint a fresh console URL for each server, given by name or id.")
    .argument("<server...>", "server names or ids (a UUID is an id; anything else a name)")
    .option("--id", "every SERVER is a server id: refuse anything that is not a UUID");
  addMintOptions(command);
  command.addHelpText(
    "after",
    `
Names are resolved through Nova's server list; a name that matches no server, or more than
one, is an error that lists the candidates. An argument shaped like an id that is not a
valid UUID is refused.

Examples:
  $ os-console url web-1
  $ os-console url web-1 web-2 --format json
  $ xdg-open "$(os-console url 2adc7bdc-0dbd-49ea-85a9-fe63084c178a -f value)"
  $ os-console url db-1 --type spice-html5 --os-cloud prod
  $ os-console url --id 2adc7bdc-0dbd-49ea-85a9-fe63084c178a --os-cacert ca.pem
  $ os-console url web-1 --probe

With --probe, each URL is opened as a browser would (page, WebSocket, RFB handshake for
noVNC) before it is printed: the table gains a Probe column, json a "probe" object, and a
console that does not open is named on stderr with the step that failed.

Formats: table (default), json (array of {name, id, protocol, type, ok, url, mintedAt, probe, error}),
value (bare URLs, one per line). Exit codes: 0 every server got a URL (that opens, with
--probe), 1 some did not, 2 usage or configuration error (including an unknown or ambiguous name).`,
  );
  command.action(async (servers: string[], flags: UrlFlags) => {
    const pair = singlePair(flags.protocol, flags.type);
    const refs = servers.map((arg) => serverRef(arg, flags.id === true));
    exit.code = await withClient(flags, terminal, async (client) => {
      const targets = await resolveServers(client, refs);
      return printConsoles(await mintConsoles(client, targets, pair, probeSettings(flags)), flags.format, terminal);
    });
  });
}
