/** Output formats as pure functions: url (table/json/value) and audit (table/json/junit/markdown). */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { createColors } from "picocolors";
import { AuditCheck, AuditReport, AuditServer, summarise } from "../../lib/cli/audit/report";
import type { ConsoleRow } from "../../lib/cli/console-row";
import { formatAudit } from "../../lib/cli/format/audit-formats";
import { formatUrls } from "../../lib/cli/format/url-formats";
import { xmlAttr, xmlText } from "../../lib/cli/format/audit-junit";
import { ID1, ID2, ID3 } from "./helpers/fixtures";

const plain = createColors(false);
const coloured = createColors(true);
const URL1 = "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3D6028b889-1dc8-4c2d-816d-70d7e0d17788";

const rows: ConsoleRow[] = [
  { name: "web-1", id: ID1, protocol: "vnc", type: "novnc", url: URL1, mintedAt: "2026-11-27T00:00:00.000Z", microversion: "2.8" },
  { name: "web-2", id: ID2, protocol: "vnc", type: "novnc", error: { kind: "not-ready", status: 409, message: `server "web-2" (${ID2}): not ready.` } },
];

describe("url formats", () => {
  test("value: bare URLs of the servers that got one, one per line", () => {
    expect(formatUrls("value", rows, plain)).toBe(`${URL1}\n`);
    expect(formatUrls("value", [rows[1]], plain)).toBe("");
  });

  test("json: an array in input order with ok, url or error", () => {
    const parsed = JSON.parse(formatUrls("json", rows, plain));
    expect(parsed).toEqual([
      { name: "web-1", id: ID1, protocol: "vnc", type: "novnc", ok: true, url: URL1, mintedAt: "2026-11-27T00:00:00.000Z", microversion: "2.8" },
      { name: "web-2", id: ID2, protocol: "vnc", type: "novnc", ok: false, error: rows[1].error },
    ]);
  });

  test("table: one row per server, the reason where there is no URL; colour only when asked", () => {
    const table = formatUrls("table", rows, plain);
    expect(table).toMatch(/Server.*ID.*Console.*URL/);
    expect(table).toContain(URL1);
    expect(table).toContain("not available: not-ready (409)");
    expect(table).not.toContain("Address");
    expect(table).not.toMatch(/\u001b\[/);
    expect(formatUrls("table", rows, coloured)).toMatch(/\u001b\[/);
    expect(formatUrls("table", [{ ...rows[0], address: "openstack_compute_instance_v2.web" }], plain)).toContain("openstack_compute_instance_v2.web");
  });
});

function check(outcome: AuditCheck["outcome"], extra: Partial<AuditCheck> = {}): AuditCheck {
  return { protocol: "vnc", type: "novnc", outcome, durationMs: 12, ...extra };
}

function sampleReport(servers: AuditServer[], pairs = ["vnc/novnc"]): AuditReport {
  return { generatedAt: "2026-11-27T00:00:00.000Z", durationMs: 1500, allProjects: false, pairs, servers, summary: summarise(pairs, servers) };
}

const servers: AuditServer[] = [
  { id: ID1, name: "a<&>\"'|`", status: "ACTIVE", checks: [check("available"), check("unsupported", { protocol: "spice", type: "spice-html5", status: 400, reason: "Unavailable console type spice-html5." })] },
  { id: ID2, name: "b", status: "ERROR", checks: [check("not-ready", { status: 409, reason: "Instance is not ready" }), check("forbidden", { protocol: "spice", type: "spice-html5", status: 403, reason: "policy" })] },
  { id: ID3, name: "c", status: "SHUTOFF", checks: [check("available", { note: "server is SHUTOFF: the URL will not connect until it runs", url: URL1 }), check("error", { protocol: "spice", type: "spice-html5", status: 500, reason: "Unexpected API Error\n<class>" })] },
];
const report = sampleReport(servers, ["vnc/novnc", "spice/spice-html5"]);

describe("audit summary", () => {
  test("counts statuses, outcomes, and outcomes per pair", () => {
    expect(report.summary).toMatchObject({
      servers: 3,
      statuses: { ACTIVE: 1, ERROR: 1, SHUTOFF: 1 },
      checks: 6,
      available: 2,
      unavailable: 4,
      outcomes: { available: 2, "not-ready": 1, unsupported: 1, forbidden: 1, "not-found": 0, error: 1 },
    });
    expect(report.summary.byPair["spice/spice-html5"]).toEqual({ available: 0, "not-ready": 0, unsupported: 1, forbidden: 1, "not-found": 0, error: 1, "does-not-open": 0 });
  });
});

describe("audit junit", () => {
  const xml = formatAudit("junit", report, plain);
  const parsed = new XMLParser({ ignoreAttributes: false, htmlEntities: true, attributeNamePrefix: "", isArray: (name) => ["testsuite", "testcase"].includes(name) }).parse(xml);

  test("is well-formed XML with a suite per console type and a case per server", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const root = parsed.testsuites;
    expect(root).toMatchObject({ name: "os-console audit", tests: "6", failures: "3", errors: "1", skipped: "0", time: "1.500" });
    expect(root.testsuite.map((s: { name: string }) => s.name)).toEqual(["console vnc/novnc", "console spice/spice-html5"]);
    const [vnc, spice] = root.testsuite;
    expect(vnc).toMatchObject({ tests: "3", failures: "1", errors: "0" });
    expect(spice).toMatchObject({ tests: "3", failures: "2", errors: "1" });
    expect(vnc.testcase.map((c: { name: string }) => c.name)).toEqual([`a<&>"'|\` (${ID1})`, `b (${ID2})`, `c (${ID3})`]);
  });

  test("failures carry the outcome and reason; errors are cloud errors; notes and URLs go to system-out", () => {
    const [vnc, spice] = parsed.testsuites.testsuite;
    expect(vnc.testcase[0].failure).toBeUndefined();
    expect(vnc.testcase[1].failure).toMatchObject({ type: "not-ready", message: "not ready (409): Instance is not ready" });
    expect(vnc.testcase[2]["system-out"]).toContain("note: server is SHUTOFF");
    expect(vnc.testcase[2]["system-out"]).toContain(`url: ${URL1}`);
    expect(spice.testcase[1].failure).toMatchObject({ type: "forbidden" });
    expect(spice.testcase[2].error).toMatchObject({ type: "error", message: "error (500): Unexpected API Error\n<class>" });
  });

  test("escaping survives every XML special character and drops characters XML forbids", () => {
    expect(xmlText("a<b>&c\u0001")).toBe("a&lt;b&gt;&amp;c");
    expect(xmlAttr(`"'\n`)).toBe("&quot;&apos;&#10;");
  });
});

describe("audit markdown", () => {
  const md = formatAudit("markdown", report, plain);

  test("has the summary, counts per type, one row per server, and escapes table cells", () => {
    expect(md).toContain("3 servers in the project (1 ACTIVE, 1 ERROR, 1 SHUTOFF), 2 console types: 2 of 6 consoles available, 4 not.");
    expect(md).toContain("| vnc/novnc | 2 | 1 | 0 | 0 | 0 | 0 |");
    expect(md).toContain("| spice/spice-html5 | 0 | 0 | 1 | 1 | 0 | 1 |");
    expect(md).toContain("| a<&>\"'\\|\\` | `" + ID1 + "` | ACTIVE | ✅ available | ❌ unsupported (400) |");
    expect(md).toContain("⚠️ available ([open](<" + URL1 + ">))");
    expect(md).toContain("### Needs attention\n\n- **a<&>");
    expect(md).toContain("- **b** (`" + ID2 + "`) vnc/novnc: not ready (409) — Instance is not ready\n");
    // Each table row has as many cells as the header.
    const rowsOf = md.split("\n").filter((l) => l.startsWith("| ") && l.includes("`" + ID2 + "`"));
    expect(rowsOf[0].split(/(?<!\\)\|/).length).toBe(md.split("\n").find((l) => l.startsWith("| Server"))!.split("|").length);
  });
});

describe("audit table and json", () => {
  test("table: statuses, outcomes, details and summary; plain when colour is off", () => {
    const table = formatAudit("table", report, plain);
    expect(table).toMatch(/Server.*ID.*Status.*vnc\/novnc.*spice\/spice-html5/);
    expect(table).toContain("not ready (409)");
    expect(table).toContain(`b (${ID2}) vnc/novnc: Instance is not ready`);
    expect(table).toContain("  spice/spice-html5: 1 unsupported, 1 forbidden, 1 error");
    expect(table).not.toMatch(/\u001b\[/);
    expect(formatAudit("table", report, coloured)).toMatch(/\u001b\[32m/);
  });

  test("json: the report as is", () => {
    expect(JSON.parse(formatAudit("json", report, plain))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
