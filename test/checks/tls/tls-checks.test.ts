import { describe, expect, it } from 'vitest';
import { TLS_CHECKS } from '../../../src/checks/tls/index.js';
import { certificateCoversHost } from '../../../src/checks/tls/hostname.js';
import { tlsPostQuantumCheck } from '../../../src/checks/tls/post-quantum.js';
import { maxValidityDays } from '../../../src/checks/tls/certificate-validity.js';
import type { CheckResult } from '../../../src/model/finding.js';
import type { TlsEvidence } from '../../../src/model/tls.js';
import { SCORING_TABLE } from '../../../src/scoring/table.js';
import { NOW, cert, evidenceOf, modernTls, setSupported, suite } from './fixtures.js';

const DAY = 86_400_000;

/** Every TLS check but the post-quantum one: its informational finding would accompany every TLS 1.3 fixture (post-quantum.test.ts covers it). */
function run(tls: TlsEvidence, now = NOW): CheckResult[] {
  return TLS_CHECKS.filter((c) => c !== tlsPostQuantumCheck).flatMap((c) => c.run(evidenceOf(tls), { now }));
}
const ids = (tls: TlsEvidence, now?: Date) => run(tls, now).map((r) => r.id).sort();
const find = (tls: TlsEvidence, id: string) => run(tls).find((r) => r.id === id);

function withLeaf(overrides: Parameters<typeof cert>[0], certOverrides: Partial<{ trusted: boolean; verifyError: string; chainLength: number }> = {}): TlsEvidence {
  const tls = modernTls();
  if (tls.certificate.status !== 'ok') throw new Error('fixture');
  const chain = [cert(overrides), ...tls.certificate.data.chain.slice(1)].slice(0, certOverrides.chainLength ?? 3);
  tls.certificate = {
    status: 'ok',
    data: {
      ...tls.certificate.data,
      chain,
      servedCount: chain.length,
      trusted: certOverrides.trusted ?? true,
      ...(certOverrides.verifyError ? { verifyError: certOverrides.verifyError } : {}),
    },
  };
  return tls;
}

