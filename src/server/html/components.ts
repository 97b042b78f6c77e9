/** Small building blocks shared by the result, history and tool pages. */
import type { Finding } from '../../model/finding.js';
import type { CauseContent, FindingContent } from '../../content/finding-content.js';
import type { ShownContent } from '../../content/cause.js';
import { html, seg, trusted, type SafeHtml } from './template.js';
import { inline } from './markdown.js';
import { contentDocs } from '../content-files.js';
import { suggestedFix } from './suggested-fix.js';
import { webWords } from './web-words.js';
import { gradeText } from '../../scoring/grade.js';

export const tone = (score: number | null): string =>
  score === null ? 'none' : score >= 90 ? 'good' : score >= 75 ? 'ok' : score >= 55 ? 'warn' : 'bad';

/** A grade as a pill: "A", or "A (partial)" in the neutral colour when too little was measured (scoring/grade.ts). */
export function gradeBadge(grade: string | null, partial?: boolean): SafeHtml {
  if (!grade) return html`<span class="grade">–</span>`;
  return html`<span class="grade ${partial ? 'grade-partial' : `grade-${grade}`}">${gradeText(grade, partial)}</span>`;
}

/** The big score as a ring; the number and grade are real text for screen readers too. */
export function scoreRing(score: number | null, grade: string | null, partial?: boolean): SafeHtml {
  const r = 52;
  const circumference = 2 * Math.PI * r;
  const offset = circumference * (1 - (score ?? 0) / 100);
  const label = score === null ? 'Not measured' : `Score ${score} out of 100, grade ${gradeText(grade, partial)}`;
  return html`<svg class="score-ring tone-${tone(score)}" viewBox="0 0 128 128" role="img" aria-label="${label}">
<circle class="track" cx="64" cy="64" r="${r}" fill="none" stroke-width="11"/>
<circle class="value" cx="64" cy="64" r="${r}" fill="none" stroke-width="11" stroke-linecap="round"
 stroke-dasharray="${circumference.toFixed(2)}" stroke-dashoffset="${offset.toFixed(2)}" transform="rotate(-90 64 64)"/>
<text x="64" y="66" text-anchor="middle" font-size="34">${score ?? '–'}</text>
<text class="grade-text" x="64" y="92" text-anchor="middle" font-size="15">${grade ? `grade ${grade}` : 'no score'}</text>
${partial ? html`<text class="grade-text" x="64" y="107" text-anchor="middle" font-size="11">(partial)</text>` : ''}
</svg>`;
}

/**
 * One finding with its proof, risk, fix steps and stack tabs. `anchor` is the card's id, the finding's
 * id (src/report/anchors.ts), so a link to it survives the next scan; `n` keeps the tabs' ids unique.
 * `content` is already chosen for the finding's cause (contentForFinding): the card names the cause found.
 */
export function findingCard(f: Finding, n: number, anchor: string, content: ShownContent | undefined, checkIds: ReadonlySet<string>): SafeHtml {
  const md = { checkIds };
  return html`<article class="finding sev-${f.severity}" id="${anchor}">
<header><h3>${f.title}</h3><span class="points">${f.pointsLost > 0 ? `−${f.pointsLost} pts` : '0 pts'}</span></header>
<div class="meta"><span class="pill sev sev-${f.severity}">${f.severity}</span><a href="/checks/${seg(f.id)}"><code>${f.id}</code></a><span class="location">${f.location}</span></div>
<details><summary>Evidence</summary><pre class="evidence" id="evidence-${anchor}">${f.evidence}</pre></details>
${content
  ? html`<p><strong>Real-world risk:</strong> ${trusted(inline(firstParagraph(content.risk), md))}</p>
<details class="fix"><summary>How to fix it</summary>
${suggestedFix(f, `f${n}`)}
${content.cause ? causeFound(content.cause, md) : ''}
${fixSteps(content, md)}
${stackTabs(content, `f${n}`)}
</details>
<p class="small"><a href="/checks/${seg(f.id)}">Why this matters and how to verify the fix</a>${contentDocs('learn').has(content.explainer) ? html` · <a href="/learn/${seg(content.explainer)}">Learn: ${contentDocs('learn').get(content.explainer)!.title}</a>` : ''}</p>`
  : ''}
</article>`;
}

/** The cause the scan found, above the steps that fix that cause. */
export function causeFound(cause: { id: string; summary: string }, md: { checkIds: ReadonlySet<string> }): SafeHtml {
  return html`<p class="cause" data-cause="${cause.id}"><strong>Cause found:</strong> ${trusted(inline(webWords(cause.summary), md))}</p>`;
}

