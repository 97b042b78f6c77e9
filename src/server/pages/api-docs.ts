/** A readable page generated from the OpenAPI document, so it lists exactly what the API serves. */
import { page, type PageContext } from '../html/layout.js';
import { html, trusted } from '../html/template.js';
import { inline } from '../html/markdown.js';

interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; description?: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { description?: string; type?: string }> } }> };
  responses?: Record<string, { description?: string }>;
}

/** The OpenAPI descriptions are Markdown (CommonMark, as OpenAPI says): `code` spans become code, not backticks. */
const md = (text: string) => trusted(inline(text));

export function apiDocsPage(ctx: PageContext, doc: { paths?: Record<string, Record<string, Operation>> }): string {
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  return page(ctx, {
    title: 'API',
    body: html`<h1>HTTP API</h1>
<p class="lead muted">JSON over HTTP. Errors are <code>application/problem+json</code> documents. The machine-readable description is at <a href="/api/openapi.json"><code>/api/openapi.json</code></a> (OpenAPI 3.1).</p>
<pre class="code" tabindex="0"><code>curl -s -X POST -H 'content-type: application/json' -d '{"url":"https://example.com"}' http://localhost:8080/api/v1/scans
curl -s http://localhost:8080/api/v1/scans/SCAN_ID
curl -N http://localhost:8080/api/v1/scans/SCAN_ID/events</code></pre>
${ops.map(
  ({ path, method, op }) => html`<section class="api-op" aria-label="${method.toUpperCase()} ${path}">
<h2><span class="method">${method.toUpperCase()}</span><code>${path}</code></h2>
${op.summary ? html`<p><strong>${md(op.summary)}</strong></p>` : ''}${op.description ? html`<p>${md(op.description)}</p>` : ''}
${op.parameters?.length ? html`<h3>Parameters</h3><ul>${op.parameters.map((p) => html`<li><code>${p.name}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? html` — ${md(p.description)}` : ''}</li>`)}</ul>` : ''}
${op.requestBody?.content?.['application/json']?.schema?.properties
  ? html`<h3>Body</h3><ul>${Object.entries(op.requestBody.content['application/json'].schema.properties).map(([name, s]) => html`<li><code>${name}</code> (${s.type ?? 'any'})${s.description ? html` — ${md(s.description)}` : ''}</li>`)}</ul>`
  : ''}
<h3>Responses</h3><ul>${Object.entries(op.responses ?? {}).map(([code, r]) => html`<li><code>${code}</code> ${md(r.description ?? '')}</li>`)}</ul>
</section>`,
)}`,
  });
}
