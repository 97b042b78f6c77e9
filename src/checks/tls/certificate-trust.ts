import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { ChainCompletionEvidence, TlsEvidence } from '../../model/tls.js';
import { findInterceptionRoot } from '../../model/interception-roots.js';
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

/**
 * Name coverage and chain of trust: mismatch, self-signed, untrusted, missing intermediate, and a chain
 * that leads to a known interception or development root (which explains the untrust better than any
 * verify code, so it replaces the other trust findings).
 */
export const tlsCertificateTrustCheck: Check = {
  name: 'tls/certificate-trust',
  category: 'tls',
  ids: ['cert_hostname_mismatch', 'cert_self_signed', 'cert_untrusted', 'cert_incomplete_chain', 'cert_interception_root'],
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
    const chainText = cert.chain.map((c, i) => `${i}: ${c.subject} (issuer: ${c.issuer})`).join('\n');
    const proof = `Verification error: ${cert.verifyError ?? 'unknown'}\n${chainText}`;
    // A publicly trusted chain is what it is; any other chain ending at a catalogued root is named for it.
    const interception = cert.anchor === 'public' ? null : findInterceptionRoot(cert.chain);
    if (interception) {
      const { root, matched } = interception;
      results.push({
        id: 'cert_interception_root',
        title: `The certificate chain leads to ${root.name}, a known ${root.kind === 'proxy' ? 'TLS-intercepting proxy' : root.kind === 'development' ? 'development' : 'compromised'} root`,
        evidence: `${proof}\nMatched: ${matched}\nKnown from: ${root.source}`,
        location,
      });
      return results;
    }
    if (cert.trusted || (cert.verifyError && DATE_ERRORS.has(cert.verifyError))) return results;
    // Evidence saved before the AIA search existed has no such field: judged as it was then.
    const completion: ChainCompletionEvidence | null | undefined = tls.chainCompletion;
    if (leaf.selfSigned || cert.verifyError === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
      results.push({ id: 'cert_self_signed', title: 'The certificate is self-signed', evidence: proof, location });
    } else if (completion?.validates) {
      results.push({
        id: 'cert_incomplete_chain',
        title: `The server does not send the intermediate certificate that issued ${completion.incompleteAt === leaf.subject ? 'its certificate' : completion.incompleteAt} (${completion.missingIssuer})`,
        evidence: `${proof}\n${aiaText(completion)}\nThe chain then validates to ${completion.root ?? 'a known root'}.`,
        location,
      });
    } else if (completion) {
      results.push({
        id: 'cert_untrusted',
        cause: 'issuer_unknown',
        title: `The certificate's issuer (${completion.missingIssuer}) is unknown and untrusted: not sent by the server, not found through AIA, not a known CA`,
        evidence: `${proof}\n${aiaText(completion)}${completion.fetches.length ? `\n${completion.detail}.` : ''}\nEither the server leaves out an intermediate that cannot be fetched (send your CA's full chain), or the chain comes from a CA no client trusts (use a publicly trusted certificate).`,
        location,
      });
    } else if (!completion && cert.verifyError === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' && cert.chain.length === 1) {
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

function aiaText(completion: ChainCompletionEvidence): string {
  if (completion.fetches.length === 0) return `${completion.incompleteAt} names no AIA caIssuers URL to fetch its issuer from.`;
  return completion.fetches.map((f) => `AIA ${f.url}: ${f.outcome}, ${f.detail}${f.certificates.length ? ` (${f.certificates.map((c) => c.subject).join('; ')})` : ''}`).join('\n');
}
