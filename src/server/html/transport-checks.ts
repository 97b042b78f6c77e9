/**
 * The result page's record of what was checked beyond the findings: each MX on port 25 (STARTTLS,
 * versions, cipher, certificate, DANE) and DANE for the web host, passing checks included, so a reader
 * sees that mail transport was tested and not merely not faulted. Every value quotes what an MX or DNS
 * sent: the template escapes it.
 */
import type { Report } from '../../model/report.js';
import { DANE_VERDICT } from '../../report/mail-transport.js';
import { html, type SafeHtml } from './template.js';

const VERDICT = { pass: 'ok', fail: 'FAIL', info: 'note', not_tested: 'not tested' } as const;

export function transportChecksSection(report: Pick<Report, 'mailTransport' | 'webDane'>): SafeHtml | '' {
  const rows = report.mailTransport ?? [];
  const web = report.webDane;
  if (!rows.length && !web) return '';
  return html`<section aria-labelledby="transport-h" data-transport-checks>
<h2 id="transport-h">Mail transport and DANE</h2>
${rows.length
  ? html`<p class="small muted">What was checked on each mail server after EHLO and STARTTLS; no mail was sent.</p>
<div class="table-scroll"><table>
<caption class="visually-hidden">Checks on each MX</caption>
<thead><tr><th scope="col">MX</th><th scope="col">Check</th><th scope="col">Result</th><th scope="col">Seen</th></tr></thead>
<tbody>${rows.map((r) => {
    const mx = `MX ${r.priority} ${r.host}${r.address ? ` (${r.address})` : ''}`;
    if (r.outcome === 'not_measured') return html`<tr><td>${mx}</td><td colspan="3">not measured: ${r.reason ?? ''}</td></tr>`;
    return r.checks.map((c, i) => html`<tr>${i === 0 ? html`<td rowspan="${r.checks.length}">${mx}</td>` : ''}<td>${c.check}</td><td>${c.verdict === 'fail' ? html`<strong>${VERDICT[c.verdict]}</strong>` : VERDICT[c.verdict]}</td><td>${c.detail}${c.findingId ? html` <code>${c.findingId}</code>` : ''}</td></tr>`);
  })}</tbody></table></div>`
  : ''}
${web ? html`<p><strong>DANE for the web host</strong> (<code>${web.name}</code>): ${DANE_VERDICT[web.verdict]} — ${web.reason}</p>` : ''}
</section>`;
}
