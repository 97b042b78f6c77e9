import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CIPHER_SUITES, TLS12_SUITE_IDS, TLS13_SUITE_IDS, suiteInfo } from '../../../src/net/tls/cipher-suites.js';
import { signatureAlgorithmOid } from '../../../src/probes/tls/certificate-info.js';

describe('cipher suite table', () => {
  it('names well-known code points by their IANA names', () => {
    expect(suiteInfo(0xc02f).name).toBe('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(suiteInfo(0x0005).name).toBe('TLS_RSA_WITH_RC4_128_SHA');
    expect(suiteInfo(0x000a).name).toBe('TLS_RSA_WITH_3DES_EDE_CBC_SHA');
    expect(suiteInfo(0x1301).name).toBe('TLS_AES_128_GCM_SHA256');
    expect(suiteInfo(0xfefe).name).toBe('UNKNOWN_0xfefe');
  });

  it('derives properties consistently from every name', () => {
    const names = new Set<string>();
    for (const s of CIPHER_SUITES.values()) {
      expect(names.has(s.name), s.name).toBe(false);
      names.add(s.name);
      expect(s.flags.includes('rc4')).toBe(s.name.includes('_RC4_'));
      expect(s.flags.includes('3des')).toBe(s.name.includes('3DES'));
      expect(s.flags.includes('export')).toBe(s.name.includes('EXPORT'));
      expect(s.flags.includes('null')).toBe(s.name.includes('_WITH_NULL_'));
      expect(s.flags.includes('anon')).toBe(s.name.includes('_anon_'));
      expect(s.flags.includes('aead')).toBe(/GCM|CCM|POLY1305/.test(s.name));
      expect(s.flags.includes('fs')).toBe(/^TLS_(ECDHE|DHE|PSK_DHE)_/.test(s.name) || s.flags.includes('tls13'));
      expect(s.flags.includes('aead') && s.flags.includes('cbc')).toBe(false);
      if (s.flags.includes('3des')) expect(s.bits).toBe(112);
      if (s.flags.includes('null')) expect(s.bits).toBe(0);
      if (/EXPORT_WITH_.*_40_/.test(s.name) || s.name.includes('DES40')) expect(s.bits).toBe(40);
    }
    expect(CIPHER_SUITES.size).toBeGreaterThan(240);
    expect(TLS13_SUITE_IDS.every((id) => !TLS12_SUITE_IDS.includes(id))).toBe(true);
  });
});

describe('signatureAlgorithmOid', () => {
  it('never throws on hostile DER and answers a dotted OID or unknown', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(signatureAlgorithmOid(bytes)).toMatch(/^(unknown|\d+(\.\d+)+)$/);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the OID after the TBS sequence', () => {
    // SEQUENCE { SEQUENCE {} (tbs), SEQUENCE { OID 1.2.840.113549.1.1.5 } }
    const der = Uint8Array.from([0x30, 0x0f, 0x30, 0x00, 0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05]);
    expect(signatureAlgorithmOid(der)).toBe('1.2.840.113549.1.1.5');
  });
});
