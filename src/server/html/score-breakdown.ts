/**
 * The result page's numbers, all from the one arithmetic (src/report/arithmetic.ts): the score line,
 * the category rows ("Security headers 4 / 25" with a bar), the focused-tool verdict and the findings
 * summary table with jump links.
 */
import type { Finding } from '../../model/finding.js';
import { categoryDef } from '../../scoring/categories.js';
import { categoryLine, categoryNote, totalText, type CategoryArithmetic, type ScoreArithmetic } from '../../report/arithmetic.js';
import { capClassTitle } from '../../scoring/caps.js';
import { measuredText } from '../../scoring/grade.js';
import { html, seg, type SafeHtml } from './template.js';
import { webWords } from './web-words.js';
import { categoryReason } from './not-measured.js';
import type { Report } from '../../model/report.js';

type Unavailable = Report['unavailable'][number];

/** Bar colour from the share of the weight earned (the same bands as the score ring). */
const toneOf = (fraction: number): string => (fraction >= 0.9 ? 'good' : fraction >= 0.75 ? 'ok' : fraction >= 0.55 ? 'warn' : 'bad');

/** "84 of 100 — capped at 30 by no_https", with the capping ids linked to their check pages, and the measured share. */
export function arithmeticLine(a: ScoreArithmetic, gradeNote?: string | null): SafeHtml {
  const measured = html`<p class="measured" data-measured>${measuredText(a.measured)}</p>${gradeNote ? html`<p class="grade-note notice small" data-grade-note>${gradeNote}</p>` : ''}`;
  if (a.uncapped === null) return html`<p class="arithmetic" data-arithmetic>${a.summary}</p>${measured}`;
  return html`<p class="arithmetic" data-arithmetic>${totalText(a)}${a.cap
    ? html` — capped at ${a.cap.cap} by ${capIds(a.cap.ids)}`
    : ''}</p>${measured}`;
}

const capIds = (ids: readonly string[]) => ids.map((id, i) => html`${i ? ', ' : ''}<a href="/checks/${seg(id)}"><code>${id}</code></a>`);

function categoryRow(c: CategoryArithmetic, unavailable: readonly Unavailable[]): SafeHtml {
  if (!c.measured) {
    return html`<li class="bar" data-category="${c.id}"><span class="name">${c.name}</span><span class="value muted">not measured</span><span class="reason muted small">${c.reason ? categoryReason(c.reason, unavailable) : 'no evidence'}</span></li>`;
  }
  const fraction = c.earned! / c.weight;
  const note = categoryNote(c);
  return html`<li class="bar" data-category="${c.id}"><span class="name">${c.name}</span>
<svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="8" rx="4"/><rect class="fill tone-${toneOf(fraction)}" width="${(fraction * 100).toFixed(1)}" height="8" rx="4"/></svg>
<span class="value">${categoryLine(c)}<span class="visually-hidden"> points</span></span>${note ? html`<span class="note muted small">${note}</span>` : ''}</li>`;
}

/**
 * Category rows that add up: each row's points, then their sum, the rescale and the cap. `unavailable`
 * (the report's) is listed under "Not measured": a row names those probes instead of repeating them.
 */
export function scoreBreakdown(a: ScoreArithmetic, withTotal = true, unavailable: readonly Unavailable[] = []): SafeHtml {
  const rescaled = a.measuredWeight !== 100 && a.uncapped !== null;
  return html`<ul class="bars">${a.categories.map((c) => categoryRow(c, unavailable))}</ul>
${!withTotal && a.measured.of > 0 ? html`<p class="muted small" data-measured>${measuredText(a.measured)}</p>` : ''}
${a.uncapped === null || !withTotal
  ? ''
  : html`<p class="total"><span>Total</span><strong>${a.earned} / ${a.measuredWeight}</strong></p>
${rescaled ? html`<p class="muted small">Only measured categories count: ${a.earned} of ${a.measuredWeight} points is ${a.uncapped} of 100.</p>` : ''}
${a.cap ? html`<p class="notice small">A finding limits the whole score: ${a.uncapped} is capped at <strong>${a.cap.cap}</strong> by ${capIds(a.cap.ids)}${a.cap.classes.length ? html` (${a.cap.classes.map(capClassTitle).join(', ')}; see <a href="/methodology#caps">the cap rule</a>)` : ''}.</p>` : ''}`}`;
}

/** A focused tool's own verdict: the points of the categories it ran, or its finding count. */
export function toolVerdict(a: ScoreArithmetic, findings: readonly Finding[], narrow: boolean, narrowMeasured = true): SafeHtml {
  const measured = a.categories.filter((c) => c.measured);
  // A tool that measured nothing has no verdict: "0 problems" would claim a clean result.
  if (narrow ? !narrowMeasured : measured.length === 0) return html`<p class="verdict" data-verdict><strong>not measured</strong></p>`;
  if (narrow) {
    const problems = findings.filter((f) => f.severity !== 'info').length;
    return html`<p class="verdict" data-verdict><strong>${problems}</strong> ${problems === 1 ? 'problem' : 'problems'}<span class="small muted">${findings.length - problems ? ` + ${findings.length - problems} notes` : ''}</span></p>`;
  }
  return html`<p class="verdict" data-verdict>${measured.map((c) => html`<span class="verdict-row"><strong>${categoryLine(c)}</strong><span class="small muted">${c.name} points</span></span>`)}</p>`;
}

/** id, severity, points and category of every finding, each linking to its card by its anchor. */
export function findingsTable(findings: readonly Finding[], anchors: readonly string[]): SafeHtml {
  return html`<div class="table-scroll"><table class="findings-table">
<caption class="visually-hidden">Findings by points lost</caption>
<thead><tr><th scope="col">Finding</th><th scope="col">Severity</th><th scope="col" class="num">Points</th><th scope="col">Category</th></tr></thead>
<tbody>${findings.map(
    (f, i) => html`<tr><td><a href="#${anchors[i]!}"><code>${f.id}</code></a><span class="small muted table-title">${f.title}</span></td><td><span class="pill sev-${f.severity}">${f.severity}</span></td><td class="num">${f.pointsLost > 0 ? `−${f.pointsLost}` : '0'}</td><td>${categoryDef(f.category).name}</td></tr>`,
  )}</tbody></table></div>`;
}
