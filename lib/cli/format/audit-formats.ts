/** `audit` output formats. */
import type { AuditReport } from "../audit/report";
import type { Colors } from "../terminal";
import { auditHtml, type ThumbnailImages } from "./audit-html";
import { auditJunit } from "./audit-junit";
import { auditMarkdown } from "./audit-markdown";
import { auditTable } from "./audit-table";

export const AUDIT_FORMATS = ["table", "json", "junit", "markdown", "html"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** `images`: the thumbnails the html format embeds (the others name the files written, in the report). */
export function formatAudit(format: AuditFormat, report: AuditReport, colors: Colors, images?: ThumbnailImages): string {
  switch (format) {
    case "table":
      return auditTable(report, colors);
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "junit":
      return auditJunit(report);
    case "markdown":
      return auditMarkdown(report);
    case "html":
      return auditHtml(report, images);
  }
}
