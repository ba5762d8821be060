/**
 * The audit as one self-contained HTML page (no network, no external assets:
 * styles, script and thumbnails are inline): the summary with a small chart
 * of outcomes per console type, a grid of console thumbnails labelled with
 * server, status and outcome (the failing step and the proxy's words where a
 * console did not open), and a table that sorts by any column and filters
 * by outcome. Console URLs appear only with --show-urls. Every text is
 * escaped: server names come from the cloud.
 */
import { AuditCheck, AuditReport, AuditServer, outcomeLabel, reportOutcomes, serverLabel, type Outcome } from "../audit/report";
import { probeLine } from "../probe-finding";
import { summaryLine } from "./audit-summary";

/** PNG thumbnails by `thumbnailKey(server id, pair)`. */
export type ThumbnailImages = ReadonlyMap<string, Buffer>;

export const thumbnailKey = (serverId: string, pair: string): string => `${serverId} ${pair}`;

const COLOURS: Record<Outcome, string> = {
  available: "#2e7d32",
  "not-ready": "#f9a825",
  unsupported: "#6d4c41",
  forbidden: "#6a1b9a",
  "not-found": "#546e7a",
  error: "#c62828",
  "does-not-open": "#d84315",
};

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const pairOf = (check: AuditCheck): string => `${check.protocol}/${check.type}`;

