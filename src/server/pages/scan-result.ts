import type { ScanRecord } from '../../store/scan-store.js';
import type { Report } from '../../model/report.js';
import { findingContent } from '../../content/load.js';
import { SCORING_TABLE } from '../../scoring/table.js';
import { page, type PageContext } from '../html/layout.js';
import { html, seg } from '../html/template.js';
import { categoryBars, findingCard, scoreRing, when } from '../html/components.js';
import { toolForProbes } from '../tools.js';
import { categoryDef } from '../../scoring/categories.js';
import { exportLinks } from './export-links.js';

/** The finished scan: score, categories, findings with fixes, and what to do next. */
export function resultPage(ctx: PageContext, scan: ScanRecord & { report: Report }, origin: string): string {
  const report = scan.report;
  const content = findingContent();
  const checkIds = new Set(Object.keys(SCORING_TABLE));
  const tool = scan.tool ? toolForProbes(scan.tool) : undefined;
  // A tool narrower than a category (CORS, security.txt, DNS vs email) shows its findings but no category score.
  const categories = tool ? (tool.findingPattern ? [] : report.categories.filter((c) => tool.categories.includes(c.id))) : report.categories;
  const findings = tool
    ? report.findings.filter((f) => tool.categories.includes(f.category) && (!tool.findingPattern || tool.findingPattern.test(f.id)))
    : report.findings;
  const shareUrl = `${origin}/scans/${scan.id}`;
  const badgePath = `/badge/${seg(scan.host)}.svg`;
  const lost = findings.reduce((s, f) => s + f.pointsLost, 0);

  return page(ctx, {
    title: `${scan.host}: ${report.grade ?? 'not measured'}`,
    description: `Security scorecard for ${scan.host}: score ${report.score ?? 'n/a'}, grade ${report.grade ?? 'n/a'}.`,
    body: html`<section class="card summary" aria-labelledby="result-h">
${tool?.findingPattern
  ? html`<p class="tool-count"><strong>${findings.length}</strong> finding${findings.length === 1 ? '' : 's'}</p>`
  : scoreRing(tool ? (categories[0]?.score ?? null) : report.score, tool ? null : report.grade)}
<div>
<h1 id="result-h">${tool ? html`${tool.title}: ` : ''}<span class="target">${report.target.url}</span></h1>
<p class="muted">Scanned ${when(scan.createdAt)} in ${(report.durationMs / 1000).toFixed(1)} s${report.target.pinned ? html` · address ${report.target.pinned}` : ''}.
${findings.length === 0 ? 'No findings.' : `${findings.length} finding${findings.length === 1 ? '' : 's'}, ${lost} points lost.`}</p>
${report.caps.length ? html`<p class="notice">${report.caps.map((c) => html`<a href="/checks/${seg(c.id)}"><code>${c.id}</code></a> caps the score at ${c.cap}. `)}</p>` : ''}
${tool ? html`<p class="notice">A focused check: only ${tool.findingPattern ? tool.title.replace(/ checker$/, '') : tool.categories.map((c) => categoryDef(c).name).join(', ')} was measured. <a href="/">Run the full scan</a> for the overall score.</p>` : ''}
<div class="actions">
<form method="post" action="${tool ? `/tools/${tool.id}` : '/scans'}">
<input type="hidden" name="url" value="${scan.url}">
<label class="check small"><input type="checkbox" name="allowed" value="yes" required> I am allowed to test this site</label>
<button type="submit" class="secondary">Re-scan</button>
</form>
<a class="button secondary" href="/scans/${seg(scan.id)}/report.json" download>Download JSON</a>
${tool ? '' : html`<a class="button secondary" href="/hosts/${seg(scan.host)}">History &amp; compare</a>`}
</div>
${exportLinks(scan.id, !tool)}
<div class="share"><label for="share-url" class="small">Share link</label><input type="text" id="share-url" readonly value="${shareUrl}"><button type="button" class="copy secondary small" data-copy="share-url" hidden>Copy link</button></div>
</div>
</section>

${categories.length ? html`<section aria-labelledby="cat-h">
<h2 id="cat-h">Categories</h2>
<div class="card">${categoryBars(categories)}</div>
</section>` : ''}

<section aria-labelledby="findings-h">
<h2 id="findings-h">Findings <span class="muted small">(by points lost)</span></h2>
${findings.length === 0
  ? html`<p class="notice">Nothing to fix in what was measured. Well done.</p>`
  : html`<div class="findings">${findings.map((f, i) => findingCard(f, i, content.get(f.id), checkIds))}</div>`}
</section>

${report.unavailable.length
  ? html`<section aria-labelledby="unavail-h"><h2 id="unavail-h">Not measured</h2><ul>${report.unavailable.map((u) => html`<li><strong>${u.probe}</strong>: ${u.reason}</li>`)}</ul></section>`
  : ''}

${tool
  ? ''
  : html`<section aria-labelledby="badge-h">
<h2 id="badge-h">Badge</h2>
<div class="badge-preview"><img src="${badgePath}" alt="Scorifya grade for ${scan.host}" height="20">
<code id="badge-md">[![Scorifya](${origin}${badgePath})](${origin}/hosts/${seg(scan.host)})</code>
<button type="button" class="copy secondary small" data-copy="badge-md" hidden>Copy Markdown</button></div>
</section>`}`,
  });
}
