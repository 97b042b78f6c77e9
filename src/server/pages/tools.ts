import { page, type PageContext } from '../html/layout.js';
import { html, seg } from '../html/template.js';
import type { ToolDef } from '../tools.js';
import { scanForm, type ScanFormState } from './home.js';

export function toolsIndexPage(ctx: PageContext, tools: readonly ToolDef[]): string {
  return page(ctx, {
    title: 'Focused tools',
    body: html`<h1>Focused tools</h1><p class="lead muted">Single-purpose checks that run only the part of the scan you care about.</p>
<ul class="cards">${tools.map((t) => html`<li><a class="card" href="/tools/${seg(t.id)}"><strong>${t.title}</strong><span class="small muted">${t.summary}</span></a></li>`)}</ul>`,
  });
}

export function toolPage(ctx: PageContext, tool: ToolDef, hasLearn: boolean, state: ScanFormState = {}): string {
  return page(ctx, {
    title: tool.title,
    body: html`<p class="muted small"><a href="/tools">Tools</a></p><h1>${tool.title}</h1><p class="lead muted">${tool.summary}</p>
${scanForm(`/tools/${seg(tool.id)}`, state, 'Check')}
${hasLearn && tool.learn ? html`<p>Background: <a href="/learn/${seg(tool.learn)}">the explainer</a>.</p>` : ''}`,
  });
}
