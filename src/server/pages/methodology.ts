/** The methodology page is generated from the scoring table and categories, so it cannot drift. */
import { CATEGORIES } from '../../scoring/categories.js';
import { SCORING_TABLE } from '../../scoring/table.js';
import { gradeFor } from '../../scoring/score.js';
import type { Finding } from '../../model/finding.js';
import { page, type PageContext } from '../html/layout.js';
import { html, seg } from '../html/template.js';

/** The lowest score that earns each grade, found by asking gradeFor() itself. */
export function gradeThresholds(): { grade: string; min: number }[] {
  const mins = new Map<string, number>();
  for (let s = 100; s >= 0; s--) mins.set(gradeFor(s, []), s);
  return [...mins].map(([grade, min]) => ({ grade, min }));
}

function aPlusNeedsNoSerious(): boolean {
  const high = [{ severity: 'high' } as Finding];
  return gradeFor(100, []) === 'A+' && gradeFor(100, high) !== 'A+';
}

export function methodologyPage(ctx: PageContext): string {
  const rows = Object.entries(SCORING_TABLE);
  const thresholds = gradeThresholds();
  const capped = rows.filter(([, r]) => r.cap !== undefined);
  return page(ctx, {
    title: 'Methodology',
    body: html`<article class="prose">
<h1>How the score works</h1>
<p>Scorifya gathers evidence about a site (redirects, response headers, certificates, DNS records and more), runs pure checks over that evidence, and prices each finding with one scoring table. Everything on this page is generated from that table, the same one the scanner uses.</p>
<h2>Categories and weights</h2>
<p>Each category is worth a number of points. A finding costs points inside its category, and a category never drops below zero. A finding id is charged once per scan, for its costliest instance. The overall score is the points kept across the measured categories, scaled to 0–100. A category that could not be measured (for example because the site did not answer) is left out and the rest are rescaled, and the report says what was not measured.</p>
</article>
<div class="table-scroll"><table><thead><tr><th scope="col">Category</th><th scope="col">Points</th><th scope="col">Checks</th></tr></thead><tbody>
${CATEGORIES.map((c) => html`<tr><td>${c.name}${c.conditional ? html` <span class="small muted">(only when detected)</span>` : ''}</td><td>${c.weight}</td><td>${rows.filter(([, r]) => r.category === c.id).length}</td></tr>`)}
</tbody></table></div>
<article class="prose">
<h2>Grades</h2>
<ul>${thresholds.map((t) => html`<li><strong>${t.grade}</strong>: ${t.min === 0 ? 'below the next grade' : `${t.min} or more`}</li>`)}</ul>
${aPlusNeedsNoSerious() ? html`<p>A+ additionally requires that no critical or high-severity finding is present.</p>` : ''}
${capped.length ? html`<h2>Caps</h2><p>Some problems are serious enough that good marks elsewhere cannot outweigh them. While one of these is present the whole score is capped:</p><ul>${capped.map(([id, r]) => html`<li><a href="/checks/${seg(id)}"><code>${id}</code></a>: at most ${r.cap}</li>`)}</ul>` : ''}
<h2>Every finding and its price</h2>
</article>
${CATEGORIES.map((c) => {
  const mine = rows.filter(([, r]) => r.category === c.id);
  if (mine.length === 0) return '';
  return html`<h3>${c.name} (${c.weight} points)</h3><div class="table-scroll"><table><thead><tr><th scope="col">Finding</th><th scope="col">Default severity</th><th scope="col">Points lost</th><th scope="col">Score cap</th></tr></thead><tbody>
${mine.map(([id, r]) => html`<tr><td><a href="/checks/${seg(id)}"><code>${id}</code></a></td><td><span class="pill sev-${r.severity}">${r.severity}</span></td><td>${typeof r.points === 'number' ? r.points : Object.entries(r.points).map(([s, p]) => `${p} when ${s}`).join(', ')}</td><td>${r.cap ?? '—'}</td></tr>`)}
</tbody></table></div>`;
})}
<p class="muted small">Informational findings cost nothing; they point out something worth knowing, such as a site that is ready for the HSTS preload list.</p>`,
  });
}
