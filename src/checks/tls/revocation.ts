import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { OcspAnswer, RevocationEvidence, TlsEvidence } from '../../model/tls.js';
import { locationOf } from './shared.js';

/**
 * Revocation: the CA says the certificate is revoked (OCSP, a stapled response or the CRL, each
 * believed only when its signature verifies against the issuer); a must-staple certificate served
 * without a staple (Firefox refuses it); no stapling while the CA runs OCSP (information only). A
 * certificate without OCSP URIs is not penalised: Let's Encrypt ended OCSP in 2025.
 */
export const tlsRevocationCheck: Check = {
  name: 'tls/revocation',
  category: 'tls',
  ids: ['cert_revoked', 'cert_must_staple_missing_staple', 'tls_ocsp_stapling_missing'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    // Evidence saved before revocation was looked at has no such field.
    const revocation: RevocationEvidence | null | undefined = tls.revocation;
    if (!revocation || tls.certificate.status !== 'ok') return [];
    const location = locationOf(tls);
    const results: CheckResult[] = [];
    const proofs: string[] = [];
    const believed = (a: OcspAnswer | null) => a?.status === 'revoked' && a.signatureValid === true;
    if (believed(revocation.ocsp)) proofs.push(`OCSP ${revocation.ocsp!.url}: ${ocspWords(revocation.ocsp!)}`);
    if (believed(revocation.stapled)) proofs.push(`Stapled OCSP response: ${ocspWords(revocation.stapled!)}`);
    const crl = revocation.crl;
    if (crl?.status === 'listed' && crl.signatureValid === true) {
      proofs.push(`CRL ${crl.url}: serial listed${crl.revokedAt ? `, revoked ${crl.revokedAt}` : ''}${crl.reason ? ` (${crl.reason})` : ''}, thisUpdate ${crl.thisUpdate}`);
    }
    const leaf = tls.certificate.data.chain[0]!;
    if (proofs.length) {
      results.push({ id: 'cert_revoked', title: `The certificate has been revoked by its CA (serial ${leaf.serialNumber})`, evidence: proofs.join('\n'), location });
    }
    // Only a handshake that asked for a staple (ocspStapled not null) can show one is missing.
    if (tls.ocspStapled === false && revocation.stapled === null) {
      if (revocation.mustStaple) {
        results.push({
          id: 'cert_must_staple_missing_staple',
          title: 'The certificate requires OCSP stapling (must-staple) but the server staples no OCSP response',
          evidence: `TLS feature extension (1.3.6.1.5.5.7.1.24) lists status_request; the handshake asked for a staple and got none.${revocation.ocspUrls.length ? `\nOCSP responder: ${revocation.ocspUrls.join(', ')}` : ''}`,
          location,
        });
      } else if (revocation.ocspUrls.length > 0) {
        results.push({
          id: 'tls_ocsp_stapling_missing',
          title: 'The server does not staple an OCSP response',
          evidence: `The certificate names an OCSP responder (${revocation.ocspUrls.join(', ')}); the handshake asked for a staple and got none.`,
          location,
        });
      }
    }
    return results;
  },
};

function ocspWords(a: OcspAnswer): string {
  return `revoked${a.revokedAt ? ` ${a.revokedAt}` : ''}${a.reason ? ` (${a.reason})` : ''}, thisUpdate ${a.thisUpdate ?? '?'}, nextUpdate ${a.nextUpdate ?? 'none'}, signature verified against the issuer`;
}
