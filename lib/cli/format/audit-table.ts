/** The audit for a person at a terminal: one row per server, a column per console type, reasons below. */
import { AuditCheck, AuditReport, outcomeLabel, reportOutcomes, serverLabel } from "../audit/report";
import type { Colors } from "../terminal";
import { summaryLine } from "./audit-summary";
import { renderTable } from "./table";
import { thumbnailLine } from "../probe-finding";

function paint(check: AuditCheck, colors: Colors): string {
  const label = outcomeLabel(check) + (check.note ? " *" : "");
  const text = check.url ? `${label}\n${check.url}` : label;
  if (check.outcome === "available") return check.note ? colors.yellow(text) : colors.green(text);
  return check.outcome === "not-ready" ? colors.yellow(text) : colors.red(text);
}

export function auditTable(report: AuditReport, colors: Colors): string {
  const withProject = report.allProjects;
  const head = ["Server", "ID", "Status", ...(withProject ? ["Project"] : []), ...report.pairs].map((h) => colors.bold(h));
  const details: string[] = [];
  const rows = report.servers.map((server) => [
    serverLabel(server),
    server.id,
    server.status,
    ...(withProject ? [server.projectId ?? ""] : []),
    ...report.pairs.map((pair) => {
      const check = server.checks.find((c) => `${c.protocol}/${c.type}` === pair);
      if (!check) return "";
      const picture = thumbnailLine(check.probe);
      const parts = [check.reason, check.note, picture].filter((p): p is string => p !== undefined && p !== "");
      if (parts.length > 0) details.push(`  ${serverLabel(server)} (${server.id}) ${pair}: ${parts.join("; ")}`);
      return paint(check, colors);
    }),
  ]);
  let out = report.servers.length > 0 ? renderTable(head, rows) : "";
  if (details.length > 0) out += `\n${colors.bold("Details:")}\n${details.join("\n")}\n`;
  const unreachable = report.clouds?.unreachable ?? [];
  if (unreachable.length > 0) out += `\n${colors.bold("Not reached:")}\n${unreachable.map((u) => colors.red(`  ${u.cloud}/${u.region}: ${u.reason}`)).join("\n")}\n`;
  out += `\n${summaryLine(report)}\n`;
  for (const pair of report.pairs) {
    const counts = report.summary.byPair[pair];
    const parts = reportOutcomes(report).filter((o) => (counts?.[o] ?? 0) > 0).map((o) => `${counts?.[o]} ${o}`);
    out += `  ${pair}: ${parts.length > 0 ? parts.join(", ") : "no servers"}\n`;
  }
  return out;
}