/** A several-cloud audit's clouds/regions that could not be audited: one row each. */
function notReached(report: AuditReport): string {
  const down = report.clouds?.unreachable ?? [];
  if (down.length === 0) return "";
  const rows = down.map((u) => `<tr class="unreachable"><td>${esc(`${u.cloud}/${u.region}`)}</td><td class="reason">${esc(u.reason)}</td></tr>`).join("\n");
  return `<h2>Not reached</h2>\n<table id="unreachable"><thead><tr><th>Cloud/region</th><th>Why</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function detail(check: AuditCheck): string {
  if (check.probe) return probeLine(check.probe);
  return check.reason ?? check.note ?? "";
}

/** Horizontal stacked bars, one per console type, as inline SVG. */
function chart(report: AuditReport, outcomes: readonly Outcome[]): string {
  const width = 420;
  const rowHeight = 22;
  const label = 140;
  const rows = report.pairs.map((pair, i) => {
    const counts = report.summary.byPair[pair];
    const total = outcomes.reduce((n, o) => n + (counts?.[o] ?? 0), 0) || 1;
    let x = label;
    const bars = outcomes
      .filter((o) => (counts?.[o] ?? 0) > 0)
      .map((o) => {
        const w = ((counts![o] ?? 0) / total) * (width - label);
        const bar = `<rect x="${x.toFixed(1)}" y="${i * rowHeight + 3}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${COLOURS[o]}"><title>${esc(`${pair}: ${counts![o]} ${o}`)}</title></rect>`;
        x += w;
        return bar;
      });
    return `<text x="0" y="${i * rowHeight + 15}">${esc(pair)}</text>${bars.join("")}`;
  });
  return `<svg class="chart" role="img" aria-label="outcomes per console type" width="${width}" height="${report.pairs.length * rowHeight}" viewBox="0 0 ${width} ${report.pairs.length * rowHeight}">${rows.join("")}</svg>`;
}

function card(server: AuditServer, check: AuditCheck, images: ThumbnailImages): string {
  const image = images.get(thumbnailKey(server.id, pairOf(check)));
  const missing = check.probe?.thumbnail && "missing" in check.probe.thumbnail ? check.probe.thumbnail.missing : undefined;
  const picture = image
    ? `<img class="thumbnail" alt="${esc(`console of ${server.name}`)}" src="data:image/png;base64,${image.toString("base64")}">`
    : `<div class="no-thumbnail">${esc(missing ? `no picture: ${missing}` : check.outcome === "available" ? "no picture" : outcomeLabel(check))}</div>`;
  const why = check.outcome === "available" ? "" : `<p class="why">${esc(detail(check))}</p>`;
  const url = check.url ? `<p class="url"><a href="${esc(check.url)}">open console</a></p>` : "";
  return `<figure class="card" data-outcome="${check.outcome}">${picture}<figcaption><strong>${esc(serverLabel(server))}</strong> <span class="status">${esc(server.status)}</span> <span class="pair">${esc(pairOf(check))}</span><br><span class="outcome o-${check.outcome}">${esc(outcomeLabel(check))}</span>${why}${url}</figcaption></figure>`;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
h1{font-size:20px;margin:0 0 8px} h2{font-size:16px;margin:24px 0 8px}
.counts{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0}
.count{background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px 10px}
.count b{font-size:18px;display:block}
.chart text{font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px}
.card{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px}
.card img,.no-thumbnail{width:100%;aspect-ratio:4/3;object-fit:contain;background:#111;display:block}
.no-thumbnail{color:#eee;display:flex;align-items:center;justify-content:center;text-align:center;font-size:12px;padding:8px;box-sizing:border-box}
.status,.pair{color:#666;font-size:12px} .why{margin:4px 0 0;font-size:12px;color:#555;word-break:break-word}
.outcome{font-weight:600} ${Object.entries(COLOURS).map(([o, c]) => `.o-${o}{color:${c}}`).join(" ")}
table{border-collapse:collapse;background:#fff;width:100%} th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#eee;user-select:none} td.reason{font-size:12px;word-break:break-word}
`;

/** Sorting by a header click and filtering by outcome; runs only in the page. */
const SCRIPT = `
(function(){
  var table=document.getElementById('checks'), body=table.tBodies[0], filter=document.getElementById('filter');
  filter.addEventListener('change',function(){
    Array.prototype.forEach.call(body.rows,function(r){ r.hidden = filter.value !== '' && r.getAttribute('data-outcome') !== filter.value; });
    document.getElementById('shown').textContent = Array.prototype.filter.call(body.rows,function(r){return !r.hidden;}).length;
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    th.addEventListener('click',function(){
      var down = th.getAttribute('data-sort') !== 'asc';
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(c){c.removeAttribute('data-sort');});
      th.setAttribute('data-sort', down ? 'asc' : 'desc');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){ var x=a.cells[i].textContent, y=b.cells[i].textContent; return (x<y?-1:x>y?1:0)*(down?1:-1); });
      rows.forEach(function(r){ body.appendChild(r); });
    });
  });
})();
`;

export function auditHtml(report: AuditReport, images: ThumbnailImages = new Map()): string {
  const outcomes = reportOutcomes(report);
  const counts = outcomes
    .map((o) => `<div class="count" data-count="${o}"><b>${report.summary.outcomes[o] ?? 0}</b>${esc(o)}</div>`)
    .join("");
  const checks = report.servers.flatMap((server) => server.checks.map((check) => ({ server, check })));
  const withUrls = checks.some(({ check }) => check.url !== undefined);
  const cards = checks.map(({ server, check }) => card(server, check, images)).join("\n");
  const rows = checks
    .map(
      ({ server, check }) =>
        `<tr class="check" data-outcome="${check.outcome}"><td>${esc(serverLabel(server))}</td><td>${esc(server.id)}</td><td>${esc(server.status)}</td><td>${esc(pairOf(check))}</td><td class="o-${check.outcome}">${esc(check.outcome)}</td><td>${esc(check.probe?.step ?? "")}</td><td class="reason">${esc(detail(check))}</td>${withUrls ? `<td>${check.url ? `<a href="${esc(check.url)}">open</a>` : ""}</td>` : ""}</tr>`,
    )
    .join("\n");
  const options = outcomes.map((o) => `<option value="${o}">${esc(o)}</option>`).join("");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Console audit ${esc(report.generatedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Console audit</h1>
<p class="summary">${esc(summaryLine(report))}</p>
<p>Generated ${esc(report.generatedAt)} in ${(report.durationMs / 1000).toFixed(1)} s${report.probe ? `; every minted console opened as a browser would (probe timeout ${report.probe.timeoutMs / 1000} s)` : ""}.</p>
<div class="counts">${counts}</div>
${notReached(report)}
${chart(report, outcomes)}
<h2>Consoles</h2>
<div class="grid">
${cards}
</div>
<h2>All checks</h2>
<p><label>Outcome <select id="filter"><option value="">all</option>${options}</select></label> <span id="shown">${checks.length}</span> shown; click a heading to sort.</p>
<table id="checks">
<thead><tr><th>Server</th><th>ID</th><th>Status</th><th>Console</th><th>Outcome</th><th>Step</th><th>Details</th>${withUrls ? "<th>URL</th>" : ""}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
