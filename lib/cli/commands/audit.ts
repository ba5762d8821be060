/** `os-console audit`: which servers of the project can be reached through a console, and why not. */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { subcommand } from "../commander-output";
import { PROFILE_NAMES } from "../../openstack";
import { runAudit, type AuditOptions } from "../audit/run-audit";
import { auditPassed, type AuditReport } from "../audit/report";
import { auditTargets, isCloudFailure, mergeReports, type TargetResult } from "../audit/targets";
import { EXIT_OK, EXIT_UNAVAILABLE, type ExitSlot } from "../exit-codes";
import { AUDIT_FORMATS, AuditFormat, formatAudit } from "../format/audit-formats";
import { ConnectionFlags, addConnectionOptions } from "../options/connection";
import { auditPairs } from "../options/pairs";
import { startProgress } from "../progress";
import type { Terminal } from "../terminal";
import { usageError } from "../errors";
import { thumbnailKey } from "../format/audit-html";
import type { ConsolePair } from "../../openstack";
import { withClient } from "./client";
import { ProbeFlags, addProbeOptions, formatOption, probeSettings } from "./shared-options";

interface AuditFlags extends ConnectionFlags, ProbeFlags {
  allProjects?: boolean;
  types?: string;
  profile?: string;
  format: AuditFormat;
  showUrls?: boolean;
  thumbnails?: string;
}

