/**
 * The findings of the named-vulnerability table that no other check already reports: client-initiated
 * renegotiation, a missing Extended Master Secret, 0-RTT, BEAST, LUCKY13 and BREACH. Each comes from
 * the table's own row (vulnerabilities.ts), so the table and the findings cannot disagree.
 */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { HttpEvidence } from '../../model/http.js';
import type { TlsEvidence } from '../../model/tls.js';
import type { VulnerabilityRow } from '../../model/vulnerabilities.js';
import { locationOf } from './shared.js';
import { vulnerabilityTable } from './vulnerability-table.js';
import { breachRow, httpsMainPage } from './breach.js';

const TITLES: Record<string, string> = {
  tls_client_renegotiation: 'The server accepts client-initiated renegotiation',
  tls_no_extended_master_secret: 'Extended Master Secret (RFC 7627) is not supported',
  tls_early_data_accepted: 'TLS 1.3 early data (0-RTT) is accepted: requests sent in it can be replayed',
  tls_beast_cbc_tls10: 'CBC suites on TLS 1.0 or SSL 3.0 (BEAST, mitigated in browsers)',
  tls_lucky13_cbc: 'CBC cipher suites are accepted (LUCKY13 timing side channel)',
  http_breach_possible: 'A page carrying a secret is served HTTP-compressed (BREACH)',
};

const finding = (r: VulnerabilityRow, location: string): CheckResult => ({
  id: r.findingId!,
  title: TITLES[r.findingId!]!,
  evidence: `${r.name} (${r.ref}): ${r.evidence}`,
  location,
});

const TLS_IDS = ['tls_client_renegotiation', 'tls_no_extended_master_secret', 'tls_early_data_accepted', 'tls_beast_cbc_tls10', 'tls_lucky13_cbc'];

export const tlsNamedVulnerabilitiesCheck: Check = {
  name: 'tls/named-vulnerabilities',
  category: 'tls',
  ids: TLS_IDS,
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    return vulnerabilityTable(tls)
      .filter((r) => r.verdict === 'vulnerable' && r.findingId !== null && TLS_IDS.includes(r.findingId))
      .map((r) => finding(r, locationOf(tls)));
  },
};

export const httpBreachCheck: Check = {
  name: 'tls/breach',
  category: 'tls',
  ids: ['http_breach_possible'],
  // Judged in the TLS category beside the other named attacks, so only when the TLS probe ran: without
  // it the category is not measured, and a BREACH verdict alone must not make it look measured.
  reads: ['http', 'tls'],
  topic: 'BREACH',
  run(evidence) {
    const http = dataOf<HttpEvidence>(evidence, 'http');
    const r = breachRow(http);
    return r.verdict === 'vulnerable' ? [finding(r, httpsMainPage(http)!.url)] : [];
  },
};
