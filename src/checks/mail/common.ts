/** What the mail-transport checks share: the evidence, and which policy makes senders insist on TLS. */
import type { Evidence } from '../../model/evidence.js';
import type { DnsEvidence } from '../../model/dns.js';
import type { MailTransportEvidence, MxTransport } from '../../model/mail-transport.js';
import type { Severity } from '../../model/finding.js';
import { isStsRecord, mxMatchesPattern, parseStsPolicy } from '../../net/dns/parse/mta-sts.js';
import { dataOf } from '../check.js';
import { daneVerdictFor } from './dane.js';
import { cannotJudgeMail, dnsUnavailable } from './dns-half.js';

export { cannotJudgeMail, dnsUnavailable };

export const mail = (evidence: Evidence): MailTransportEvidence => dataOf<MailTransportEvidence>(evidence, 'mail');

/**
 * How a sender treats this MX's certificate:
 * - `mta-sts-enforce`: an MTA-STS policy in enforce mode covers the MX; senders that honour it refuse
 *   to deliver over a certificate that fails (RFC 8461 §5), so a bad certificate stops mail.
 * - `mta-sts-testing`: the policy only asks for reports (RFC 8461 §5, mode testing): mail still flows.
 * - `opportunistic`: no policy; senders encrypt if they can and accept any certificate (RFC 7435),
 *   which is why internet.nl shows certificate trust and name only as information without DANE.
 *
 * - `dane`: a usable, DNSSEC-validated TLSA record for `_25._tcp.<mx>` matches what the MX serves.
 *   DANE senders then authenticate the MX by that record and ignore the certificate's issuer, names
 *   and dates (RFC 7672 §3.1.1 for DANE-EE), and RFC 7672 §2.2 says DANE takes precedence over
 *   MTA-STS for a sender that does both: a PKIX problem does not stop their mail.
 *   A TLSA that matches nothing is `dane_tlsa_mismatch` (critical) on its own; here it does not
 *   authenticate the MX, and the MTA-STS rules apply as without it.
 */
export type MxAuthentication = 'dane' | 'mta-sts-enforce' | 'mta-sts-testing' | 'opportunistic';

export function mxAuthentication(evidence: Evidence, mx: Pick<MxTransport, 'host'> & Partial<MxTransport>): MxAuthentication {
  if (mx.tlsa && mx.outcome && daneVerdictFor(mx as MxTransport) === 'valid') return 'dane';
  const policy = stsPolicy(evidence);
  if (!policy || !policy.mx.some((p) => mxMatchesPattern(mx.host, p))) return 'opportunistic';
  if (policy.mode === 'enforce') return 'mta-sts-enforce';
  if (policy.mode === 'testing') return 'mta-sts-testing';
  return 'opportunistic';
}

/** The MTA-STS policy the DNS probe fetched, when its TXT record and file are usable. */
export function stsPolicy(evidence: Evidence): { mode: string; mx: string[] } | undefined {
  const probed = evidence.dns as { status?: string; data?: DnsEvidence } | undefined;
  if (probed?.status !== 'ok' || !probed.data) return undefined;
  const m = probed.data.mail;
  if (!m.mtaSts.records.some((r) => isStsRecord(r.text))) return undefined;
  const fetch = m.mtaStsPolicy;
  if (!fetch || fetch.error || fetch.status !== 200 || fetch.body === undefined) return undefined;
  const parsed = parseStsPolicy(fetch.body);
  return parsed.mode ? { mode: parsed.mode, mx: parsed.mx } : undefined;
}

/** The severity of a certificate problem, by how senders treat the MX (see mxAuthentication). */
export function certificateSeverity(auth: MxAuthentication): Severity {
  return auth === 'mta-sts-enforce' ? 'critical' : auth === 'mta-sts-testing' ? 'medium' : auth === 'dane' ? 'info' : 'low';
}

/** The MXs that were measured and did STARTTLS. */
export const tlsMxs = (m: MailTransportEvidence): (MxTransport & { tls: NonNullable<MxTransport['tls']> })[] =>
  m.mx.filter((x): x is MxTransport & { tls: NonNullable<MxTransport['tls']> } => x.outcome === 'measured' && x.tls !== undefined);



/** Why the mail checks cannot judge: no MX measured, or the DNS half of the category missing. */
export const mailCannotJudge = (evidence: Evidence): string | undefined => cannotJudgeMail(evidence) ?? dnsUnavailable(evidence);
