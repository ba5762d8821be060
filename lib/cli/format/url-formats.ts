/** `url` and `from-stack` output: table for people, json for programs, value for shell scripts. */
import type { Colors } from "../terminal";
import type { ConsoleRow } from "../console-row";
import { probeLine } from "../probe-finding";
import { renderTable } from "./table";

export const URL_FORMATS = ["table", "json", "value"] as const;
export type UrlFormat = (typeof URL_FORMATS)[number];

export function formatUrls(format: UrlFormat, rows: readonly ConsoleRow[], colors: Colors): string {
  switch (format) {
    case "table":
      return urlTable(rows, colors);
    case "json":
      return urlJson(rows);
    case "value":
      return urlValues(rows);
  }
}

export function urlTable(rows: readonly ConsoleRow[], colors: Colors): string {
  if (rows.length === 0) return "";
  const withAddress = rows.some((r) => r.address !== undefined);
  const withProbe = rows.some((r) => r.probe !== undefined);
  const head = ["Server", "ID", ...(withAddress ? ["Address"] : []), "Console", "URL", ...(withProbe ? ["Probe"] : [])];
  const body = rows.map((r) => [
    r.name,
    r.id,
    ...(withAddress ? [r.address ?? ""] : []),
    `${r.protocol}/${r.type}`,
    r.url ?? colors.red(`not available: ${r.error ? errorLabel(r.error.kind, r.error.status) : "unknown"}`),
    ...(withProbe ? [r.probe ? (r.probe.opens ? colors.green(probeLine(r.probe)) : colors.red(`does not open (${r.probe.step})`)) : ""] : []),
  ]);
  return renderTable(head.map((h) => colors.bold(h)), body);
}

/** A JSON array, one object per server in input order; failures carry `error` instead of `url`. */
export function urlJson(rows: readonly ConsoleRow[]): string {
  const out = rows.map((r) => ({
    name: r.name,
    id: r.id,
    ...(r.address !== undefined ? { address: r.address } : {}),
    protocol: r.protocol,
    type: r.type,
    ok: r.url !== undefined,
    ...(r.url !== undefined ? { url: r.url, mintedAt: r.mintedAt, microversion: r.microversion } : {}),
    ...(r.probe ? { probe: r.probe } : {}),
    ...(r.error ? { error: r.error } : {}),
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Bare URLs, one per line, of the servers that got one (failures go to stderr and the exit code). */
export function urlValues(rows: readonly ConsoleRow[]): string {
  const urls = rows.flatMap((r) => (r.url !== undefined ? [r.url] : []));
  return urls.length === 0 ? "" : `${urls.join("\n")}\n`;
}

/** "not-ready (409)", "network", ...: the kind with its HTTP status when there was one. */
export function errorLabel(kind: string, status?: number): string {
  return status === undefined ? kind : `${kind} (${status})`;
}
