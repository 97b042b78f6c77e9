/**
 * DANE for the MX hosts (RFC 7672): does each MX's TLSA RRset at `_25._tcp.<mx>` hold, as a sending
 * server that does DANE would judge it? A bogus or mismatching RRset stops such senders from
 * delivering (critical); TLSA in an unsigned zone or with only unusable records does nothing; a signed
 * zone without TLSA is a missed chance (internet.nl's "DANE existence"); a single record leaves no
 * room for a key change (internet.nl's "DANE rollover scheme").
 *
 * daneVerdictFor(mx) is what the SMTP certificate checks ask: with DANE valid, a certificate that is
 * self-signed, expired or for another name is no problem for DANE senders (RFC 7672 §3.1.1).
 */
import type { Check } from '../check.js';
import type { Evidence } from '../../model/evidence.js';
import type { CheckResult } from '../../model/finding.js';
import type { DaneCheckRow } from '../../model/report.js';
import type { MailTransportEvidence, MxTransport } from '../../model/mail-transport.js';
import { dataOf } from '../check.js';
import { formatTlsa } from '../../net/dns/parse/tlsa.js';
import { assessDane, rolloverReady, type DaneAssessment, type DaneVerdict, type ServedChain } from './dane-match.js';
import { daneFindings } from './dane-findings.js';
import { cannotJudgeMail, dnsUnavailable } from './dns-half.js';

export type { DaneVerdict } from './dane-match.js';

const mail = (evidence: Evidence): MailTransportEvidence => dataOf<MailTransportEvidence>(evidence, 'mail');

/** The chain an MX served after STARTTLS, as the DANE match reads it. */
export function mxServedChain(mx: MxTransport): ServedChain | undefined {
  if (!mx.tls || mx.tls.chainDer.length === 0) return undefined;
  return { chainDer: mx.tls.chainDer, pkixValid: mx.tls.trusted, nameMatches: mx.tls.nameMatches };
}

function mxTlsState(mx: MxTransport): 'seen' | 'not_offered' | 'not_measured' {
  if (mx.outcome !== 'measured') return 'not_measured';
  if (mx.starttlsOffered === false) return 'not_offered';
  return mxServedChain(mx) ? 'seen' : 'not_measured';
}

export function daneAssessmentFor(mx: MxTransport): DaneAssessment {
  return assessDane(mx.tlsa, 'smtp', mxServedChain(mx), mxTlsState(mx));
}

/**
 * valid: a usable TLSA record matches what the MX serves (judge its certificate by DANE, not PKIX);
 * invalid: TLSA bogus, or usable records that match nothing (DANE senders do not deliver);
 * absent: no TLSA (proven, or in an unsigned zone); unusable: TLSA that no sender uses;
 * not_measured: the lookup or the TLS session could not be judged.
 */
export function daneVerdictFor(mx: MxTransport): DaneVerdict {
  return daneAssessmentFor(mx).verdict;
}

/** One row per MX, for a report that shows what was checked even when nothing is wrong. */
/** One verdict row (the report's shape, model/report.ts). */
export type DaneRow = DaneCheckRow;

export function daneRow(host: string, name: string, assessment: DaneAssessment, lookup: MxTransport['tlsa']): DaneRow {
  return {
    host,
    name,
    verdict: assessment.verdict,
    reason: assessment.reason,
    records: (lookup?.records ?? []).map(formatTlsa),
    ...(lookup?.dnssec ? { dnssec: lookup.dnssec } : {}),
  };
}

export function mxDaneRows(evidence: MailTransportEvidence): DaneRow[] {
  return evidence.mx.map((mx) => daneRow(mx.host, mx.tlsa?.name ?? `_25._tcp.${mx.host}`, daneAssessmentFor(mx), mx.tlsa));
}

/** Every MX's TLSA lookup failed because of the DNS server: DANE for mail was not measured. */
function notMeasured(e: MailTransportEvidence): string | undefined {
  const looked = e.mx.filter((m) => m.tlsa);
  if (looked.length === 0 || !looked.every((m) => m.tlsa!.dnssec === 'indeterminate' && m.tlsa!.resolverGap)) return undefined;
  return `the DNS server cannot supply the DNSSEC records DANE needs: ${looked[0]!.tlsa!.dnssecExplanation ?? 'records stripped'} (see docs/dns-resolvers.md)`;
}

export const daneMxCheck: Check = {
  name: 'mail/dane',
  category: 'dns',
  topic: 'DANE for mail',
  ids: ['dane_tlsa_bogus', 'dane_tlsa_mismatch', 'dane_tlsa_unsigned', 'dane_tlsa_unusable', 'dane_not_used', 'dane_no_rollover'],
  causes: { dane_tlsa_mismatch: ['no_match', 'no_starttls'] },
  reads: ['mail'],
  // Like the other mail checks: without the DNS half, DNS & email must not look measured on DANE alone.
  cannotJudge: (evidence) => dnsUnavailable(evidence) ?? cannotJudgeMail(evidence) ?? ((evidence.mail as { status?: string } | undefined)?.status === 'ok' ? notMeasured(mail(evidence)) : undefined),
  run(evidence) {
    const out: CheckResult[] = [];
    // Callers that run the DNS checks' run() directly (the DNS focused tool's helpers) may have no mail evidence.
    if ((evidence.mail as { status?: string } | undefined)?.status !== 'ok') return out;
    for (const mx of mail(evidence).mx) {
      if (!mx.tlsa) continue;
      const assessment = daneAssessmentFor(mx);
      out.push(...daneFindings('smtp', mx.host, mx.tlsa, assessment));
      if (assessment.verdict === 'valid' && !rolloverReady(assessment, mxServedChain(mx))) {
        out.push({
          id: 'dane_no_rollover',
          title: `DANE for ${mx.host} holds, but no TLSA record is ready for its next key`,
          evidence: `${mx.tlsa.name} TLSA:\n${mx.tlsa.records.map(formatTlsa).join('\n')}\nEvery usable record describes the current certificate: a new key breaks delivery from DANE senders until the TLSA records are updated and the old ones expire from caches.`,
          location: mx.tlsa.name,
        });
      }
    }
    return out;
  },
};
