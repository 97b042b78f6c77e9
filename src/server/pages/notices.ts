import { page, type PageContext } from '../html/layout.js';
import { html, seg } from '../html/template.js';
import { when } from '../html/components.js';
import type { NoticesView } from '../notices.js';

const KIND_WORDS: Record<string, string> = { js_library: 'JavaScript library', server: 'server', cms: 'CMS', wp_plugin: 'WordPress plugin', wp_theme: 'WordPress theme', generator: 'generator' };

export function noticesPage(ctx: PageContext, view: NoticesView, datasets: { name: string; date: string }[]): string {
  return page(ctx, {
    title: 'Notices',
    description: 'Published vulnerabilities that affect software seen in scans on this server.',
    body: html`<h1>Notices</h1>
<p>Published vulnerabilities (CVEs and advisories) that affect software seen in the latest scan of each host on this server: ${view.hostsScanned} host${view.hostsScanned === 1 ? '' : 's'}, ${view.softwareSeen} pieces of software with their versions. Only versions a site actually showed are matched. <a href="/learn/known-vulnerabilities">How this works</a>.</p>
<p class="muted small">Advisory data: ${datasets.map((d, i) => html`${i ? ' · ' : ''}${d.name} (${d.date})`)}.</p>
${view.notices.length === 0
  ? html`<p class="notice" id="no-notices">No published advisory affects the software seen so far.</p>`
  : html`<div class="table-scroll"><table id="notices"><thead><tr><th scope="col">Advisory</th><th scope="col">Software</th><th scope="col">Severity</th><th scope="col">Published</th><th scope="col">Fixed in</th><th scope="col">Seen on</th></tr></thead><tbody>
${view.notices.map(
  (n) => html`<tr><td>${n.ids.map((id, i) => html`${i ? ', ' : ''}<code>${id}</code>`)}<div class="small">${n.source?.startsWith("https://") ? html`<a href="${n.source}" rel="noopener noreferrer">${n.title}</a>` : n.title}</div></td>
<td>${n.productLabel}<div class="muted small">${KIND_WORDS[n.kind] ?? n.kind}</div></td><td>${n.severity}</td><td>${n.published ?? '–'}</td><td>${n.fixedIn ?? '–'}</td>
<td><ul class="plain">${n.hosts.map((h) => html`<li><a href="/hosts/${seg(h.host)}">${h.host}</a> ${h.version} <span class="muted small">(<a href="/scans/${seg(h.scanId)}">scan of ${when(h.scannedAt)}</a>)</span></li>`)}</ul></td></tr>`,
)}
</tbody></table></div>`}`,
  });
}
