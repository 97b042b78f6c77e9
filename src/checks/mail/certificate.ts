/**
 * The certificate each MX presents after STARTTLS: chained to a trusted root, within its validity,
 * and issued for the MX host name (RFC 6125 as RFC 8461 §4.1 and RFC 7672 use it). Without MTA-STS
 * or DANE, senders accept any certificate (opportunistic TLS, RFC 7435), so a problem weighs little,
 * as internet.nl weighs it; under an MTA-STS policy in testing mode senders report it; in enforce mode
 * they refuse to deliver, and the problem stops mail: critical. common.ts decides which applies.
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { cannotJudgeMail, certificateSeverity, mail, mxAuthentication, tlsMxs } from './common.js';

const CAUSES = ['expired', 'untrusted', 'name_mismatch', 'several_problems'] as const;
type Cause = (typeof CAUSES)[number];

/** OpenSSL's verification errors that mean "outside its validity", not "unknown issuer". */
const TIME_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

const AUTH_WORDS = {
  'mta-sts-enforce': 'its MTA-STS policy is in enforce mode, so senders that honour it will not deliver mail to this MX',
  'mta-sts-testing': 'its MTA-STS policy is in testing mode: senders still deliver, and report the failure',
  dane: 'a DNSSEC-validated TLSA record matches this MX, so DANE senders authenticate it by that record and deliver; senders that only do MTA-STS or PKIX checks would not trust it',
  opportunistic: 'with neither MTA-STS nor DANE, senders encrypt anyway and accept any certificate, so this does not stop mail but leaves it open to an active attacker',
} as const;

export const mxCertificateCheck: Check = {
  name: 'mail/certificate',
  category: 'dns',
  ids: ['mail_certificate_invalid'],
  causes: { mail_certificate_invalid: CAUSES },
  // The DNS probe's MTA-STS policy decides how much a bad certificate weighs: without it, a
  // certificate problem could be called "low" on a domain whose policy makes it stop mail.
  reads: ['mail', 'dns'],
  topic: 'MX certificates',
  cannotJudge: cannotJudgeMail,
  run(evidence, ctx) {
    const m = mail(evidence);
    const out: CheckResult[] = [];
    for (const mx of tlsMxs(m)) {
      const t = mx.tls;
      const problems: { cause: Exclude<Cause, 'several_problems'>; text: string }[] = [];
      const expired = (t.notAfter && new Date(t.notAfter) < ctx.now) || (t.trustError !== undefined && TIME_ERRORS.has(t.trustError));
      if (expired) problems.push({ cause: 'expired', text: `valid ${t.notBefore || '?'} to ${t.notAfter || '?'}${t.trustError && TIME_ERRORS.has(t.trustError) ? ` (${t.trustError})` : ''}` });
      if (!t.trusted && !(t.trustError && TIME_ERRORS.has(t.trustError))) problems.push({ cause: 'untrusted', text: `does not chain to a trusted root (${t.trustError ?? 'not verified'}); issuer: ${t.issuer}` });
      if (!t.nameMatches) problems.push({ cause: 'name_mismatch', text: `issued for ${t.names.length ? t.names.join(', ') : 'no DNS name'}, not ${mx.host}` });
      if (!problems.length) continue;
      const auth = mxAuthentication(evidence, mx);
      const causes = new Set(problems.map((p) => p.cause));
      out.push({
        id: 'mail_certificate_invalid',
        cause: causes.size === 1 ? [...causes][0]! : 'several_problems',
        severity: certificateSeverity(auth),
        title: `MX ${mx.host} presents a certificate that fails validation: ${AUTH_WORDS[auth]}`,
        evidence: [`${mx.host} (${mx.address ?? '?'}) after STARTTLS, ${t.protocol}`, `subject: ${t.subject}`, ...problems.map((p) => p.text)].join('\n'),
        location: mx.host,
        details: { authentication: auth },
      });
    }
    return out;
  },
};
