/** Check pages, Learn explainers and stack guides. */
import type { ScoringRule } from '../../scoring/rule.js';
import type { FindingContent } from '../../content/finding-content.js';
import { categoryDef } from '../../scoring/categories.js';
import { capSummary } from '../../scoring/caps.js';
import { page, type PageContext } from '../html/layout.js';
import { html, seg, trusted } from '../html/template.js';
import { renderMarkdown } from '../html/markdown.js';
import { causeSections, fixSteps, stackTabs } from '../html/components.js';
import { webWords } from '../html/web-words.js';
import { scanForm } from './home.js';
import type { ContentDoc } from '../content-files.js';

const pointsText = (rule: ScoringRule) =>
  typeof rule.points === 'number' ? `${rule.points}` : Object.entries(rule.points).map(([sev, p]) => `${p} (${sev})`).join(', ');

export function checksIndexPage(ctx: PageContext, rows: { id: string; rule: ScoringRule; title?: string }[]): string {
  return page(ctx, {
    title: 'All checks',
    body: html`<h1>All checks</h1><p class="lead muted">Every finding Scorifya can report, with what it costs. The same table drives the score.</p>
<div class="table-scroll" tabindex="0"><table><thead><tr><th scope="col">Check</th><th scope="col">Category</th><th scope="col">Severity</th><th scope="col">Points</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td><a href="/checks/${seg(r.id)}"><code>${r.id}</code></a>${r.title ? html`<div class="small">${r.title}</div>` : ''}</td><td>${categoryDef(r.rule.category).name}</td><td><span class="pill sev-${r.rule.severity}">${r.rule.severity}</span></td><td>${pointsText(r.rule)}${capSummary(r.rule.cap) ? html` <span class="small muted">(caps the score at ${capSummary(r.rule.cap)})</span>` : ''}</td></tr>`)}
</tbody></table></div>`,
  });
}

export function checkPage(ctx: PageContext, id: string, rule: ScoringRule, content: FindingContent | undefined, checkIds: ReadonlySet<string>, learnTitle?: string): string {
  const md = { checkIds, headingOffset: 1 };
  const category = categoryDef(rule.category);
  return page(ctx, {
    title: content?.title ?? id,
    body: html`<p class="muted small"><a href="/checks">Checks</a> › ${category.name}</p>
<h1>${content?.title ?? id}</h1>
<div class="meta"><code>${id}</code><span class="pill sev-${rule.severity}">${rule.severity}</span><span>costs ${pointsText(rule)} of the ${category.weight} ${category.name} points</span>${capSummary(rule.cap) ? html`<span>caps the whole score at ${capSummary(rule.cap)}: <a href="/methodology#caps">the cap rule</a></span>` : ''}</div>
${content
  ? html`<div class="prose">${trusted(renderMarkdown(webWords(content.intro), md))}
<h2>Why it matters</h2>${trusted(renderMarkdown(content.why, md))}
<h2>Real-world risk</h2>${trusted(renderMarkdown(content.risk, md))}
<h2>How to fix it</h2>${fixSteps(content, { checkIds })}
<h2>Example configurations</h2>${stackTabs(content, 'check')}
${causeSections(content, { checkIds })}
${learnTitle ? html`<p>Learn more: <a href="/learn/${seg(content.explainer)}">${learnTitle}</a></p>` : ''}</div>`
  : html`<p class="notice">The written guidance for this check is not available in this build. Its scoring is shown above.</p>`}
<section class="card" aria-labelledby="verify-h"><h2 id="verify-h">Verify the fix</h2><p>Changed your configuration? Scan again to see whether this finding has cleared.</p>${scanForm('/scans', {}, 'Re-scan')}</section>`,
  });
}

export function docsIndexPage(ctx: PageContext, title: string, lead: string, base: string, docs: readonly ContentDoc[]): string {
  return page(ctx, {
    title,
    body: html`<h1>${title}</h1><p class="lead muted">${lead}</p>
${docs.length ? html`<ul class="cards">${docs.map((d) => html`<li><a class="card" href="${base}/${seg(d.slug)}"><strong>${d.title}</strong><span class="small muted">${d.summary}</span></a></li>`)}</ul>` : html`<p class="muted">Nothing here yet.</p>`}`,
  });
}

export function docPage(ctx: PageContext, crumb: [string, string], doc: ContentDoc, checkIds: ReadonlySet<string>, tools: readonly { id: string; title: string }[] = []): string {
  return page(ctx, {
    title: doc.title,
    ...(doc.summary ? { description: doc.summary } : {}),
    body: html`<p class="muted small"><a href="${crumb[0]}">${crumb[1]}</a></p>
<article class="prose"><h1>${doc.title}</h1>${trusted(renderMarkdown(doc.body, { checkIds }))}
${tools.length ? html`<p class="actions">${tools.map((t) => html`<a class="button secondary" href="/tools/${seg(t.id)}">${t.title}</a>`)}<a class="button secondary" href="/">Full scan</a></p>` : ''}</article>`,
  });
}
