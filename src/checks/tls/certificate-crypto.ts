import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult, Severity } from '../../model/finding.js';
import type { CertificateInfo, TlsEvidence } from '../../model/tls.js';
import { locationOf } from './shared.js';

function keyWeakness(c: CertificateInfo): Severity | null {
  const { algorithm, bits } = c.publicKey;
  if (bits === null) return null;
  // Browsers no longer accept DSA certificates at any size (x509-limbo webpki::forbidden-dsa-*).
  if (algorithm === 'DSA') return bits < 1024 ? 'critical' : 'high';
  if (algorithm === 'RSA') return bits < 1024 ? 'critical' : bits < 2048 ? 'high' : null;
  if (algorithm === 'EC') return bits < 160 ? 'critical' : bits < 256 ? 'high' : null;
  return null;
}

function signatureWeakness(c: CertificateInfo): Severity | null {
  if (c.signatureHash === 'MD5' || c.signatureHash === 'MD2') return 'critical';
  if (c.signatureHash === 'SHA-1') return 'high';
  return null;
}

const worst = (a: Severity[]): Severity => (a.includes('critical') ? 'critical' : 'high');

/** Key sizes and signature hashes of the served certificates (a trust anchor's self-signature is not used). */
export const tlsCertificateCryptoCheck: Check = {
  name: 'tls/certificate-crypto',
  category: 'tls',
  ids: ['cert_weak_key', 'cert_weak_signature'],
  // The site's own certificate is reissued; a weak chain certificate means changing chain or CA.
  causes: { cert_weak_key: ['leaf_key', 'chain_key'], cert_weak_signature: ['leaf_signature', 'chain_signature'] },
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    if (tls.certificate.status !== 'ok') return [];
    const location = locationOf(tls);
    const chain = tls.certificate.data.chain;
    const results: CheckResult[] = [];

    const weakKeys = chain.map((c) => ({ c, s: keyWeakness(c) })).filter((x) => x.s !== null);
    if (weakKeys.length) {
      const first = weakKeys[0]!.c;
      results.push({
        id: 'cert_weak_key',
        cause: weakKeys.some((x) => x.c === chain[0]) ? 'leaf_key' : 'chain_key',
        severity: worst(weakKeys.map((x) => x.s!)),
        title: `${first === chain[0] ? 'The certificate' : `A chain certificate (${first.subject})`} has a ${first.publicKey.bits}-bit ${first.publicKey.algorithm} key${first.publicKey.algorithm === 'DSA' ? ', which browsers no longer accept' : ''}`,
        evidence: weakKeys.map(({ c }) => `${c.subject}: ${c.publicKey.algorithm} ${c.publicKey.bits} bits${c.publicKey.curve ? ` (${c.publicKey.curve})` : ''}`).join('\n'),
        location,
      });
    }
    const weakSigs = chain
      .filter((c, i) => i === 0 || !c.selfSigned)
      .map((c) => ({ c, s: signatureWeakness(c) }))
      .filter((x) => x.s !== null);
    if (weakSigs.length) {
      const first = weakSigs[0]!.c;
      results.push({
        id: 'cert_weak_signature',
        cause: weakSigs.some((x) => x.c === chain[0]) ? 'leaf_signature' : 'chain_signature',
        severity: worst(weakSigs.map((x) => x.s!)),
        title: `${first === chain[0] ? 'The certificate' : `A chain certificate (${first.subject})`} is signed with ${first.signatureHash}`,
        evidence: weakSigs.map(({ c }) => `${c.subject}: ${c.signatureAlgorithm}`).join('\n'),
        location,
      });
    }
    return results;
  },
};
