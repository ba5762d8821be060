/** `os-console audit`: which servers of the project can be reached through a console, and why not. */
import { Command, Option } from "commander";
import { subcommand } from "../commander-output";
import { PROFILE_NAMES } from "../../openstack";
import { runAudit } from "../audit/run-audit";
import { EXIT_OK, EXIT_UNAVAILABLE, type ExitSlot } from "../exit-codes";
import { AUDIT_FORMATS, AuditFormat, formatAudit } from "../format/audit-formats";
import { ConnectionFlags, addConnectionOptions } from "../options/connection";
import { auditPairs } from "../options/pairs";
import { startProgress } from "../progress";
import type { Terminal } from "../terminal";
import { withClient } from "./client";
import { formatOption } from "./shared-options";

interface AuditFlags extends ConnectionFlags {
  allProjects?: boolean;
  types?: string;
  profile?: string;
  format: AuditFormat;
  showUrls?: boolean;
}

export function registerAudit(program: Command, terminal: Terminal, exit: ExitSlot): void {
  const command = subcommand(program, terminal, "audit")
    .description("Try every server of the project for each console type and report which are available, and why not.")
    .option("--all-projects", "every project's servers (needs the admin role)")
    .option("--types <pairs>", 'console types to try, comma-separated protocol/type pairs or bare types (default: the profile\'s, else "vnc/novnc")')
    .option("--profile <name>", `cloud profile whose console types to try by default, and to check --types against: ${PROFILE_NAMES.join(", ")}`)
    .addOption(formatOption(AUDIT_FORMATS))
    .addOption(new Option("--show-urls", "include the minted console URLs in the report (they are live secrets until they expire)"));
  addConnectionOptions(command);
  command.addHelpText(
    "after",
    `
Each server is tried once per console type; the report gives its status and, per type,
"available" or the reason: not ready (409: no host yet), unsupported (400/501: the cloud
does not offer the type), forbidden by policy (403), server gone (404), or error (5xx,
network, timeout). Servers in a transitional state (BUILD, REBUILD, RESIZE, MIGRATING,
REBOOT, ...) are re-tried until --timeout, which is the deadline of the whole audit;
for servers in ERROR or SHELVED_OFFLOADED, which have no host and will get none, the
first "not ready" is final. A progress bar is drawn on stderr when it is a terminal,
outside CI.

Examples:
  $ os-console audit
  $ os-console audit --types vnc/novnc,spice/spice-html5 --concurrency 32
  $ os-console audit --profile virtuozzo --format markdown >> "$GITHUB_STEP_SUMMARY"
  $ os-console audit --all-projects --os-cloud admin --format junit > console-audit.xml
  $ os-console audit --format json | jq '.servers[] | select(.checks[].outcome != "available")'

Exit codes: 0 every requested console is available, 1 some are not, 2 usage or
configuration error.`,
  );
  command.action(async (flags: AuditFlags) => {
    const pairs = auditPairs(flags.types, flags.profile);
    exit.code = await withClient(flags, terminal, async (client) => {
      const report = await runAudit(
        client,
        { pairs, allProjects: flags.allProjects === true, showUrls: flags.showUrls === true, timeoutMs: flags.timeout * 1000 },
        { onListed: (checks) => startProgress(terminal, "auditing consoles", checks) },
      );
      terminal.stdout.write(formatAudit(flags.format, report, terminal.colors));
      return report.summary.unavailable === 0 ? EXIT_OK : EXIT_UNAVAILABLE;
    });
  });
}
