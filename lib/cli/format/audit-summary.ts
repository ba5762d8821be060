/** One sentence about an audit, shared by the table and Markdown formats. */
import type { AuditReport } from "../audit/report";

export function summaryLine(report: AuditReport): string {
  const { summary } = report;
  const statuses = Object.entries(summary.statuses)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([status, n]) => `${n} ${status}`)
    .join(", ");
  const scope = report.allProjects ? "in all projects" : "in the project";
  const types = `${report.pairs.length} console type${report.pairs.length === 1 ? "" : "s"}`;
  const clouds = report.clouds;
  const where = clouds ? ` across ${clouds.audited.length} clouds/regions${clouds.unreachable.length > 0 ? ` (${clouds.unreachable.length} not reached)` : ""}` : "";
  return `${summary.servers} server${summary.servers === 1 ? "" : "s"} ${scope}${where}${statuses ? ` (${statuses})` : ""}, ${types}: ${summary.available} of ${summary.checks} consoles ${report.probe ? "open" : "available"}, ${summary.unavailable} not.`;
}
