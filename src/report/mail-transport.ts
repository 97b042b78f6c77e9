/**
 * The per-MX mail-transport table (model/report.ts MailTransportRow) in the terminal and in HTML:
 * each MX, and for each what was checked with its verdict, passing checks included. Host names,
 * reasons and details quote what MXs and DNS sent, so they are escaped like every target string.
 */
import type { DaneCheckRow, MailTransportRow } from '../model/report.js';
import { escapeHtml, escapeTerminal } from './escape.js';

const VERDICT: Record<MailTransportRow['checks'][number]['verdict'], string> = { pass: 'ok', fail: 'FAIL', info: 'note', not_tested: 'not tested' };

/** DANE verdicts as a reader takes them. */
export const DANE_VERDICT: Record<DaneCheckRow['verdict'], string> = { valid: 'ok', invalid: 'FAIL', unusable: 'FAIL', absent: 'none', not_measured: 'not measured' };

/** "DANE for the web host" in one line: the TLSA name, the verdict, why. */
export function webDaneLine(row: DaneCheckRow): string {
  return `${row.name}  ${DANE_VERDICT[row.verdict]}  ${row.reason}${row.records.length ? ` (${row.records.length} record${row.records.length === 1 ? '' : 's'})` : ''}`;
}

const head = (r: MailTransportRow): string => `MX ${r.priority} ${r.host}${r.address ? ` (${r.address})` : ''}`;

/** The table for a terminal, indented two spaces. */
export function mailTransportLines(rows: readonly MailTransportRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    out.push(`  ${escapeTerminal(head(r))}`);
    if (r.outcome === 'not_measured') {
      out.push(`    not measured: ${escapeTerminal(r.reason ?? '')}`);
      continue;
    }
    for (const c of r.checks) {
      out.push(`    ${c.check.padEnd(13)} ${VERDICT[c.verdict].padEnd(11)} ${escapeTerminal(c.detail)}${c.findingId ? `  [${c.findingId}]` : ''}`);
    }
  }
  return out;
}

/** The HTML section of a report. */
export function mailTransportHtml(rows: readonly MailTransportRow[]): string {
  const body = rows
    .map((r) => {
      if (r.outcome === 'not_measured') {
        return `<tr><td>${escapeHtml(head(r))}</td><td colspan="3">not measured: ${escapeHtml(r.reason ?? '')}</td></tr>`;
      }
      return r.checks
        .map(
          (c, i) =>
            `<tr>${i === 0 ? `<td rowspan="${r.checks.length}">${escapeHtml(head(r))}</td>` : ''}<td>${c.check}</td><td>${c.verdict === 'fail' ? `<strong class="sev-high">${VERDICT[c.verdict]}</strong>` : VERDICT[c.verdict]}</td><td>${escapeHtml(c.detail)}${c.findingId ? ` <code>${escapeHtml(c.findingId)}</code>` : ''}</td></tr>`,
        )
        .join('\n');
    })
    .join('\n');
  return `<section>
<h2>Mail transport (each MX on port 25)</h2>
<p class="muted">What the scanner checked on each mail server after EHLO and STARTTLS; no mail was sent.</p>
<table>
<thead><tr><th scope="col">MX</th><th scope="col">Check</th><th scope="col">Result</th><th scope="col">Seen</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</section>`;
}

/** The HTML export's web-host DANE section. */
export function webDaneHtml(row: DaneCheckRow): string {
  return `<section>
<h2>DANE for the web host</h2>
<p>${escapeHtml(webDaneLine(row))}</p>
${row.records.length ? `<pre>${escapeHtml(row.records.join('\n'))}</pre>` : ''}
</section>`;
}
