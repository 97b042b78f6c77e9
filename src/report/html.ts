/**
 * The HTML export: ONE self-contained file a user can mail or archive. Inline CSS only, no script, no
 * external resource (a Content-Security-Policy meta tag forbids them, so even a missed escape could
 * not run a target's script or call home). Every target-controlled string goes through escapeHtml.
 * Top to bottom: score and measured share, Fix these first, categories, findings (each anchored by its
 * id, anchors.ts). The PDF is this file printed.
 */
import { redirectChainGroups } from './redirect-chain.js';
import type { Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { targetLabel } from '../model/evidence.js';
import { findingContent } from '../content/load.js';
import { contentForFinding, type ShownContent } from '../content/cause.js';
import { escapeHtml as esc } from './escape.js';
import { categoryRows, rowPoints } from './rows.js';
import { explainScore } from './arithmetic.js';
import { findingAnchors } from './anchors.js';
import { fixFirst } from './fix-first.js';
import { nothingMeasured } from './nothing-measured.js';
import { capClassTitle } from '../scoring/caps.js';
import { gradeNote, gradeText, measuredText } from '../scoring/grade.js';
import { SCORIFYA_VERSION } from '../model/scanner.js';
import { vulnerabilityHtml } from './vulnerability-table.js';
import { mailTransportHtml, webDaneHtml } from './mail-transport.js';

/** Nothing may load or run; only the inline style block applies. */
export const EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light dark; --text: #1b2030; --muted: #5a6275; --bg: #ffffff; --line: #dde1ea; --code: #f3f4f8;
  --critical: #8e1b13; --high: #b3261e; --medium: #a35a00; --low: #4b5d86; --info: #5a6275; --good: #137a3f; }
@media (prefers-color-scheme: dark) { :root { --text: #e7eaf2; --muted: #a3abbd; --bg: #10131a; --line: #2b3142; --code: #181c26;
  --critical: #ff8f86; --high: #ff7b72; --medium: #f0a94a; --low: #9fb2e8; --info: #a3abbd; --good: #5fd08b; } }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); max-width: 960px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.muted { color: var(--muted); } .target { overflow-wrap: anywhere; }
.score { font-size: 2.4rem; font-weight: 750; } .grade { font-size: 1.4rem; font-weight: 700; margin-left: .75rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.finding { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; break-inside: avoid; }
.fix-first ol { padding-left: 1.5rem; } .fix-first li { margin: .5rem 0; }
.finding h3 { margin: 0 0 .25rem; font-size: 1.05rem; overflow-wrap: anywhere; }
.sev { display: inline-block; font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; margin-right: .5rem; }
.sev-critical { color: var(--critical); } .sev-high { color: var(--high); } .sev-medium { color: var(--medium); } .sev-low { color: var(--low); } .sev-info { color: var(--info); }
pre, code { font-family: ui-monospace, Menlo, Consolas, "Liberation Mono", monospace; font-size: .85rem; background: var(--code); border-radius: 4px; }
code { padding: 0 .2rem; } pre { padding: .5rem .75rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
details summary { cursor: pointer; color: var(--muted); }
footer { margin-top: 3rem; font-size: .85rem; color: var(--muted); }
@media print { body { margin: 0; max-width: none; } details { display: block; } }
`;

export function renderHtml(report: Report): string {
  const content = findingContent();
  const t = report.target;
  const title = `Scorifya report: ${targetLabel(t)}`;
  const rows = categoryRows(report);
  const arithmetic = explainScore(report);
  const note = gradeNote(report, arithmetic.measured);
  const nothing = nothingMeasured(report, arithmetic);
  const anchors = findingAnchors(report.findings);
  const first = fixFirst(report.findings, { anchors });
  const parts: string[] = [];
  parts.push(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${EXPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Scorifya report for <span class="target">${esc(targetLabel(t))}</span></h1>
<p class="muted">Scanned ${esc(report.startedAt)} in ${(report.durationMs / 1000).toFixed(1)} s${t.pinned ? ` · address ${esc(t.pinned)}` : ''}</p>
${nothing
  ? `<p class="measured"><strong>${esc(nothing.statement)}</strong></p>
${nothing.reasons.length ? `<ul class="not-measured">\n${nothing.reasons.map((r) => `<li>${esc(r)}</li>`).join('\n')}\n</ul>` : ''}`
  : `<p><span class="score">${report.score}/100</span><span class="grade">Grade ${esc(gradeText(report.grade, report.gradePartial))}</span></p>
<p class="measured">${esc(measuredText(arithmetic.measured))} · ${esc(arithmetic.summary)}</p>`}
${note ? `<p class="grade-note">${esc(note)}</p>` : ''}
${report.caps.map((c) => `<p><code>${esc(c.id)}</code> caps the score at ${c.cap}${c.class ? ` (${esc(capClassTitle(c.class))})` : ''}.</p>`).join('\n')}
</header>`);
  if (first.length) {
    parts.push(`<section class="fix-first">
<h2>Fix these first</h2>
<ol>
${first.map(({ finding: f, anchor, fix }) => `<li><a href="#${anchor}"><code>${esc(f.id)}</code></a> ${esc(f.title)} <span class="muted">(−${f.pointsLost} points)</span>${fix ? `<br>${inline(fix)}` : ''}</li>`).join('\n')}
</ol>
</section>`);
  }
  if (!nothing) {
    parts.push(`<section>
<h2>Categories</h2>
<table>
<thead><tr><th scope="col">Category</th><th scope="col" class="num">Points</th><th scope="col">Note</th></tr></thead>
<tbody>
${rows.map((r) => `<tr><td>${esc(r.name)}</td><td class="num">${esc(rowPoints(r))}</td><td class="muted">${esc(r.reason ?? '')}</td></tr>`).join('\n')}
</tbody>
</table>
</section>`);
  }
  if (!nothing || report.findings.length) {
    parts.push(`<section>
<h2>Findings (${report.findings.length})</h2>`);
    if (report.findings.length === 0) parts.push('<p>Nothing to fix in what was measured.</p>');
    else {
      parts.push(`<table>
<thead><tr><th scope="col">Severity</th><th scope="col" class="num">Points</th><th scope="col">Finding</th></tr></thead>
<tbody>
${report.findings.map((f, i) => `<tr><td><span class="sev sev-${f.severity}">${f.severity}</span></td><td class="num">${f.pointsLost ? `−${f.pointsLost}` : '0'}</td><td><a href="#${anchors[i]}"><code>${esc(f.id)}</code></a> ${esc(f.title)}</td></tr>`).join('\n')}
</tbody>
</table>`);
      report.findings.forEach((f, i) => parts.push(findingBlock(f, anchors[i]!, contentForFinding(content, f))));
    }
    parts.push('</section>');
  }
  if (report.tlsVulnerabilities?.length) parts.push(vulnerabilityHtml(report.tlsVulnerabilities));
  if (report.mailTransport?.length) parts.push(mailTransportHtml(report.mailTransport));
  if (report.webDane) parts.push(webDaneHtml(report.webDane));
  const chains = redirectChainGroups(report);
  if (chains.length) {
    parts.push(`<section>
<h2>The redirect chain</h2>
${chains.map((g) => `<h3>${esc(g.title)}</h3>\n<ol>\n${g.lines.map((l) => `<li>${esc(l.replace(/^\d+\. /, ''))}</li>`).join('\n')}\n</ol>`).join('\n')}
</section>`);
  }
  if (report.unavailable.length && !nothing) {
    parts.push(`<section>
<h2>Not measured</h2>
<ul>
${report.unavailable.map((u) => `<li><strong>${esc(u.probe)}</strong>: ${esc(u.reason)}</li>`).join('\n')}
</ul>
</section>`);
  }
  parts.push(`<footer>Generated by Scorifya ${esc(SCORIFYA_VERSION)}. Values quoted from the target are shown as text.</footer>
</body>
</html>
`);
  return parts.join('\n');
}

function findingBlock(f: Finding, anchor: string, words: ShownContent | undefined): string {
  return `<article class="finding" id="${anchor}">
<h3><span class="sev sev-${f.severity}">${f.severity}</span><code>${esc(f.id)}</code> ${esc(f.title)}</h3>
<p class="muted">${esc(f.location)} · ${f.pointsLost ? `−${f.pointsLost} points` : 'no points lost'}</p>
${f.evidence ? `<pre>${esc(f.evidence)}</pre>` : ''}
${words ? `<p><strong>${esc(words.title)}.</strong> ${inline(words.why.split(/\n\s*\n/)[0]!)}</p>
${words.cause ? `<p class="cause"><strong>Cause found</strong> (<code>${esc(words.cause.id)}</code>): ${inline(words.cause.summary)}</p>
` : ''}<p><strong>Fix</strong></p>
<ol>${words.steps.map((s) => `<li>${inline(s)}</li>`).join('')}</ol>
${words.snippets.map((s) => `<details><summary>${esc(s.stack)}</summary><pre>${esc(s.code)}</pre></details>`).join('\n')}` : ''}
</article>`;
}

/** Our own content's inline Markdown: `code` and **bold**, everything escaped; links keep their text only. */
function inline(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 ? `<code>${esc(part)}</code>` : esc(part.replace(/\[([^\]]+)\]\([^)\s]+\)/g, '$1')).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')))
    .join('');
}
