/** What `url` and `from-stack` share: mint a console per server, print them, choose the exit code. */
import type { OpenStackClient } from "../../openstack";
import type { ConsoleRow } from "../console-row";
import { EXIT_OK, EXIT_UNAVAILABLE } from "../exit-codes";
import { UrlFormat, formatUrls } from "../format/url-formats";
import type { Pair } from "../options/pairs";
import type { Terminal } from "../terminal";

export interface Target {
  readonly name: string;
  readonly id: string;
  readonly address?: string;
}

export async function mintConsoles(client: OpenStackClient, targets: readonly Target[], pair: Pair): Promise<ConsoleRow[]> {
  const outcomes = await client.createConsoles(targets.map((t) => ({ name: t.name, id: t.id })), pair);
  return targets.map((target, i): ConsoleRow => {
    const outcome = outcomes[i];
    const base = { name: target.name, id: target.id, address: target.address, protocol: pair.protocol, type: pair.type };
    if (outcome.ok) return { ...base, url: outcome.console.url, mintedAt: new Date(outcome.console.mintedAt).toISOString(), microversion: outcome.console.microversion };
    return { ...base, error: { kind: outcome.error.kind, status: outcome.error.status, message: outcome.error.message } };
  });
}

/** Prints the rows in the chosen format, one stderr line per failure; exit 0 when every server got a URL. */
export function printConsoles(rows: readonly ConsoleRow[], format: UrlFormat, terminal: Terminal): number {
  terminal.stdout.write(formatUrls(format, rows, terminal.colors));
  const failed = rows.filter((r) => r.error !== undefined);
  for (const row of failed) terminal.stderr.write(`os-console: ${row.error?.message}\n`);
  if (failed.length > 0 && rows.length > 1) {
    terminal.stderr.write(`os-console: ${failed.length} of ${rows.length} servers got no console URL\n`);
  }
  return failed.length === 0 ? EXIT_OK : EXIT_UNAVAILABLE;
}
