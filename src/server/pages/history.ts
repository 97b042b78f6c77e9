import type { ScanRecord, ScanSummary } from '../../store/scan-store.js';
import type { Report } from '../../model/report.js';
import { page, type PageContext } from '../html/layout.js';
import { html, seg } from '../html/template.js';
import { gradeBadge, scoreChart, when } from '../html/components.js';
import { signed, type Comparison } from '../compare.js';
import type { Finding } from '../../model/finding.js';

export function historyPage(ctx: PageContext, host: string, scans: readonly ScanSummary[]): string {
  const done = scans.filter((s) => s.status === 'done');
  const chronological = [...done].reverse();
  return page(ctx, {
    title: `History of ${host}`,
    body: html`<h1>History of <span class="target">${host}</span></h1>
<p><a href="/hosts/${seg(host)}/watch" id="watch-link">Watch this site</a>: get an alert when its score drops or a new finding appears.</p>
${scans.length === 0
  ? html`<p class="notice">No scans of this host yet. <a href="/">Scan it</a>.</p>`
  : html`<section aria-labelledby="chart-h"><h2 id="chart-h">Score over time</h2>${scoreChart(chronological.map((s) => ({ score: s.score, at: s.createdAt })))}</section>
<section aria-labelledby="scans-h"><h2 id="scans-h">Scans</h2>
<form method="get" action="/hosts/${seg(host)}/compare" id="compare-form">
<div class="table-scroll" tabindex="0"><table><thead><tr><th scope="col">Scan</th><th scope="col">Grade</th><th scope="col">Score</th><th scope="col">Status</th><th scope="col">Older</th><th scope="col">Newer</th></tr></thead><tbody>
${scans.map(
  (s) => html`<tr><td><a href="/scans/${seg(s.id)}">${when(s.createdAt)}</a><div class="muted small target">${s.url}</div></td><td>${gradeBadge(s.grade, s.gradePartial)}</td><td>${s.score ?? '–'}</td><td>${s.status}</td>
<td>${s.status === 'done' ? html`<input type="radio" name="a" value="${s.id}" aria-label="Compare from the scan of ${when(s.createdAt)}"${s.id === done[1]?.id ? html` checked` : ''}>` : ''}</td>
<td>${s.status === 'done' ? html`<input type="radio" name="b" value="${s.id}" aria-label="Compare to the scan of ${when(s.createdAt)}"${s.id === done[0]?.id ? html` checked` : ''}>` : ''}</td></tr>`,
)}
</tbody></table></div>
${done.length > 1 ? html`<p><button type="submit">Compare the selected scans</button></p>` : html`<p class="muted small">Two finished scans are needed to compare.</p>`}
</form></section>`}`,
  });
}

type Done = ScanRecord & { report: Report };

export function comparePage(ctx: PageContext, host: string, a: Done, b: Done, cmp: Comparison): string {
  const list = (items: Finding[], empty: string) =>
    items.length ? html`<ul>${items.map((f) => html`<li><a href="/checks/${seg(f.id)}"><code>${f.id}</code></a> — ${f.title} <span class="muted small">(${f.severity}${f.pointsLost ? `, −${f.pointsLost}` : ''})</span></li>`)}</ul>` : html`<p class="muted">${empty}</p>`;
  const delta = signed(cmp.scoreChange);
  const points = (p: number | null, weight: number) => (p === null ? 'not measured' : `${p} / ${weight}`);
  return page(ctx, {
    title: `Compare scans of ${host}`,
    body: html`<h1>Compare scans of <span class="target">${host}</span></h1>
<p><a href="/scans/${seg(a.id)}">${when(a.createdAt)}</a> (${a.report.score ?? '–'} ${gradeBadge(a.report.grade, a.report.gradePartial)}) → <a href="/scans/${seg(b.id)}">${when(b.createdAt)}</a> (${b.report.score ?? '–'} ${gradeBadge(b.report.grade, b.report.gradePartial)}) · score change: <strong id="score-change">${delta}</strong></p>
${cmp.scoreNote ? html`<p class="notice small" id="score-note">${cmp.scoreNote}</p>` : ''}
<div class="compare-cols">
<section class="card" aria-labelledby="fixed-h"><h2 id="fixed-h" class="tag-fixed">Fixed (${cmp.fixed.length})</h2>${list(cmp.fixed, 'Nothing fixed.')}</section>
<section class="card" aria-labelledby="new-h"><h2 id="new-h" class="tag-new">New (${cmp.added.length})</h2>${list(cmp.added, 'Nothing new.')}</section>
<section class="card" aria-labelledby="same-h"><h2 id="same-h">Unchanged (${cmp.unchanged.length})</h2>${list(cmp.unchanged.map((u) => u.after), 'None.')}</section>
</div>
${cmp.categories.length ? html`<section aria-labelledby="cat-change-h"><h2 id="cat-change-h">Category points</h2>
<div class="table-scroll" tabindex="0"><table><thead><tr><th scope="col">Category</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Change</th></tr></thead><tbody>
${cmp.categories.map((c) => html`<tr><td>${c.name}</td><td>${points(c.before, c.weight)}</td><td>${points(c.after, c.weight)}</td><td>${signed(c.change)}</td></tr>`)}
</tbody></table></div></section>` : ''}
<p><a href="/hosts/${seg(host)}">Back to the history</a></p>`,
  });
}
