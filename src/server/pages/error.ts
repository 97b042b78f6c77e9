import { page, type PageContext } from '../html/layout.js';
import { html } from '../html/template.js';
import type { HttpProblem } from '../problem.js';

export function errorPage(ctx: PageContext, problem: HttpProblem): string {
  return page(ctx, {
    title: problem.title,
    body: html`<h1>${problem.status} — ${problem.title}</h1>
<p class="error-box" role="alert">${problem.detail ?? problem.title}</p>
<p><a class="button secondary" href="/">Back to the scanner</a></p>`,
  });
}
