import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { TlsEvidence, VulnerabilityResult } from '../../model/tls.js';
import { locationOf } from './shared.js';

/**
 * Heartbleed, CCS injection, ROBOT and Ticketbleed, from the active tests' verdicts. Only `vulnerable` is a
 * finding: `inconclusive` and `not_tested` are neither safe nor vulnerable, so they stay in the
 * evidence (with their reason) and never become a finding either way.
 */
export const tlsVulnerabilitiesCheck: Check = {
  name: 'tls/vulnerabilities',
  category: 'tls',
  ids: ['tls_heartbleed', 'tls_ccs_injection', 'tls_robot', 'tls_ticketbleed'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    // Absent in evidence recorded before these tests existed.
    const v = tls.vulnerabilities;
    if (!v) return [];
    const results: CheckResult[] = [];
    const add = (id: string, title: string, r: VulnerabilityResult, extra: Partial<CheckResult> = {}) => {
      if (r.verdict === 'vulnerable') results.push({ id, title, evidence: r.detail, location: locationOf(tls), ...extra });
    };
    add('tls_heartbleed', 'The server leaks its memory through TLS heartbeats (Heartbleed, CVE-2014-0160)', v.heartbleed);
    add('tls_ccs_injection', 'The server accepts an early ChangeCipherSpec (CCS injection, CVE-2014-0224)', v.ccsInjection);
    // Evidence recorded before Ticketbleed was tested has no such entry.
    if (v.ticketbleed) add('tls_ticketbleed', 'The server leaks memory in the session id when resuming a ticket (Ticketbleed, CVE-2016-9244)', v.ticketbleed);
    if (v.robot.verdict === 'vulnerable') {
      const strong = v.robot.oracle === 'strong';
      const lines = v.robot.responses.map((r) => `${r.variant}: ${r.reply}`);
      add('tls_robot', `The server's RSA key exchange is a ${strong ? 'strong' : 'weak'} padding oracle (ROBOT)`, v.robot, {
        evidence: [v.robot.detail, ...lines].join('\n'),
        // A weak oracle needs far more queries (the ROBOT paper's terms): high, not critical.
        ...(strong ? {} : { severity: 'high' as const }),
      });
    }
    return results;
  },
};
