/** The methodology page is generated from the scoring table, the grade rule and the cap rule, so it cannot drift. */
import { CATEGORIES } from '../../scoring/categories.js';
import { SCORING_TABLE } from '../../scoring/table.js';
import { A_NEEDS_MEASURED, GRADE_SCALE, PASSING_MIN, pointsNeededForA } from '../../scoring/grade.js';
import { capTable, capsBySeverity } from '../../scoring/caps.js';
import { page, type PageContext } from '../html/layout.js';
import { html, seg } from '../html/template.js';

/** The lowest score of each grade, from the one grade scale. */
export function gradeThresholds(): { grade: string; min: number }[] {
  return GRADE_SCALE.map((b) => ({ grade: b.grade, min: b.min }));
}

const BASE_WEIGHT = CATEGORIES.filter((c) => !c.conditional).reduce((s, c) => s + c.weight, 0);
const WITH_CONDITIONAL = CATEGORIES.reduce((s, c) => s + c.weight, 0);
const percent = Math.round(A_NEEDS_MEASURED * 100);

function capsTable() {
  const rows = Object.entries(SCORING_TABLE);
  return html`<div class="table-scroll" tabindex="0"><table id="cap-classes"><thead><tr><th scope="col">Cap</th><th scope="col">Class</th><th scope="col">Kind of failure</th><th scope="col">Findings</th><th scope="col">Sources</th></tr></thead><tbody>
${capTable().map((c) => {
  const members = rows.flatMap(([id, r]) => capsBySeverity(r.cap).filter((e) => e.capClass.id === c.id).map((e) => ({ id, severity: e.severity })));
  return html`<tr data-cap-class="${c.id}"><td><strong>${c.cap}</strong></td><td>${c.title}<div class="small muted"><code>${c.id}</code></div></td><td>${c.kind}<div class="small muted">${c.why}</div></td>
<td>${members.map((m, i) => html`${i ? ', ' : ''}<a href="/checks/${seg(m.id)}"><code>${m.id}</code></a>${m.severity === 'critical' ? '' : html` <span class="small muted">(${m.severity})</span>`}`)}</td>
<td><ul class="small">${c.sources.map((s) => html`<li>${s.url ? html`<a href="${s.url}" rel="noopener">${s.name}</a>` : s.name}: ${s.says}</li>`)}</ul></td></tr>`;
})}
</tbody></table></div>`;
}

export function methodologyPage(ctx: PageContext): string {
  const rows = Object.entries(SCORING_TABLE);
  const thresholds = gradeThresholds();
  return page(ctx, {
    title: 'Methodology',
    body: html`<article class="prose">
<h1>How the score works</h1>
<p>Scorifya gathers evidence about a site (redirects, response headers, certificates, DNS records and more), runs pure checks over that evidence, and prices each finding with one scoring table. Everything on this page is generated from that table, the same one the scanner uses.</p>
<h2>Categories and weights</h2>
<p>Each category is worth a number of points. A finding costs points inside its category, and a category never drops below zero. A finding id is charged once per scan, for its costliest instance. The overall score is the points kept across the measured categories, scaled to 0–100. A category that could not be measured (for example because the site did not answer) is left out and the rest are rescaled, and the report says what was not measured.</p>
</article>
<div class="table-scroll" tabindex="0"><table><thead><tr><th scope="col">Category</th><th scope="col">Points</th><th scope="col">Checks</th></tr></thead><tbody>
${CATEGORIES.map((c) => html`<tr><td>${c.name}${c.conditional ? html` <span class="small muted">(only when detected)</span>` : ''}</td><td>${c.weight}</td><td>${rows.filter(([, r]) => r.category === c.id).length}</td></tr>`)}
</tbody></table></div>
<article class="prose">
<h2 id="measured">The measured share</h2>
<p>Every result states how much of it stands on evidence: <em>measured 80 of 100 points</em> means the categories worth 80 points were measured and those worth 20 were not. The total is the weight of every category that applies: ${BASE_WEIGHT} points, or ${WITH_CONDITIONAL} when WordPress is detected.</p>
<h2 id="grades">Grades</h2>
<ul>${thresholds.map((t) => html`<li><strong>${t.grade}</strong>: ${t.min === 0 ? 'below the next grade' : `${t.min} or more`}</li>`)}</ul>
<p>A+ additionally requires that no critical or high-severity finding is present and that every category that applies was measured; otherwise the grade is A.</p>
<p>A grade of A or above needs at least ${percent} % of the points measured (${pointsNeededForA(BASE_WEIGHT)} of ${BASE_WEIGHT}, ${pointsNeededForA(WITH_CONDITIONAL)} of ${WITH_CONDITIONAL}). Below that it is shown as <strong>partial</strong>, for example <em>A (partial)</em>: good on what was measured, but too little was measured to call the site an A. Lower grades are shown as they are, with the measured share beside them.</p>
<h2 id="caps">Caps</h2>
<p>Some problems are serious enough that good marks elsewhere cannot outweigh them. While one is present the whole score is held at a cap, and the cap comes from one rule: the kind of failure the finding proves, not a number chosen for each finding. Every critical finding caps, below ${PASSING_MIN}, the lowest passing score (the bottom of D). Some lesser findings cap too, at the grade SSL Labs gives the same weakness. When several caps apply, the lowest one counts. A finding whose severity depends on what was found (a 512-bit or a 1536-bit key) caps by the class of what was found.</p>
</article>
${capsTable()}
<article class="prose">
<h2>Every finding and its price</h2>
</article>
${CATEGORIES.map((c) => {
  const mine = rows.filter(([, r]) => r.category === c.id);
  if (mine.length === 0) return '';
  return html`<h3>${c.name} (${c.weight} points)</h3><div class="table-scroll" tabindex="0"><table><thead><tr><th scope="col">Finding</th><th scope="col">Default severity</th><th scope="col">Points lost</th><th scope="col">Score cap</th></tr></thead><tbody>
${mine.map(([id, r]) => html`<tr><td><a href="/checks/${seg(id)}"><code>${id}</code></a></td><td><span class="pill sev-${r.severity}">${r.severity}</span></td><td>${typeof r.points === 'number' ? r.points : Object.entries(r.points).map(([s, p]) => `${p} when ${s}`).join(', ')}</td><td>${capCell(r.cap)}</td></tr>`)}
</tbody></table></div>`;
})}
<p class="muted small">Informational findings cost nothing; they point out something worth knowing, such as a site that is ready for the HSTS preload list.</p>`,
  });
}

function capCell(spec: Parameters<typeof capsBySeverity>[0]) {
  const entries = capsBySeverity(spec);
  if (entries.length === 0) return '—';
  return html`${entries.map((e, i) => html`${i ? ', ' : ''}<a href="#caps" title="${e.capClass.title}">${e.capClass.cap}</a> when ${e.severity}`)}`;
}
