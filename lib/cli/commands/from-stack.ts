/** `os-console from-stack`: fresh console URLs for every server a deployed cdktf stack manages. */
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { subcommand } from "../commander-output";
import { singlePair } from "../options/pairs";
import type { ExitSlot } from "../exit-codes";
import { readStackServers } from "../stack-source";
import { readStoredConsoles } from "../stored-urls";
import type { Terminal } from "../terminal";
import { withClient } from "./client";
import { mintConsoles, printConsoles } from "./mint";
import { resolveStackServers } from "./resolve";
import { MintFlags, addMintOptions, probeSettings } from "./shared-options";

interface FromStackFlags extends MintFlags {
  stack?: string;
  state?: string;
  outputsFile?: string;
  stored?: boolean;
}

export function registerFromStack(program: Command, terminal: Terminal, exit: ExitSlot): void {
  const command = subcommand(program, terminal, "from-stack")
    .description("Mint fresh console URLs for every server of a deployed cdktf stack, read from its state or outputs.")
    .option("--stack <name>", "cdktf stack: reads the state file its local backend names, by default terraform.<name>.tfstate (needed when there are several)")
    .addOption(new Option("--state <file>", 'Terraform state (v4) or `terraform show -json` document; "-" reads stdin').conflicts(["outputsFile", "stack"]))
    .option("--outputs-file <file>", "outputs file of `cdktf deploy --outputs-file` (its server_ids, else the names in console_urls)")
    .addOption(new Option("--stored", "print the URLs the stack keeps (its osconsole_urls resources, its hook's results, its console_urls output) instead of minting: no cloud is asked, and they may have expired").conflicts(["probe"]));
  addMintOptions(command);
  command.addHelpText(
    "after",
    `
Servers are named by their \`name\` attribute (the name the stack gave them, and the key of
its console_urls output); the JSON and table formats also give each Terraform address.
With neither --state nor --outputs-file, the local-backend state of the stack is read; with
a remote backend, pipe \`terraform show -json\` into --state -.

Examples:
  $ os-console from-stack                                     the project's only stack
  $ os-console from-stack --stack prod --format json
  $ os-console from-stack --state terraform.prod.tfstate -f value
  $ (cd cdktf.out/stacks/prod && terraform show -json) | os-console from-stack --state -
  $ os-console from-stack --outputs-file out.json --stack prod
  $ os-console from-stack --stack prod --stored -f json      the URLs the state keeps, as minted

--probe opens each URL as a browser would before printing it (see os-console url --help).

Exit codes: 0 every server got a URL (that opens, with --probe), 1 some did not, 2 usage or configuration error
(including a state file that cannot be read or holds no servers).`,
  );
  command.action(async (flags: FromStackFlags) => {
    if (flags.stored) {
      const { consoles } = readStoredConsoles(flags, terminal.cwd, () => readFileSync(0, "utf8"));
      const rows = consoles.map((c) => ({ name: c.name, id: c.id ?? "", address: c.address, protocol: c.protocol ?? "", type: c.type ?? "", url: c.url, mintedAt: c.mintedAt }));
      exit.code = printConsoles(rows, flags.format, terminal);
      return;
    }
    const pair = singlePair(flags.protocol, flags.type);
    const { servers } = readStackServers(flags, terminal.cwd, () => readFileSync(0, "utf8"));
    exit.code = await withClient(flags, terminal, async (client) => {
      const targets = await resolveStackServers(client, servers);
      return printConsoles(await mintConsoles(client, targets, pair, probeSettings(flags)), flags.format, terminal);
    });
  });
}
