/**
 * The result page's "Fix these first": the findings that cost the most points (src/report/fix-first.ts
 * chooses them for every output), each linking to its card by the finding's anchor, with the first step
 * of its fix filled in for the scanned host.
 */
import type { FixFirst } from '../../report/fix-first.js';
import { html, trusted, type SafeHtml } from './template.js';
import { inline } from './markdown.js';
import { webWords } from './web-words.js';

export function fixFirstBlock(first: readonly FixFirst[], md: { checkIds: ReadonlySet<string> }): SafeHtml {
  if (first.length === 0) return html``;
  return html`<section class="fix-first" aria-labelledby="fix-first-h" data-fix-first>
<h2 id="fix-first-h">Fix these first</h2>
<ol class="card fix-first-list">${first.map(
    ({ finding: f, anchor, fix }) => html`<li><a href="#${anchor}"><code>${f.id}</code></a> <span class="fix-first-title">${f.title}</span> <span class="fix-first-points">−${f.pointsLost} pts</span>${fix ? html`<span class="fix-first-step small">${trusted(inline(webWords(fix), md))}</span>` : ''}</li>`,
  )}</ol>
</section>`;
}
