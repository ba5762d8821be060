/**
 * The audit as JUnit XML, so CI systems show it as test results: one
 * <testsuite> per console type, one <testcase> per server. A console that is
 * refused (not ready, unsupported, forbidden, server gone) or, with --probe,
 * minted but not opening is a <failure>; a cloud error (5xx, network,
 * timeout) is an <error>.
 */
import { AuditCheck, AuditReport, AuditServer, outcomeLabel, probeLine, serverLabel } from "../audit/report";
import { thumbnailLine } from "../probe-finding";

interface Case {
  readonly server: AuditServer;
  readonly check: AuditCheck;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

export function auditJunit(report: AuditReport): string {
  const suites = report.pairs.map((pair) => {
    const cases: Case[] = [];
    for (const server of report.servers) {
      for (const check of server.checks) if (`${check.protocol}/${check.type}` === pair) cases.push({ server, check });
    }
    return { pair, cases };
  });
  const count = (cases: readonly Case[], kind: "failure" | "error"): number => cases.filter((c) => caseKind(c.check) === kind).length;
  const allCases = suites.flatMap((s) => s.cases);
  const clouds = report.clouds;
  const unreached = clouds?.unreachable.length ?? 0;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="os-console audit" tests="${allCases.length + (clouds?.audited.length ?? 0)}" failures="${count(allCases, "failure")}" errors="${count(allCases, "error") + unreached}" skipped="0" time="${seconds(report.durationMs)}" timestamp="${xmlAttr(report.generatedAt)}">`,
  ];
  if (clouds) {
    // One case per cloud/region: whether it could be audited at all.
    lines.push(`  <testsuite name="clouds" tests="${clouds.audited.length}" failures="0" errors="${unreached}" skipped="0" time="0.000" timestamp="${xmlAttr(report.generatedAt)}">`);
    for (const where of clouds.audited) {
      const down = clouds.unreachable.find((u) => `${u.cloud}/${u.region}` === where);
      lines.push(`    <testcase classname="os-console.audit.clouds" name="${xmlAttr(where)}" time="0.000">`);
      if (down) lines.push(`      <error type="unreachable" message="${xmlAttr(down.reason)}">${xmlText(down.reason)}</error>`);
      lines.push(`    </testcase>`);
    }
    lines.push(`  </testsuite>`);
  }
  for (const suite of suites) {
    const time = suite.cases.reduce((sum, c) => sum + c.check.durationMs, 0);
    lines.push(
      `  <testsuite name="console ${xmlAttr(suite.pair)}" tests="${suite.cases.length}" failures="${count(suite.cases, "failure")}" errors="${count(suite.cases, "error")}" skipped="0" time="${seconds(time)}" timestamp="${xmlAttr(report.generatedAt)}">`,
    );
    for (const c of suite.cases) lines.push(...testcase(suite.pair, c));
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`);
  return `${lines.join("\n")}\n`;
}

function caseKind(check: AuditCheck): "pass" | "failure" | "error" {
  if (check.outcome === "available") return "pass";
  return check.outcome === "error" ? "error" : "failure";
}

function testcase(pair: string, { server, check }: Case): string[] {
  const open = `    <testcase classname="os-console.audit.${xmlAttr(pair.replace("/", "."))}" name="${xmlAttr(`${serverLabel(server)} (${server.id})`)}" time="${seconds(check.durationMs)}">`;
  const out = [open];
  const kind = caseKind(check);
  if (kind !== "pass") {
    const label = outcomeLabel(check);
    const message = check.reason ? `${label}: ${check.reason}` : label;
    const body = check.hint ? `${message}\n${check.hint}` : message;
    out.push(`      <${kind} type="${check.outcome}" message="${xmlAttr(message)}">${xmlText(body)}</${kind}>`);
  }
  const details = [
    `status: ${server.status}`,
    ...(server.projectId ? [`project: ${server.projectId}`] : []),
    ...(check.probe ? [`probe: ${probeLine(check.probe)}`] : []),
    ...(thumbnailLine(check.probe) ? [thumbnailLine(check.probe)!] : []),
    ...(check.note ? [`note: ${check.note}`] : []),
    ...(check.url ? [`url: ${check.url}`] : []),
  ];
  out.push(`      <system-out>${xmlText(details.join("\n"))}</system-out>`, `    </testcase>`);
  return out;
}

// ---- XML 1.0 escaping for text and attribute values ----

// Characters XML 1.0 forbids outright (a parser rejects the whole document).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlText(value: string): string {
  return value.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function xmlAttr(value: string): string {
  return xmlText(value).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
