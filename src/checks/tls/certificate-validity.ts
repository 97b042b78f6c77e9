import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { CertificateEvidence, CertificateInfo, TlsEvidence } from '../../model/tls.js';
import { DAY_MS, locationOf } from './shared.js';

/**
 * CA/Browser Forum maximum lifetime of a publicly trusted TLS certificate, by issuance date
 * (Baseline Requirements; ballot SC-081 sets the 2026–2029 steps). A certificate is judged by the
 * rule in force when it was issued, so a compliant certificate never becomes "too long" later.
 * SC-081: 398 days until 15 March 2026, then 200, 100 from 15 March 2027, 47 from 15 March 2029.
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

/** The lifetime as the Baseline Requirements count it: both the first and the last second are in. */
export function lifetimeMs(c: Pick<CertificateInfo, 'notBefore' | 'notAfter'>): number {
  return Date.parse(c.notAfter) - Date.parse(c.notBefore) + 1000;
}

/** Over this, clients themselves reject the certificate (Safari for any issued from 1 September 2020). */
const BROWSER_ENFORCED_DAYS = 398;

/**
 * Over the limit in force at issuance, for a certificate a public root vouches for. A private (`--ca`)
 * root is bound by no public rule, and an untrusted chain has its own finding, so neither is judged.
 */
function lifetimeOverLimit(leaf: CertificateInfo, anchor: CertificateEvidence['anchor']): Omit<CheckResult, 'evidence' | 'location'> | null {
  if (anchor !== 'public') return null;
  const limit = maxValidityDays(new Date(leaf.notBefore));
  const ms = lifetimeMs(leaf);
  if (limit === null || !(ms > limit * DAY_MS)) return null;
  const days = Math.round((ms / DAY_MS) * 100) / 100;
  const shown = days > limit ? `${days}` : `more than ${limit}`;
  const rejected = days > BROWSER_ENFORCED_DAYS && limit <= BROWSER_ENFORCED_DAYS;
  return {
    id: 'cert_long_validity',
    severity: rejected ? 'high' : 'medium',
    title: rejected
      ? `The certificate is valid for ${shown} days: browsers reject public certificates valid for more than ${BROWSER_ENFORCED_DAYS}`
      : `The certificate is valid for ${shown} days; certificates issued on ${leaf.notBefore.slice(0, 10)} may be valid for at most ${limit}`,
    details: { lifetimeDays: days, limitDays: limit, issued: leaf.notBefore },
  };
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
    const long = lifetimeOverLimit(leaf, tls.certificate.data.anchor);
    if (long) results.push({ ...long, evidence: dates(leaf), location });
    return results;
  },
};
