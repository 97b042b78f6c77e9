/** Cause cases for the certificate and cookie ids. */
import type { CertificateInfo, TlsEvidence } from '../../src/model/tls.js';
import { NOW, cert, evidenceOf, modernTls } from '../checks/tls/fixtures.js';
import { cookieEvidence, hop } from '../cookies/evidence.js';
import { cause, type CauseCase } from './cases.js';

const DAY = 86_400_000;

/** The modern fixture with its chain bent: `edit` changes certificate `index` (0 leaf, 1 intermediate, 2 root). */
function tlsWith(edits: Record<number, Partial<CertificateInfo>>, verify: { trusted: boolean; verifyError?: string } = { trusted: true }): TlsEvidence {
  const tls = modernTls();
  if (tls.certificate.status !== 'ok') throw new Error('fixture');
  const chain = tls.certificate.data.chain.map((c, i) => (edits[i] ? cert({ ...c, ...edits[i] }) : c));
  tls.certificate = { status: 'ok', data: { ...tls.certificate.data, chain, trusted: verify.trusted, ...(verify.verifyError ? { verifyError: verify.verifyError } : {}) } };
  return tls;
}

const untrusted = (verifyError: string) => evidenceOf(tlsWith({}, { trusted: false, verifyError }));
const past = new Date(NOW.getTime() - 3 * DAY).toISOString();

export const TLS_COOKIE_CASES: CauseCase[] = [
  cause('cert_untrusted', 'private_root', 'a chain ending in an untrusted self-signed root', untrusted('SELF_SIGNED_CERT_IN_CHAIN')),
  cause('cert_untrusted', 'issuer_unknown', 'a chain whose top issuer is unknown', untrusted('UNABLE_TO_GET_ISSUER_CERT_LOCALLY')),
  cause('cert_untrusted', 'chain_invalid', 'a signature that does not verify', untrusted('CERT_SIGNATURE_FAILURE')),
  cause('cert_expired', 'leaf_expired', 'the leaf past its notAfter', evidenceOf(tlsWith({ 0: { notAfter: past } }))),
  cause(
    'cert_expired',
    'chain_certificate_expired',
    'a valid leaf with an expired intermediate',
    evidenceOf(tlsWith({ 1: { notAfter: past } }, { trusted: false, verifyError: 'CERT_HAS_EXPIRED' })),
  ),
  cause('cert_weak_key', 'leaf_key', 'a 1024-bit RSA leaf', evidenceOf(tlsWith({ 0: { publicKey: { algorithm: 'RSA', bits: 1024 } } }))),
  cause('cert_weak_key', 'chain_key', 'a 1024-bit RSA intermediate', evidenceOf(tlsWith({ 1: { publicKey: { algorithm: 'RSA', bits: 1024 } } }))),
  cause('cert_weak_signature', 'leaf_signature', 'a SHA-1 signed leaf', evidenceOf(tlsWith({ 0: { signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'SHA-1' } }))),
  cause('cert_weak_signature', 'chain_signature', 'a SHA-1 signed intermediate', evidenceOf(tlsWith({ 1: { signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'SHA-1' } }))),
  cause('cookie_no_secure', 'set_over_https', 'a session cookie from an https page without Secure', cookieEvidence(['sessionid=abc123; HttpOnly; SameSite=Lax; Path=/'])),
  cause(
    'cookie_no_secure',
    'set_over_http',
    'a session cookie set by the http:// answer',
    cookieEvidence([], { httpHops: [hop('http://www.example.com/', [['Set-Cookie', 'sessionid=abc123; HttpOnly; SameSite=Lax; Path=/']])] }),
  ),
  cause('cookie_prefix_invalid', 'secure_prefix', '__Secure- without Secure', cookieEvidence(['__Secure-id=1; Path=/'])),
  cause('cookie_prefix_invalid', 'host_prefix', '__Host- with a Domain attribute', cookieEvidence(['__Host-id=1; Secure; Path=/; Domain=example.com'])),
  cause('cookie_prefix_invalid', 'nameless_prefix', 'a nameless cookie whose value starts with __Host-', cookieEvidence(['__Host-token'])),
  cause('cookie_oversized', 'value_too_large', 'a 5000-byte value', cookieEvidence([`big=${'x'.repeat(5000)}; Secure`])),
  cause('cookie_oversized', 'attribute_too_long', 'a Path over 1024 bytes', cookieEvidence([`pref=1; Secure; Path=/${'a'.repeat(1100)}`])),
  cause('cookie_rejected', 'partitioned_without_secure', 'Partitioned without Secure', cookieEvidence(['embed=1; Partitioned; SameSite=Lax'])),
  cause(
    'cookie_rejected',
    'secure_from_insecure_origin',
    'a Secure cookie set by the http:// redirect',
    cookieEvidence([], { httpHops: [hop('http://www.example.com/', [['Location', 'https://www.example.com/'], ['Set-Cookie', 'pref=1; Secure; SameSite=Lax']], 301)] }),
  ),
  cause('cookie_rejected', 'domain_mismatch', 'a Domain of another site', cookieEvidence(['pref=1; Secure; SameSite=Lax; Domain=other.test'])),
  cause('cookie_rejected', 'domain_public_suffix', 'Domain=com', cookieEvidence(['pref=1; Secure; SameSite=Lax; Domain=com'])),
  cause('cookie_rejected', 'control_characters', 'a value with a raw control byte', cookieEvidence(['pref=a\x01b; Secure; SameSite=Lax'])),
  cause('cookie_rejected', 'nameless_with_equals', 'a nameless line with "=" in its value', cookieEvidence(['=a=b; Secure; SameSite=Lax'])),
];
