import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { TlsEvidence } from '../../model/tls.js';
import { certificateCoversHost } from './hostname.js';
import { locationOf } from './shared.js';

/** OpenSSL verify codes that other checks already explain better (dates). */
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERROR_IN_CERT_NOT_BEFORE_FIELD', 'ERROR_IN_CERT_NOT_AFTER_FIELD']);

/**
 * Why a chain that is neither self-signed nor missing its one intermediate is untrusted, by OpenSSL's
 * verify code: it ends in a root no client trusts (a private CA), it stops at a certificate whose issuer
 * is neither sent nor a trusted root, or a link is broken (bad signature, not a CA, wrong purpose …).
 */
const ISSUER_UNKNOWN = new Set(['UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);
export function untrustedCause(verifyError: string | undefined): 'private_root' | 'issuer_unknown' | 'chain_invalid' {
  if (verifyError === 'SELF_SIGNED_CERT_IN_CHAIN') return 'private_root';
  return verifyError && ISSUER_UNKNOWN.has(verifyError) ? 'issuer_unknown' : 'chain_invalid';
}

/** Name coverage and chain of trust: mismatch, self-signed, untrusted, missing intermediate. */
export const tlsCertificateTrustCheck: Check = {
  name: 'tls/certificate-trust',
  category: 'tls',
  ids: ['cert_hostname_mismatch', 'cert_self_signed', 'cert_untrusted', 'cert_incomplete_chain'],
  causes: { cert_untrusted: ['private_root', 'issuer_unknown', 'chain_invalid'] },
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    if (tls.certificate.status !== 'ok') return [];
    const cert = tls.certificate.data;
    const leaf = cert.chain[0]!;
    const location = locationOf(tls);
    const results: CheckResult[] = [];

    if (!certificateCoversHost(leaf.subjectAltNames, cert.checkedName)) {
      results.push({
        id: 'cert_hostname_mismatch',
        title: `The certificate does not cover ${cert.checkedName}`,
        evidence: `Subject: ${leaf.subject}\nSubject alternative names: ${leaf.subjectAltNames.join(', ') || '(none)'}`,
        location,
      });
    }
    if (cert.trusted || (cert.verifyError && DATE_ERRORS.has(cert.verifyError))) return results;

    const chainText = cert.chain.map((c, i) => `${i}: ${c.subject} (issuer: ${c.issuer})`).join('\n');
    const proof = `Verification error: ${cert.verifyError ?? 'unknown'}\n${chainText}`;
    if (leaf.selfSigned || cert.verifyError === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
      results.push({ id: 'cert_self_signed', title: 'The certificate is self-signed', evidence: proof, location });
    } else if (cert.verifyError === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' && cert.chain.length === 1) {
      const aia = leaf.caIssuers.length ? `\nThe certificate names its issuer's download location: ${leaf.caIssuers.join(', ')}` : '';
      results.push({
        id: 'cert_incomplete_chain',
        title: `The server does not send the intermediate certificate that issued its certificate (${leaf.issuer})`,
        evidence: proof + aia,
        location,
      });
    } else {
      results.push({ id: 'cert_untrusted', cause: untrustedCause(cert.verifyError), title: `The certificate chain does not lead to a trusted root (${cert.verifyError ?? 'unknown error'})`, evidence: proof, location });
    }
    return results;
  },
};