export function registerAudit(program: Command, terminal: Terminal, exit: ExitSlot): void {
  const command = subcommand(program, terminal, "audit")
    .description("Try every server of the project for each console type and report which are available, and why not.")
    .option("--all-projects", "every project's servers (needs the admin role)")
    .option("--types <pairs>", 'console types to try, comma-separated protocol/type pairs or bare types (default: the profile\'s, else "vnc/novnc")')
    .option("--profile <name>", `cloud profile whose console types to try by default, and to check --types against: ${PROFILE_NAMES.join(", ")}`)
    .addOption(formatOption(AUDIT_FORMATS))
    .addOption(new Option("--show-urls", "include the minted console URLs in the report (they are live secrets until they expire)"));
  addProbeOptions(command);
  command.addOption(new Option("--thumbnails <dir>", "with --probe: write a PNG of each noVNC console's screen into DIR, named by server (the formats name the file)"));
  addConnectionOptions(command, { several: true });
  command.addHelpText(
    "after",
    `
Each server is tried once per console type; the report gives its status and, per type,
"available" or the reason: not ready (409: no host yet), unsupported (400/501: the cloud
does not offer the type), forbidden by policy (403), server gone (404), or error (5xx,
network, timeout). Servers in a transitional state (BUILD, REBUILD, RESIZE, MIGRATING,
REBOOT, ...) are re-tried until --timeout, which is the deadline of the whole audit;
for servers in ERROR or SHELVED_OFFLOADED, which have no host and will get none, the
first "not ready" is final. With --probe, every minted URL is also opened as a browser
opens it (the page, the WebSocket with the token and the page's Origin, the RFB handshake
to ServerInit for noVNC; spice-html5, serial and webmks up to the WebSocket upgrade): a
console that does not open is reported as "does not open" with the step that failed
(connect, tls, page, websocket, rfb) and the proxy's words. --thumbnails DIR (and
--format html, which embeds them) also takes a picture of each noVNC console's screen:
thumbnails show whatever is on the screen, so treat the report as you would the consoles.
Several clouds or regions (--os-cloud a,b, --os-region-name r1,r2, repeated, or @FILE with one
per line) are audited one after another into one report whose rows name their cloud and
region; a cloud or region that cannot be audited (not in clouds.yaml, login refused, region
not in the catalog, unreachable) is one row of the report and fails the exit code.
A progress bar is drawn on stderr when it is a terminal,
outside CI.

Examples:
  $ os-console audit
  $ os-console audit --types vnc/novnc,spice/spice-html5 --concurrency 32
  $ os-console audit --profile virtuozzo --format markdown >> "$GITHUB_STEP_SUMMARY"
  $ os-console audit --all-projects --os-cloud admin --format junit > console-audit.xml
  $ os-console audit --format json | jq '.servers[] | select(.checks[].outcome != "available")'
  $ os-console audit --probe --format junit > console-audit.xml
  $ os-console audit --probe --format html --thumbnails shots > console-audit.html
  $ os-console audit --os-cloud prod,vhi --os-region-name RegionOne,RegionTwo --format junit > audit.xml

Exit codes: 0 every requested console is available (with --probe: opens) in every cloud/region,
1 some are not (or a cloud/region of several could not be audited), 2 usage or configuration error.`,
  );
  command.action(async (flags: AuditFlags) => {
    const pairs = auditPairs(flags.types, flags.profile);
    const probe = probeSettings(flags);
    if (flags.thumbnails !== undefined && !probe) throw usageError("--thumbnails: thumbnails come from the probe", "add --probe");
    const dir = flags.thumbnails !== undefined ? thumbnailDir(path.resolve(terminal.cwd, flags.thumbnails)) : undefined;
    const images = new Map<string, Buffer>();
    const files = new ThumbnailFiles(dir, flags.thumbnails ?? "");
    const wantsPictures = probe !== undefined && (dir !== undefined || flags.format === "html");
    const targets = auditTargets(flags.osCloud, flags.osRegionName, terminal.cwd);
    const options: AuditOptions = { pairs, allProjects: flags.allProjects === true, showUrls: flags.showUrls === true, timeoutMs: flags.timeout * 1000, probe: probe && { ...probe, thumbnails: wantsPictures } };
    const auditOne = (targetFlags: AuditFlags): Promise<AuditReport> =>
      withClient(targetFlags, terminal, (client) =>
        runAudit(client, options, {
          onListed: (checks) => startProgress(terminal, "auditing consoles", checks),
          onThumbnail: (server, pair, png) => {
            if (flags.format === "html") images.set(thumbnailKey(server.id, `${pair.protocol}/${pair.type}`), png);
            return files.write(server, pair, png);
          },
        }),
      );
    let report: AuditReport;
    if (targets.length === 1) {
      report = await auditOne({ ...flags, osCloud: targets[0].cloud, osRegionName: targets[0].region });
    } else {
      // One cloud/region after another, each with its own client and the whole --timeout.
      const started = Date.now();
      const results: TargetResult[] = [];
      for (const target of targets) {
        try {
          results.push({ target, report: await auditOne({ ...flags, osCloud: target.cloud, osRegionName: target.region }) });
        } catch (err) {
          if (!isCloudFailure(err)) throw err;
          results.push({ target, failure: err });
        }
      }
      report = mergeReports(results, pairs.map((p) => `${p.protocol}/${p.type}`), started);
    }
    terminal.stdout.write(formatAudit(flags.format, report, terminal.colors, images));
    exit.code = auditPassed(report) ? EXIT_OK : EXIT_UNAVAILABLE;
  });
}

/** The --thumbnails folder, made if missing; refused in one line when it cannot be written. */
function thumbnailDir(dir: string): string {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return dir;
  } catch (err) {
    throw usageError(`--thumbnails: cannot write to ${dir} (${(err as NodeJS.ErrnoException).code ?? "error"})`, "give a folder you can write to");
  }
}

/** Writes each thumbnail as it arrives, named by server (a name taken twice gets the id's start too). */
class ThumbnailFiles {
  private readonly taken = new Set<string>();

  constructor(
    private readonly dir: string | undefined,
    private readonly shown: string,
  ) {}

  write(server: { readonly id: string; readonly name: string }, pair: ConsolePair, png: Buffer): string | undefined {
    if (!this.dir) return undefined;
    const base = server.name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_").slice(0, 100) || "server";
    const suffix = pair.type === "novnc" ? "" : `-${pair.type}`;
    let name = `${base}${suffix}.png`;
    if (this.taken.has(name)) name = `${base}-${server.id.slice(0, 8)}${suffix}.png`;
    this.taken.add(name);
    fs.writeFileSync(path.join(this.dir, name), png);
    return path.join(this.shown, name);
  }
}
