import { page, type PageContext } from '../html/layout.js';
import { html, seg } from '../html/template.js';
import { when } from '../html/components.js';
import type { NoticesView } from '../notices.js';

const KIND_WORDS: Record<string, string> = { js_library: 'JavaScript library', server: 'server', cms: 'CMS', wp_plugin: 'WordPress plugin', wp_theme: 'WordPress theme', generator: 'generator' };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function noticesPage(ctx: PageContext, view: NoticesView, datasets: { name: string; date: string }[]): string {
  // retire.js (JavaScript libraries) gives no publication date: say so once, not with a dash per row.
  const dated = view.notices.filter((n) => n.published).length;
  const showDates = dated > 0;
  const undated = view.notices.length - dated;
  return page(ctx, {
    title: 'Notices',
    description: 'Published vulnerabilities that affect software seen in scans on this server.',
    body: html`<h1>Notices</h1>
<p>Published vulnerabilities (CVEs and advisories) that affect software seen in the latest scan of each host on this server. Only versions a site actually showed are matched. <a href="/learn/known-vulnerabilities">How this works</a>.</p>
<p data-notices-summary>${plural(view.hostsScanned, 'host', 'hosts')} scanned; ${plural(view.softwareSeen, 'piece', 'pieces')} of software seen with a version; <strong>${view.softwareAffected} affected</strong> by ${plural(view.notices.length, 'published advisory', 'published advisories')}${view.notices.length ? ', listed below' : ''}.</p>
<p class="muted small">Advisory data: ${datasets.map((d, i) => html`${i ? ' · ' : ''}${d.name} (${d.date})`)}.</p>
${view.notices.length === 0
  ? html`<p class="notice" id="no-notices">No published advisory affects the software seen so far.</p>`
  : html`<div class="table-scroll" tabindex="0"><table id="notices"><thead><tr><th scope="col">Advisory</th><th scope="col">Software</th><th scope="col">Severity</th>${showDates ? html`<th scope="col">Published</th>` : ''}<th scope="col">Fixed in</th><th scope="col">Seen on</th></tr></thead><tbody>
${view.notices.map(
  (n) => html`<tr><td>${n.ids.map((id, i) => html`${i ? ', ' : ''}<code>${id}</code>`)}<div class="small">${n.source?.startsWith("https://") ? html`<a href="${n.source}" rel="noopener noreferrer">${n.title}</a>` : n.title}</div></td>
<td>${n.productLabel}<div class="muted small">${KIND_WORDS[n.kind] ?? n.kind}</div></td><td>${n.severity}</td>${showDates ? html`<td>${n.published ?? ''}</td>` : ''}<td>${n.fixedIn ?? html`<span class="muted small">no fixed release</span>`}</td>
<td><ul class="plain">${n.hosts.map((h) => html`<li><a href="/hosts/${seg(h.host)}">${h.host}</a> ${h.version} <span class="muted small">(<a href="/scans/${seg(h.scanId)}">scan of ${when(h.scannedAt)}</a>)</span></li>`)}</ul></td></tr>`,
)}
</tbody></table></div>
${undated ? html`<p class="muted small" data-undated>${showDates ? `${plural(undated, 'advisory has', 'advisories have')} no publication date in the data (the retire.js data for JavaScript libraries publishes none); they are listed last.` : 'The advisory data gives no publication date for these advisories (the retire.js data for JavaScript libraries publishes none).'}</p>` : ''}`}`,
  });
}