/** Every cause of a multi-cause id with its own steps (and configurations), for the check page. */
export function causeSections(content: FindingContent, md: { checkIds: ReadonlySet<string> }): SafeHtml {
  const causes = [...content.causes.values()];
  if (causes.length === 0) return html``;
  return html`<h2 id="causes">Fixes by cause</h2>
<p>This finding has more than one cause, and the fix depends on which one. A scan names the cause it found and shows only its fix; the steps above are the general fix.</p>
${causes.map((c: CauseContent) => html`<section class="cause-fix" id="cause-${c.id}" data-cause="${c.id}"><h3><code>${c.id}</code></h3>
<p>${trusted(inline(webWords(c.summary), md))}</p>
${fixSteps(c, md)}
${c.snippets ? stackTabs({ snippets: c.snippets }, `cause-${c.id}`) : ''}</section>`)}`;
}

export function fixSteps(content: Pick<FindingContent, 'steps'>, md: { checkIds: ReadonlySet<string> }): SafeHtml {
  return html`<ol class="steps">${content.steps.map(
    (step) => html`<li><span>${trusted(inline(webWords(step), md))}</span></li>`,
  )}</ol>`;
}

/** Radio-button tabs: they work with keyboard and without JavaScript. */
export function stackTabs(content: Pick<FindingContent, 'snippets'>, key: string): SafeHtml {
  if (content.snippets.length === 0) return html``;
  const snippets = content.snippets.slice(0, 8);
  return html`<div class="tabs">
${snippets.map((s, i) => html`<input type="radio" class="tab-${i}" name="stack-${key}" id="stack-${key}-${i}"${i === 0 ? html` checked` : ''}>`)}
<div class="tablist">${snippets.map((s, i) => html`<label class="tab-${i}" for="stack-${key}-${i}">${s.stack}</label>`)}</div>
${snippets.map(
  (s, i) => html`<div class="tabpanel tab-${i}"><div class="snippet"><pre class="code" data-lang="${s.lang}" tabindex="0"><code id="code-${key}-${i}">${s.code}</code></pre><button type="button" class="copy small" data-copy="code-${key}-${i}" hidden>Copy</button></div></div>`,
)}
</div>`;
}

function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0]!.replace(/\s*\n\s*/g, ' ');
}

/** Score over time as an inline SVG line chart (oldest on the left). */
export function scoreChart(points: { score: number | null; at: number }[]): SafeHtml {
  const data = points.filter((p): p is { score: number; at: number } => p.score !== null);
  if (data.length === 0) return html`<p class="muted">No finished scan with a score yet.</p>`;
  const w = 800, h = 220, left = 36, right = 12, top = 12, bottom = 28;
  const x = (i: number) => (data.length === 1 ? left + (w - left - right) / 2 : left + (i * (w - left - right)) / (data.length - 1));
  const y = (s: number) => top + ((100 - s) * (h - top - bottom)) / 100;
  const sameDay = new Date(data[0]!.at).toISOString().slice(0, 10) === new Date(data.at(-1)!.at).toISOString().slice(0, 10);
  const fmt = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, sameDay ? 16 : 10);
  const line = data.map((p, i) => `${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const summary = `Score over ${data.length} scans, from ${data[0]!.score} on ${fmt(data[0]!.at)} to ${data.at(-1)!.score} on ${fmt(data.at(-1)!.at)}`;
  return html`<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-label="${summary}">
${[0, 25, 50, 75, 100].map((g) => html`<line class="grid" x1="${left}" x2="${w - right}" y1="${y(g)}" y2="${y(g)}"/><text x="${left - 6}" y="${y(g) + 4}" text-anchor="end">${g}</text>`)}
<polyline class="line" points="${line}"/>
${data.map((p, i) => html`<circle class="dot" cx="${x(i).toFixed(1)}" cy="${y(p.score).toFixed(1)}" r="4"><title>${p.score} on ${new Date(p.at).toISOString().replace('T', ' ').slice(0, 16)} UTC</title></circle>`)}
<text x="${left}" y="${h - 8}">${fmt(data[0]!.at)}</text>
${data.length > 1 ? html`<text x="${w - right}" y="${h - 8}" text-anchor="end">${fmt(data.at(-1)!.at)}</text>` : ''}
</svg>`;
}

export const when = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
