/** `audit` output formats. */
import type { AuditReport } from "../audit/report";
import type { Colors } from "../terminal";
import { auditJunit } from "./audit-junit";
import { auditMarkdown } from "./audit-markdown";
import { auditTable } from "./audit-table";

export const AUDIT_FORMATS = ["table", "json", "junit", "markdown"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export function formatAudit(format: AuditFormat, report: AuditReport, colors: Colors): string {
  switch (format) {
    case "table":
      return auditTable(report, colors);
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "junit":
      return auditJunit(report);
    case "markdown":
      return auditMarkdown(report);
  }
}
