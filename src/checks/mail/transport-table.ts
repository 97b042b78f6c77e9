/**
 * The report's per-MX table: what the mail probe checked on each MX and the verdict, passing rows
 * included, so a reader can see that mail transport was tested rather than merely not faulted. A pure
 * function of the evidence and of the checks' own findings (each failing row names the finding that
 * scores it; the table adds no points).
 */
import type { Evidence } from '../../model/evidence.js';
import type { CheckResult } from '../../model/finding.js';
import type { MailTransportEvidence } from '../../model/mail-transport.js';
import type { Probed } from '../../model/probed.js';
import type { MailTransportRow } from '../../model/report.js';
import { mxCertificateCheck } from './certificate.js';
import { mxProtocolCheck } from './protocols.js';
import { daneAssessmentFor, type DaneRow } from './dane.js';
import { webDaneRow } from './dane-web.js';

export function mailTransportTableOf(evidence: Evidence, now: Date): { mailTransport?: MailTransportRow[] } {
  const probed = evidence.mail as Probed<MailTransportEvidence> | undefined;
  if (probed?.status !== 'ok' || !probed.data.mx.length) return {};
  const findings = [...mxCertificateCheck.run(evidence, { now }), ...mxProtocolCheck.run(evidence, { now })];
  const dnsRead = (evidence.dns as { status?: string } | undefined)?.status === 'ok';
  return { mailTransport: probed.data.mx.map((mx) => row(mx, findings.filter((f) => f.location === mx.host), dnsRead)) };
}

function row(mx: MailTransportEvidence['mx'][number], findings: CheckResult[], dnsRead: boolean): MailTransportRow {
  const base = { host: mx.host, priority: mx.priority, ...(mx.address ? { address: mx.address } : {}) };
  if (mx.outcome !== 'measured') return { ...base, outcome: 'not_measured', reason: mx.reason ?? 'not measured', checks: [] };
  const find = (...ids: string[]) => findings.find((f) => ids.includes(f.id));
  const checks: MailTransportRow['checks'] = [];
  if (!mx.starttlsOffered) {
    checks.push({ check: 'STARTTLS', verdict: 'fail', detail: 'not offered in the EHLO answer', findingId: 'mail_starttls_missing' });
    for (const check of ['TLS versions', 'Cipher', 'Certificate'] as const) checks.push({ check, verdict: 'not_tested', detail: 'no STARTTLS' });
    checks.push(daneCheck(mx));
    return { ...base, outcome: 'measured', checks };
  }
  const t = mx.tls!;
  checks.push({ check: 'STARTTLS', verdict: 'pass', detail: `offered; handshake completed with ${t.protocol}` });
  const versions = t.versions.map((v) => `${v.protocol} ${v.accepted === true ? 'yes' : v.accepted === false ? 'no' : '?'}`).join(', ');
  const v = find('mail_tls_legacy_only', 'mail_tls_legacy_offered');
  checks.push({ check: 'TLS versions', verdict: v ? (v.id === 'mail_tls_legacy_only' ? 'fail' : 'info') : 'pass', detail: versions || t.protocol, ...(v ? { findingId: v.id } : {}) });
  const c = find('mail_tls_weak_cipher');
  checks.push({ check: 'Cipher', verdict: c ? 'fail' : 'pass', detail: `${t.cipher}${t.ephemeralKeyBits ? `, ${t.ephemeralKeyBits}-bit key exchange` : ''}`, ...(c ? { findingId: c.id } : {}) });
  const cert = find('mail_certificate_invalid');
  // Without the DNS probe the MTA-STS mode is unknown, so a certificate problem cannot be called mere information.
  const stsKnown = dnsRead;
  const certDetail = `${t.names.slice(0, 4).join(', ') || 'no DNS name'}; ${t.trusted ? 'trusted' : `not trusted (${t.trustError ?? '?'})`}; ${t.nameMatches ? 'name matches' : 'name does not match'}; valid until ${t.notAfter.slice(0, 10) || '?'}`;
  checks.push({
    check: 'Certificate',
    // Without MTA-STS or DANE a bad certificate is information (opportunistic TLS), as the finding says.
    verdict: cert ? ((cert.severity === 'low' && stsKnown) || cert.severity === 'info' ? 'info' : 'fail') : 'pass',
    detail: cert && !stsKnown ? `${certDetail} (its weight depends on MTA-STS, which this scan did not read)` : certDetail,
    ...(cert ? { findingId: cert.id } : {}),
  });
  checks.push(daneCheck(mx));
  return { ...base, outcome: 'measured', checks };
}

/** The MX's TLSA records against what it served (checks/mail/dane.ts); the DANE findings score it. */
function daneCheck(mx: MailTransportEvidence['mx'][number]): MailTransportRow['checks'][number] {
  if (!mx.tlsa) return { check: 'DANE', verdict: 'not_tested', detail: 'TLSA records not looked up' };
  const a = daneAssessmentFor(mx);
  const detail = `${mx.tlsa.name}: ${a.reason}`;
  const FINDING: Partial<Record<typeof a.why, string>> = { bogus: 'dane_tlsa_bogus', no_match: 'dane_tlsa_mismatch', no_tls: 'dane_tlsa_mismatch', unsigned_zone: 'dane_tlsa_unsigned', no_usable_record: 'dane_tlsa_unusable', no_tlsa_signed: 'dane_not_used' };
  const findingId = FINDING[a.why];
  if (a.verdict === 'valid') return { check: 'DANE', verdict: 'pass', detail };
  if (a.verdict === 'not_measured') return { check: 'DANE', verdict: 'not_tested', detail };
  if (a.verdict === 'invalid' || a.verdict === 'unusable') return { check: 'DANE', verdict: 'fail', detail, ...(findingId ? { findingId } : {}) };
  return { check: 'DANE', verdict: 'info', detail, ...(findingId ? { findingId } : {}) };
}

/** DANE for the web host, for the report (whatever the verdict): present when the DNS probe looked up `_443._tcp`. */
export function webDaneOf(evidence: Evidence): { webDane?: DaneRow } {
  if ((evidence.dns as { status?: string } | undefined)?.status !== 'ok') return {};
  const row = webDaneRow(evidence);
  return row ? { webDane: row } : {};
}