describe('TLS checks', () => {
  it('a healthy modern server yields no findings', () => {
    expect(ids(modernTls())).toEqual([]);
  });

  it('every id a TLS check can emit has a scoring rule in the tls category', () => {
    for (const check of TLS_CHECKS) {
      for (const id of check.ids) expect(SCORING_TABLE[id]?.category, id).toBe('tls');
    }
  });

  it('flags each legacy protocol that answers', () => {
    const tls = modernTls();
    for (const p of ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1'] as const) setSupported(tls, p, true);
    expect(ids(tls)).toEqual(['tls_protocol_ssl2', 'tls_protocol_ssl3', 'tls_protocol_tls10', 'tls_protocol_tls11']);
  });

  it('TLS 1.3 missing is low; TLS 1.2 missing only when TLS 1.3 is missing too', () => {
    expect(ids(setSupported(modernTls(), 'TLSv1.3', false))).toEqual(['tls13_missing']);
    expect(ids(setSupported(modernTls(), 'TLSv1.2', false))).toEqual([]);
    const old = setSupported(setSupported(setSupported(modernTls(), 'TLSv1.2', false), 'TLSv1.3', false), 'TLSv1.0', true);
    // TLS 1.0 alone is also what current browsers refuse: said once more, as the consequence (browser-reach.test.ts).
    expect(ids(old)).toEqual(['tls12_missing', 'tls13_missing', 'tls_no_browser_can_connect', 'tls_protocol_tls10']);
  });

  it('does not call a protocol missing when the probe could not tell', () => {
    const tls = modernTls();
    tls.protocols = tls.protocols.map((p) => (p.protocol === 'TLSv1.3' ? { ...p, supported: null } : p));
    expect(ids(tls)).toEqual([]);
  });

  it('names RC4, 3DES, EXPORT and NULL/anonymous suites with their protocol', () => {
    const tls = modernTls();
    tls.ciphers[1]!.suites.push(
      suite('TLS_RSA_WITH_RC4_128_SHA'),
      suite('TLS_RSA_WITH_3DES_EDE_CBC_SHA'),
      suite('TLS_RSA_EXPORT_WITH_RC4_40_MD5'),
      suite('TLS_DH_anon_WITH_AES_128_CBC_SHA'),
      suite('TLS_RSA_WITH_NULL_SHA'),
    );
    const results = run(tls);
    expect(results.find((r) => r.id === 'weak_cipher_rc4')?.evidence).toBe('TLSv1.2: TLS_RSA_WITH_RC4_128_SHA, TLS_RSA_EXPORT_WITH_RC4_40_MD5');
    expect(results.find((r) => r.id === 'weak_cipher_3des')).toMatchObject({ evidence: 'TLSv1.2: TLS_RSA_WITH_3DES_EDE_CBC_SHA' });
    expect(results.find((r) => r.id === 'weak_cipher_3des')?.severity).toBeUndefined();
    expect(results.find((r) => r.id === 'weak_cipher_export')?.evidence).toBe('TLSv1.2: TLS_RSA_EXPORT_WITH_RC4_40_MD5');
    expect(results.find((r) => r.id === 'weak_cipher_null_anon')?.evidence).toBe('TLSv1.2: TLS_DH_anon_WITH_AES_128_CBC_SHA, TLS_RSA_WITH_NULL_SHA');
  });

  it('single DES raises the 64-bit block cipher finding to high', () => {
    const tls = modernTls();
    tls.ciphers[1]!.suites.push(suite('TLS_RSA_WITH_DES_CBC_SHA'));
    expect(find(tls, 'weak_cipher_3des')).toMatchObject({ severity: 'high' });
  });

  it('forward secrecy: low when static RSA is merely accepted, medium when preferred, high when absent', () => {
    const some = modernTls();
    some.ciphers[1]!.suites.push(suite('TLS_RSA_WITH_AES_128_GCM_SHA256'));
    expect(find(some, 'no_forward_secrecy')).toMatchObject({ severity: 'low', evidence: 'TLSv1.2: TLS_RSA_WITH_AES_128_GCM_SHA256' });

    const preferred = modernTls();
    preferred.ciphers[1]!.suites.unshift(suite('TLS_RSA_WITH_AES_256_GCM_SHA384'));
    expect(find(preferred, 'no_forward_secrecy')).toMatchObject({ severity: 'medium' });

    const none = setSupported(modernTls(), 'TLSv1.3', false);
    none.ciphers = [{ protocol: 'TLSv1.2', suites: [suite('TLS_RSA_WITH_AES_128_GCM_SHA256')], serverPreference: null, complete: true }];
    expect(find(none, 'no_forward_secrecy')).toMatchObject({ severity: 'high', title: 'No cipher suite offers forward secrecy' });
  });

  it('no AEAD anywhere and CBC-only TLS 1.2', () => {
    const tls = setSupported(modernTls(), 'TLSv1.3', false);
    tls.ciphers = [{ protocol: 'TLSv1.2', suites: [suite('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256')], serverPreference: null, complete: true }];
    // LUCKY13 (informational) comes with any CBC suite: the named-vulnerability table's row.
    expect(ids(tls)).toEqual(['cbc_only_tls12', 'no_aead', 'tls13_missing', 'tls_lucky13_cbc']);
    const with13 = modernTls();
    with13.ciphers[1]!.suites = [suite('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA')];
    expect(ids(with13)).toEqual(['cbc_only_tls12', 'tls_lucky13_cbc']);
  });

  it('claims of absence wait for complete suite lists', () => {
    const tls = setSupported(modernTls(), 'TLSv1.3', false);
    tls.ciphers = [{ protocol: 'TLSv1.2', suites: [suite('TLS_RSA_WITH_AES_128_CBC_SHA')], serverPreference: null, complete: false, note: 'budget' }];
    // A presence claim (LUCKY13: a CBC suite is accepted) needs no complete list.
    expect(ids(tls)).toEqual(['no_forward_secrecy', 'tls13_missing', 'tls_lucky13_cbc']);
    expect(find(tls, 'no_forward_secrecy')?.severity).toBe('low');
  });

  it('weak DH groups: high under 2048 bits, critical under 1024', () => {
    const tls = modernTls();
    tls.ciphers[1]!.suites.push(suite('TLS_DHE_RSA_WITH_AES_128_GCM_SHA256'));
    tls.dhBits = 1024;
    expect(find(tls, 'weak_dh')).toMatchObject({ severity: 'high', title: 'DHE key exchange uses a 1024-bit group' });
    tls.dhBits = 512;
    expect(find(tls, 'weak_dh')?.severity).toBe('critical');
    tls.dhBits = 2048;
    expect(find(tls, 'weak_dh')).toBeUndefined();
  });

  it('fallback SCSV, renegotiation and compression', () => {
    const tls = modernTls();
    tls.fallbackScsv = 'not_supported';
    tls.secureRenegotiation = false;
    tls.compression = true;
    expect(ids(tls)).toEqual(['tls_compression_enabled', 'tls_fallback_scsv_missing', 'tls_secure_renegotiation_missing']);
    tls.fallbackScsv = 'not_applicable';
    tls.secureRenegotiation = null;
    tls.compression = null;
    expect(ids(tls)).toEqual([]);
  });

  it('expired and not-yet-valid certificates, with the day count', () => {
    const expired = withLeaf({ notAfter: new Date(NOW.getTime() - 3 * DAY).toISOString() }, { trusted: false, verifyError: 'CERT_HAS_EXPIRED' });
    expect(run(expired).map((r) => [r.id, r.title])).toEqual([['cert_expired', 'The certificate expired 3 day(s) ago']]);
    const early = withLeaf({ notBefore: new Date(NOW.getTime() + 5 * DAY).toISOString() }, { trusted: false, verifyError: 'CERT_NOT_YET_VALID' });
    expect(ids(early)).toEqual(['cert_not_yet_valid']);
  });

  it('expiring soon: high under 14 days, medium under 30, nothing at 30+', () => {
    const at = (days: number) => withLeaf({ notAfter: new Date(NOW.getTime() + days * DAY + 1000).toISOString() });
    expect(find(at(5), 'cert_expiring_soon')).toMatchObject({ severity: 'high', title: 'The certificate expires in 5 day(s)' });
    expect(find(at(20), 'cert_expiring_soon')).toMatchObject({ severity: 'medium', details: { daysLeft: 20 } });
    expect(find(at(31), 'cert_expiring_soon')).toBeUndefined();
  });

  it('long validity is judged by the limit in force at issuance', () => {
    expect(maxValidityDays(new Date('2021-01-01'))).toBe(398);
    expect(maxValidityDays(new Date('2026-06-01'))).toBe(200);
    expect(maxValidityDays(new Date('2030-01-01'))).toBe(47);
    const long = withLeaf({ notBefore: '2026-04-01T00:00:00Z', notAfter: '2027-04-01T00:00:00Z' });
    expect(find(long, 'cert_long_validity')).toMatchObject({ details: { lifetimeDays: 365, limitDays: 200 } });
    const fine = withLeaf({ notBefore: '2026-01-10T00:00:00Z', notAfter: '2027-02-11T23:59:59Z' });
    expect(find(fine, 'cert_long_validity')).toBeUndefined();
  });

  it('host name coverage: SANs only, single-label wildcards, IPs', () => {
    expect(certificateCoversHost(['DNS:*.example.com'], 'www.example.com')).toBe(true);
    expect(certificateCoversHost(['DNS:*.example.com'], 'a.b.example.com')).toBe(false);
    expect(certificateCoversHost(['DNS:*.example.com'], 'example.com')).toBe(false);
    expect(certificateCoversHost(['DNS:*.com'], 'example.com')).toBe(false);
    expect(certificateCoversHost(['DNS:WWW.Example.COM'], 'www.example.com.')).toBe(true);
    expect(certificateCoversHost(['IP:127.0.0.1'], '127.0.0.1')).toBe(true);
    expect(certificateCoversHost(['DNS:127.0.0.1'], '127.0.0.1')).toBe(false);
    expect(certificateCoversHost(['IP:0:0:0:0:0:0:0:1'], '::1')).toBe(true);
    const mismatch = withLeaf({ subjectAltNames: ['DNS:other.example'] });
    expect(find(mismatch, 'cert_hostname_mismatch')).toMatchObject({ title: 'The certificate does not cover www.example.com' });
  });

  it('self-signed, missing intermediate, and otherwise untrusted chains are told apart', () => {
    const self = withLeaf({ selfSigned: true, issuer: 'CN=www.example.com' }, { trusted: false, verifyError: 'DEPTH_ZERO_SELF_SIGNED_CERT', chainLength: 1 });
    expect(ids(self)).toEqual(['cert_self_signed']);
    const incomplete = withLeaf({ caIssuers: ['http://ca.example/issuer.crt'] }, { trusted: false, verifyError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', chainLength: 1 });
    expect(find(incomplete, 'cert_incomplete_chain')?.evidence).toMatch(/ca\.example\/issuer\.crt/);
    expect(ids(incomplete)).toEqual(['cert_incomplete_chain']);
    const untrusted = withLeaf({}, { trusted: false, verifyError: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(ids(untrusted)).toEqual(['cert_untrusted']);
  });

  it('weak keys and signatures, ignoring the root self-signature', () => {
    expect(find(withLeaf({ publicKey: { algorithm: 'RSA', bits: 1024 } }), 'cert_weak_key')).toMatchObject({ severity: 'high', title: 'The certificate has a 1024-bit RSA key' });
    expect(find(withLeaf({ publicKey: { algorithm: 'RSA', bits: 512 } }), 'cert_weak_key')?.severity).toBe('critical');
    expect(find(withLeaf({ publicKey: { algorithm: 'EC', bits: 224, curve: 'secp224r1' } }), 'cert_weak_key')?.severity).toBe('high');
    expect(find(withLeaf({ publicKey: { algorithm: 'EC', bits: 256, curve: 'prime256v1' } }), 'cert_weak_key')).toBeUndefined();
    expect(find(withLeaf({ signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'SHA-1' }), 'cert_weak_signature')).toMatchObject({
      severity: 'high',
      title: 'The certificate is signed with SHA-1',
    });
    expect(find(withLeaf({ signatureAlgorithm: 'md5WithRSAEncryption', signatureHash: 'MD5' }), 'cert_weak_signature')?.severity).toBe('critical');
  });

  it('skips certificate checks when the certificate could not be read', () => {
    const tls = modernTls();
    tls.certificate = { status: 'unavailable', reason: 'no handshake completed' };
    expect(ids(tls)).toEqual([]);
  });
});
