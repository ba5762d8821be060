/** What `url` and `from-stack` share: mint a console per server, print them, choose the exit code. */
import type { OpenStackClient, ProbeSettings } from "../../openstack";
import { probeFinding, probeLine } from "../probe-finding";
import type { ConsoleRow } from "../console-row";
import { EXIT_OK, EXIT_UNAVAILABLE } from "../exit-codes";
import { UrlFormat, formatUrls } from "../format/url-formats";
import type { ConsolePair } from "../../openstack";
import type { Terminal } from "../terminal";

export interface Target {
  readonly name: string;
  readonly id: string;
  readonly address?: string;
}

/** Mints a console per target; with probe settings, opens each minted URL as a browser would. */
export async function mintConsoles(client: OpenStackClient, targets: readonly Target[], pair: ConsolePair, probe?: ProbeSettings): Promise<ConsoleRow[]> {
  const outcomes = await client.createConsoles(targets.map((t) => ({ name: t.name, id: t.id })), pair);
  const minted = outcomes.flatMap((o) => (o.ok ? [o.console] : []));
  const probes = probe ? await client.probeConsoles(minted, probe) : [];
  const probeOf = new Map(minted.map((c, i) => [c, probes[i]]));
  return targets.map((target, i): ConsoleRow => {
    const outcome = outcomes[i];
    const base = { name: target.name, id: target.id, address: target.address, protocol: pair.protocol, type: pair.type };
    if (outcome.ok) {
      const probed = probeOf.get(outcome.console);
      return {
        ...base,
        url: outcome.console.url,
        mintedAt: new Date(outcome.console.mintedAt).toISOString(),
        microversion: outcome.console.microversion,
        ...(probed ? { probe: probeFinding(probed) } : {}),
      };
    }
    return { ...base, error: { kind: outcome.error.kind, status: outcome.error.status, message: outcome.error.message } };
  });
}

/**
 * Prints the rows in the chosen format, one stderr line per failure (and per
 * console that does not open, with --probe); exit 0 when every server got a
 * URL (that opens).
 */
export function printConsoles(rows: readonly ConsoleRow[], format: UrlFormat, terminal: Terminal): number {
  terminal.stdout.write(formatUrls(format, rows, terminal.colors));
  const failed = rows.filter((r) => r.error !== undefined);
  for (const row of failed) terminal.stderr.write(`os-console: ${row.error?.message}\n`);
  if (failed.length > 0 && rows.length > 1) {
    terminal.stderr.write(`os-console: ${failed.length} of ${rows.length} servers got no console URL\n`);
  }
  const closed = rows.filter((r) => r.probe && !r.probe.opens);
  for (const row of closed) terminal.stderr.write(`os-console: server "${row.name}" (${row.id}): the console ${probeLine(row.probe!)}. ${row.probe!.hint ?? ""}\n`);
  if (closed.length > 0 && rows.length > 1) terminal.stderr.write(`os-console: ${closed.length} of ${rows.length} consoles do not open\n`);
  return failed.length === 0 && closed.length === 0 ? EXIT_OK : EXIT_UNAVAILABLE;
}
