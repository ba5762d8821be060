/** The audit as GitHub-flavoured Markdown: for a pull-request comment or a job summary. */
import { AuditReport, Outcome, outcomeLabel, reportOutcomes, serverLabel } from "../audit/report";
import { summaryLine } from "./audit-summary";

const OUTCOME_HEADINGS: Record<Outcome, string> = {
  available: "available",
  "not-ready": "not ready",
  unsupported: "unsupported",
  forbidden: "forbidden",
  "not-found": "server gone",
  error: "error",
  "does-not-open": "does not open",
};

/** Pipes and line breaks would end a table cell early; backticks would open code spans. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/`/g, "\\`").replace(/\r?\n/g, " ");
}

export function auditMarkdown(report: AuditReport): string {
  const lines: string[] = ["## Console audit", "", summaryLine(report), ""];
  const OUTCOMES = reportOutcomes(report);
  lines.push(`| Console | ${OUTCOMES.map((o) => OUTCOME_HEADINGS[o]).join(" | ")} |`);
  lines.push(`|---|${OUTCOMES.map(() => "---:").join("|")}|`);
  for (const pair of report.pairs) {
    const counts = report.summary.byPair[pair];
    lines.push(`| ${pair} | ${OUTCOMES.map((o) => String(counts?.[o] ?? 0)).join(" | ")} |`);
  }
  lines.push("", `| Server | ID | Status | ${report.pairs.join(" | ")} |`, `|---|---|---|${report.pairs.map(() => "---").join("|")}|`);
  const problems: string[] = [];
  for (const server of report.servers) {
    const cells = report.pairs.map((pair) => {
      const check = server.checks.find((c) => `${c.protocol}/${c.type}` === pair);
      if (!check) return "";
      if (check.outcome !== "available" || check.note) {
        problems.push(`- **${cell(serverLabel(server))}** (\`${server.id}\`) ${pair}: ${cell(outcomeLabel(check))}${check.reason ? ` — ${cell(check.reason)}` : ""}${check.note ? ` — ${cell(check.note)}` : ""}`);
      }
      const mark = check.outcome === "available" ? (check.note ? "⚠️" : "✅") : "❌";
      const link = check.url ? ` ([open](<${check.url}>))` : "";
      const file = check.probe?.thumbnail && "file" in check.probe.thumbnail ? check.probe.thumbnail.file : undefined;
      const picture = file ? ` ([screen](<${file}>))` : "";
      return `${mark} ${cell(outcomeLabel(check))}${link}${picture}`;
    });
    lines.push(`| ${cell(serverLabel(server))} | \`${server.id}\` | ${cell(server.status)} | ${cells.join(" | ")} |`);
  }
  for (const u of report.clouds?.unreachable ?? []) problems.unshift(`- ❌ **${cell(`${u.cloud}/${u.region}`)}** not reached: ${cell(u.reason)}`);
  if (problems.length > 0) lines.push("", "### Needs attention", "", ...problems);
  return `${lines.join("\n")}\n`;
}
