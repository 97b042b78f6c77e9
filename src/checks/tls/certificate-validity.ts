import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { TlsEvidence } from '../../model/tls.js';
import { DAY_MS, locationOf } from './shared.js';

/**
 * CA/Browser Forum maximum lifetime of a publicly trusted TLS certificate, by issuance date
 * (Baseline Requirements; ballot SC-081 sets the 2026–2029 steps). A certificate is judged by the
 * rule in force when it was issued, so a compliant certificate never becomes "too long" later.
 */
const MAX_VALIDITY_DAYS: [from: string, days: number][] = [
  ['2029-03-15', 47],
  ['2027-03-15', 100],
  ['2026-03-15', 200],
  ['2020-09-01', 398],
  ['2018-03-01', 825],
  ['2015-04-01', 1185],
];

export function maxValidityDays(issued: Date): number | null {
  for (const [from, days] of MAX_VALIDITY_DAYS) if (issued.getTime() >= Date.parse(from)) return days;
  return null;
}

/** Dates: expired, not yet valid, expiring soon, lifetime over the limit. */
export const tlsCertificateValidityCheck: Check = {
  name: 'tls/certificate-validity',
  category: 'tls',
  ids: ['cert_expired', 'cert_not_yet_valid', 'cert_expiring_soon', 'cert_long_validity'],
  // An expired leaf is renewed; an expired chain certificate is replaced by the CA's current one.
  causes: { cert_expired: ['leaf_expired', 'chain_certificate_expired'] },
  reads: ['tls'],
  run(evidence, ctx) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    if (tls.certificate.status !== 'ok') return [];
    const location = locationOf(tls);
    const { chain, trusted } = tls.certificate.data;
    const now = ctx.now.getTime();
    const results: CheckResult[] = [];
    const leaf = chain[0]!;
    // Served certificates: a self-signed root at the end is the trust anchor, whose dates browsers ignore.
    // When the chain verified at scan time, the path OpenSSL built was in date, so an out-of-date extra
    // intermediate the server also sends (an expired cross-sign) is not on it: only the leaf's dates
    // count (x509-limbo pathological::multiple-chains-expired-intermediate).
    const served = chain.filter((c, i) => i === 0 || (!c.selfSigned && !trusted));
    const dates = (c: (typeof chain)[number]) => `${c.subject}: valid ${c.notBefore} to ${c.notAfter}`;

    // notAfter is inclusive at one-second resolution (RFC 5280 §4.1.2.5): a certificate whose notAfter
    // is 00:00:00 is still valid at 00:00:00.005 (x509-limbo rfc5280::validity::notafter-fractional).
    const expired = served.filter((c) => Date.parse(c.notAfter) + 1000 <= now);
    if (expired.length) {
      const days = Math.floor((now - Date.parse(expired[0]!.notAfter)) / DAY_MS);
      results.push({
        id: 'cert_expired',
        cause: expired.includes(leaf) ? 'leaf_expired' : 'chain_certificate_expired',
        title: expired[0] === leaf ? `The certificate expired ${days} day(s) ago` : `A certificate in the chain (${expired[0]!.subject}) expired ${days} day(s) ago`,
        evidence: expired.map(dates).join('\n'),
        location,
      });
    }
    const early = served.filter((c) => Date.parse(c.notBefore) > now);
    if (early.length) {
      const days = Math.ceil((Date.parse(early[0]!.notBefore) - now) / DAY_MS);
      results.push({ id: 'cert_not_yet_valid', title: `The certificate only becomes valid in ${days} day(s)`, evidence: early.map(dates).join('\n'), location });
    }
    const left = (Date.parse(leaf.notAfter) - now) / DAY_MS;
    if (left >= 0 && left < 30) {
      const days = Math.floor(left);
      results.push({
        id: 'cert_expiring_soon',
        severity: left < 14 ? 'high' : 'medium',
        title: `The certificate expires in ${days} day(s)`,
        evidence: dates(leaf),
        location,
        details: { daysLeft: days },
      });
    }
    const issued = new Date(leaf.notBefore);
    const limit = maxValidityDays(issued);
    const lifetime = Math.round((Date.parse(leaf.notAfter) - issued.getTime()) / DAY_MS);
    // One day of slack: the Baseline Requirements count both the first and the last second.
    if (limit !== null && lifetime > limit + 1) {
      results.push({
        id: 'cert_long_validity',
        title: `The certificate is valid for ${lifetime} days; the limit for certificates issued then is ${limit}`,
        evidence: dates(leaf),
        location,
        details: { lifetimeDays: lifetime, limitDays: limit },
      });
    }
    return results;
  },
};
