import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { TlsEvidence } from '../../model/tls.js';
import { locationOf } from './shared.js';

/**
 * Chrome has required SCTs for certificates issued from 30 April 2018 (Apple from 15 October 2018):
 * an older certificate without them is not rejected for it (and is long expired by now anyway).
 */
const CT_REQUIRED_FROM = Date.parse('2018-04-30T00:00:00Z');

/**
 * Certificate Transparency: a publicly trusted certificate should carry Signed Certificate
 * Timestamps. Only SCTs embedded in the certificate are visible to the scan (Node's TLS client asks
 * for neither the signed_certificate_timestamp extension nor reads SCTs out of a stapled OCSP
 * response), so the finding says "none embedded", never "none at all". Private (`--ca`) roots are
 * bound by no CT policy and are not judged.
 */
export const tlsCertificateTransparencyCheck: Check = {
  name: 'tls/certificate-transparency',
  category: 'tls',
  ids: ['cert_no_sct'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    if (tls.certificate.status !== 'ok' || tls.certificate.data.anchor !== 'public') return [];
    const leaf = tls.certificate.data.chain[0]!;
    if (Date.parse(leaf.notBefore) < CT_REQUIRED_FROM) return [];
    const embedded = leaf.embeddedScts;
    if (embedded && embedded.scts.length > 0) return [];
    const why = embedded ? `The SCT list extension is present but holds no readable SCT (${embedded.error ?? 'empty'}).` : 'The certificate has no SCT list extension (1.3.6.1.4.1.11129.2.4.2).';
    const result: CheckResult = {
      id: 'cert_no_sct',
      title: 'The certificate carries no Signed Certificate Timestamps (Certificate Transparency)',
      evidence: `${leaf.subject} (issuer: ${leaf.issuer}), issued ${leaf.notBefore}\n${why}\nSCTs sent in the TLS handshake extension or in a stapled OCSP response are not visible to this scan.`,
      location: locationOf(tls),
    };
    return [result];
  },
};
