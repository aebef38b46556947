// index.html: the auditor's report of a bundle. It opens offline: one file, inline CSS, inline JS and
// inline SVG, and a Content-Security-Policy that forbids every network fetch. Every number is in the
// static HTML (data-total / data-control + data-field) and in the embedded summary JSON, so the verifier
// can check the report against the records.
import { dailyTrend, type Summary } from "./summary.js";
import { isFindingWaived, DECISIONS, type EvidenceRecord } from "./record.js";

export interface ReportInput {
  title?: string;
  period: { from: string; to: string };
  generatedAt: string;
  signer: { name: string; keyId: string; algorithm: string };
  summary: Summary;
  records: readonly EvidenceRecord[];
  chains: { chain: string; firstSeq: number; lastSeq: number; count: number; headHash: string }[];
  checkpoints: number;
  policyBundles: { name: string; digest: string; revision?: string }[];
  catalogDigest?: string;
  filters: { controls: string[] | null; sources: string[] | null };
}

export const SUMMARY_SCRIPT_ID = "evident-summary";
const MAX_ROWS = 200;

export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export function unesc(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

function anchor(control: string): string {
  return "c-" + control.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

function num(control: string, field: string, n: number): string {
  return `<td class="n" data-control="${esc(control)}" data-field="${field}">${n}</td>`;
}

function trendSvg(points: { day: string; failures: number; waived: number }[], w: number, h: number, withAxis: boolean): string {
  const max = Math.max(1, ...points.map((p) => p.failures + p.waived));
  const padL = withAxis ? 28 : 1;
  const padB = withAxis ? 18 : 1;
  const innerW = w - padL - 2;
  const innerH = h - padB - 4;
  const bw = points.length ? innerW / points.length : innerW;
  let bars = "";
  points.forEach((p, i) => {
    const x = padL + i * bw;
    const fh = (p.failures / max) * innerH;
    const wh = (p.waived / max) * innerH;
    const y0 = 4 + innerH;
    if (p.failures) bars += `<rect x="${x.toFixed(1)}" y="${(y0 - fh).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${fh.toFixed(1)}" class="bf"><title>${p.day}: ${p.failures} failure(s)</title></rect>`;
    if (p.waived) bars += `<rect x="${x.toFixed(1)}" y="${(y0 - fh - wh).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${wh.toFixed(1)}" class="bw"><title>${p.day}: ${p.waived} waived</title></rect>`;
  });
  let axis = withAxis ? "" : `<line x1="0" y1="${h - 0.5}" x2="${w}" y2="${h - 0.5}" class="ax"/>`;
  if (withAxis && points.length) {
    axis =
      `<line x1="${padL}" y1="${4 + innerH}" x2="${w - 2}" y2="${4 + innerH}" class="ax"/>` +
      `<text x="${padL - 4}" y="10" text-anchor="end" class="tl">${max}</text>` +
      `<text x="${padL - 4}" y="${4 + innerH}" text-anchor="end" class="tl">0</text>` +
      `<text x="${padL}" y="${h - 4}" class="tl">${points[0]!.day}</text>` +
      `<text x="${w - 2}" y="${h - 4}" text-anchor="end" class="tl">${points[points.length - 1]!.day}</text>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="daily failures and waived findings">${axis}${bars}</svg>`;
}

const CSS = `
:root{--fg:#1b1f24;--mut:#59636e;--bd:#d1d9e0;--bad:#c62828;--warn:#b26a00;--ok:#2e7d32;--bg2:#f6f8fa}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);margin:0;padding:24px 32px;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--bd);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0;padding:12px 16px;background:var(--bg2);border:1px solid var(--bd);border-radius:6px}
.meta dt{color:var(--mut)}.meta dd{margin:0;font-weight:600;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}.card{border:1px solid var(--bd);border-radius:6px;padding:8px 12px;min-width:92px}
.card b{display:block;font-size:20px}.card span{color:var(--mut);font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid var(--bd);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--bg2);font-weight:600;font-size:12px}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bad{color:var(--bad);font-weight:600}.bf{fill:var(--bad)}.bw{fill:#f0a020}.ax{stroke:#8c959f}.tl{font-size:10px;fill:var(--mut)}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}.mut{color:var(--mut)}
input[type=search]{padding:4px 8px;width:280px;border:1px solid var(--bd);border-radius:4px}
section.ctl{page-break-inside:avoid}
`;

const JS = `
(function(){var q=document.getElementById('filter');if(!q)return;q.addEventListener('input',function(){var v=q.value.toLowerCase();
document.querySelectorAll('tr[data-row]').forEach(function(tr){tr.style.display=tr.getAttribute('data-row').toLowerCase().indexOf(v)>=0?'':'none'});
document.querySelectorAll('section.ctl').forEach(function(s){s.style.display=s.getAttribute('data-row').toLowerCase().indexOf(v)>=0?'':'none'})});})();
`;

export function renderReport(input: ReportInput): string {
  const { summary, period, signer } = input;
  const t = summary.totals;
  const from = new Date(period.from);
  const to = new Date(period.to);
  const cards = [
    `<div class="card"><b data-total="records">${t.records}</b><span>decisions recorded</span></div>`,
    ...DECISIONS.map((d) => `<div class="card"><b data-total="decision.${d}">${t.decisions[d]}</b><span>${d}</span></div>`),
    `<div class="card"><b data-total="failures" class="${t.failures ? "bad" : ""}">${t.failures}</b><span>failures</span></div>`,
    `<div class="card"><b data-total="waived">${t.waived}</b><span>waived findings</span></div>`,
  ].join("");
  const rows = summary.controls
    .map((c) => {
      const spark = trendSvg(dailyTrend(input.records, c.control, from, to), 120, 24, false);
      return `<tr data-row="${esc(c.control + " " + c.title)}"><td><a href="#${anchor(c.control)}"><code>${esc(c.control)}</code></a></td><td>${esc(c.title)}</td>${num(c.control, "evaluated", c.evaluated)}${DECISIONS.map((d) => num(c.control, `decision.${d}`, c.decisions[d])).join("")}${num(c.control, "failures", c.failures)}${num(c.control, "waived", c.waived)}<td>${spark}</td></tr>`;
    })
    .join("\n");
  const sections = summary.controls.map((c) => controlSection(input, c.control, c.title, from, to)).join("\n");
  const chains = input.chains
    .map((c) => `<tr><td><code>${esc(c.chain)}</code></td><td class="n">${c.firstSeq}</td><td class="n">${c.lastSeq}</td><td class="n">${c.count}</td><td class="mono">${c.headHash}</td></tr>`)
    .join("");
  const bundles = input.policyBundles.map((b) => `<tr><td>${esc(b.name)}</td><td>${esc(b.revision ?? "")}</td><td class="mono">${esc(b.digest)}</td></tr>`).join("");
  const summaryJson = JSON.stringify(summary).replace(/</g, "\\u003c");
  const filters = [input.filters.controls ? `controls: ${input.filters.controls.join(", ")}` : "", input.filters.sources ? `sources: ${input.filters.sources.join(", ")}` : ""].filter(Boolean).join("; ");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title ?? "Evident evidence report")}</title>
<style>${CSS}</style></head>
<body>
<header>
<h1>${esc(input.title ?? "Evident evidence report")}</h1>
<dl class="meta">
<dt>Period</dt><dd id="period">${esc(period.from)} → ${esc(period.to)}</dd>
<dt>Signed by</dt><dd id="signer">${esc(signer.name)} — key ${signer.keyId} (${esc(signer.algorithm)})</dd>
<dt>Generated</dt><dd>${esc(input.generatedAt)}</dd>
<dt>Scope</dt><dd>${esc(filters || "all controls, all sources")}</dd>
<dt>Integrity</dt><dd class="mut">This page is one file of a signed bundle. Its numbers are checked against the records by <code>evident evidence verify evidence.tar.gz --key pub.pem</code>.</dd>
</dl>
<div class="cards">${cards}</div>
</header>
<main>
<h2>Controls</h2>
<p><input type="search" id="filter" placeholder="Filter controls…" aria-label="Filter controls"></p>
<table id="controls"><thead><tr><th>Control</th><th>Title</th><th>Evaluated</th>${DECISIONS.map((d) => `<th>${d}</th>`).join("")}<th>Failures</th><th>Waived</th><th>Trend</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${sections}
<h2>Hash chains</h2>
<table><thead><tr><th>Chain</th><th>First seq</th><th>Last seq</th><th>Records</th><th>Head hash</th></tr></thead><tbody>${chains}</tbody></table>
<p class="mut">${input.checkpoints} signed checkpoint(s) in this bundle.</p>
<h2>Policy bundles in force</h2>
<table><thead><tr><th>Bundle</th><th>Revision</th><th>Digest</th></tr></thead><tbody>${bundles}</tbody></table>
${input.catalogDigest ? `<p class="mut">Control catalog <code>${esc(input.catalogDigest)}</code></p>` : ""}
</main>
<script type="application/json" id="${SUMMARY_SCRIPT_ID}">${summaryJson}</script>
<script>${JS}</script>
</body></html>
`;
}

function controlSection(input: ReportInput, control: string, title: string, from: Date, to: Date): string {
  const failures: string[] = [];
  const waived: string[] = [];
  let nf = 0;
  let nw = 0;
  for (const r of input.records) {
    for (const f of r.findings) {
      if (!f.controls.includes(control)) continue;
      if (isFindingWaived(r, f)) {
        nw++;
        if (waived.length < MAX_ROWS) {
          const e = r.exceptions.find((x) => x.id === f.waiver)!;
          waived.push(
            `<tr><td class="mono">${esc(r.time)}</td><td>${esc(r.subject.reference)}</td><td><code>${esc(f.check)}</code></td><td><code>${esc(e.id)}</code></td><td>${esc(e.justification)}</td><td>${esc(e.approver)}</td><td>${esc(e.expires)}</td></tr>`,
          );
        }
      } else {
        nf++;
        if (failures.length < MAX_ROWS) {
          failures.push(
            `<tr><td class="mono">${esc(r.time)}</td><td>${esc(r.decision)}</td><td>${esc(r.subject.reference)}</td><td><code>${esc(f.check)}</code></td><td>${esc(f.severity)}</td><td>${esc(f.message)}</td></tr>`,
          );
        }
      }
    }
  }
  const chart = trendSvg(dailyTrend(input.records, control, from, to), 640, 150, true);
  const more = (n: number, shown: number) => (n > shown ? `<p class="mut">${n - shown} more not shown; every one is in the records files.</p>` : "");
  return `<section class="ctl" id="${anchor(control)}" data-row="${esc(control + " " + title)}">
<h2><code>${esc(control)}</code> ${esc(title)}</h2>
<div>${chart}</div>
<h3>Failures (${nf})</h3>
${failures.length ? `<table><thead><tr><th>Time</th><th>Decision</th><th>Subject</th><th>Check</th><th>Severity</th><th>Message</th></tr></thead><tbody>${failures.join("")}</tbody></table>${more(nf, failures.length)}` : `<p class="mut">None in this period.</p>`}
<h3>Waived findings (${nw})</h3>
${waived.length ? `<table><thead><tr><th>Time</th><th>Subject</th><th>Check</th><th>Exception</th><th>Justification</th><th>Approver</th><th>Expires</th></tr></thead><tbody>${waived.join("")}</tbody></table>${more(nw, waived.length)}` : `<p class="mut">None in this period.</p>`}
</section>`;
}

/** What the report claims: the embedded summary and every number cell (for the verifier). */
export function readReportClaims(html: string): { summary: unknown; totals: Map<string, number>; cells: Map<string, number> } {
  const m = new RegExp(`<script type="application/json" id="${SUMMARY_SCRIPT_ID}">([\\s\\S]*?)</script>`).exec(html);
  let summary: unknown;
  try {
    summary = m ? JSON.parse(m[1]!) : undefined;
  } catch {
    summary = undefined;
  }
  const totals = new Map<string, number>();
  for (const t of html.matchAll(/data-total="([^"]+)"[^>]*>([^<]*)</g)) totals.set(t[1]!, Number(t[2]!.trim()));
  const cells = new Map<string, number>();
  for (const c of html.matchAll(/data-control="([^"]*)" data-field="([^"]+)"[^>]*>([^<]*)</g)) cells.set(`${unesc(c[1]!)}|${c[2]}`, Number(c[3]!.trim()));
  return { summary, totals, cells };
}
