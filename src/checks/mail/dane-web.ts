/**
 * DANE for the web site: the TLSA RRset at `_443._tcp.<host>` (DNS probe) against the chain the TLS
 * probe saw. No browser checks TLSA, so a site without it loses nothing and gets no finding; a site
 * that publishes it is held to it, with severities below the SMTP ones (dane-findings.ts).
 */
import type { Check } from '../check.js';
import type { Evidence } from '../../model/evidence.js';
import type { CheckResult } from '../../model/finding.js';
import type { TlsEvidence } from '../../model/tls.js';
import { dns } from '../dns/common.js';
import { certificateCoversHost } from '../tls/hostname.js';
import { assessDane, type DaneAssessment, type ServedChain } from './dane-match.js';
import { daneFindings } from './dane-findings.js';
import { daneRow, type DaneRow } from './dane.js';

/** The chain the web server sent (without a root Node added from its store), when the TLS probe kept its DER. */
export function webServedChain(evidence: Evidence): ServedChain | undefined {
  const tls = evidence.tls as { status?: string; data?: TlsEvidence } | undefined;
  if (tls?.status !== 'ok' || !tls.data) return undefined;
  // Partial TLS evidence (a focused tool's, or saved by an older version) may lack the certificate part.
  const cert = tls.data.certificate as TlsEvidence['certificate'] | undefined;
  if (cert?.status !== 'ok' || !Array.isArray(cert.data?.chain)) return undefined;
  const served = cert.data.chain.slice(0, Math.max(1, cert.data.servedCount));
  if (served.length === 0 || served.some((c) => !c.der)) return undefined;
  const leaf = served[0]!;
  return {
    chainDer: served.map((c) => c.der!),
    pkixValid: cert.data.trusted,
    nameMatches: certificateCoversHost(leaf.subjectAltNames, cert.data.checkedName),
  };
}

export function webDaneAssessment(evidence: Evidence): DaneAssessment | undefined {
  const lookup = dns(evidence).webTlsa;
  if (!lookup) return undefined;
  const served = webServedChain(evidence);
  return assessDane(lookup, 'https', served, served ? 'seen' : 'not_measured');
}

export function webDaneRow(evidence: Evidence): DaneRow | undefined {
  const lookup = dns(evidence).webTlsa;
  const assessment = webDaneAssessment(evidence);
  return lookup && assessment ? daneRow(dns(evidence).host, lookup.name, assessment, lookup) : undefined;
}

export const daneWebCheck: Check = {
  name: 'mail/dane-web',
  category: 'dns',
  topic: 'DANE for the web site',
  ids: ['dane_tlsa_bogus', 'dane_tlsa_mismatch', 'dane_tlsa_unsigned', 'dane_tlsa_unusable'],
  // No STARTTLS on the web: a mismatch here always has one cause.
  causes: { dane_tlsa_mismatch: ['no_match'] },
  reads: ['dns'],
  run(evidence): CheckResult[] {
    const lookup = dns(evidence).webTlsa;
    const assessment = webDaneAssessment(evidence);
    if (!lookup || !assessment) return [];
    // A site that publishes no TLSA in a bogus zone has a DNSSEC problem (dnssec_bogus says so), not a
    // DANE one: no browser asks for TLSA, and there are no records to be wrong.
    if (assessment.why === 'bogus' && lookup.status !== 'ok') return [];
    return daneFindings('https', dns(evidence).host, lookup, assessment);
  },
};
