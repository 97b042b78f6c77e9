/** node:crypto DNSSEC primitives against freshly generated keys, including tampering. */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type * as dnsPacket from 'dns-packet';
import { keyTag, signedData, nsec3Hash, type RrsigData } from '../../src/net/dns/dnssec/crypto.js';
import { verifyRrset } from '../../src/net/dns/dnssec/chain.js';

const rrset = (texts: string[]): dnsPacket.Answer[] =>
  texts.map((t) => ({ name: 'www.example.test', type: 'TXT', class: 'IN', ttl: 300, data: [Buffer.from(t)] }) as unknown as dnsPacket.Answer);

function keyFor(alg: 8 | 13 | 15) {
  if (alg === 13) {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const key = Buffer.concat([Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
    return { key, signer: (d: Buffer) => sign('sha256', d, { key: privateKey, dsaEncoding: 'ieee-p1363' }) };
  }
  if (alg === 15) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    return { key: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'), signer: (d: Buffer) => sign(null, d, privateKey) };
  }
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const e = Buffer.from(jwk.e!, 'base64url');
  return { key: Buffer.concat([Buffer.from([e.length]), e, Buffer.from(jwk.n!, 'base64url')]), signer: (d: Buffer) => sign('sha256', d, privateKey) };
}

describe.each([8, 13, 15] as const)('algorithm %i', (alg) => {
  const { key, signer } = keyFor(alg);
  const dnskey = { flags: 257, algorithm: alg, key };
  const now = new Date();
  const sec = Math.floor(now.getTime() / 1000);
  const base: Omit<RrsigData, 'signature'> = { typeCovered: 'TXT', algorithm: alg, labels: 3, originalTTL: 300, expiration: sec + 3600, inception: sec - 3600, keyTag: keyTag(dnskey), signersName: 'example.test' };
  const records = rrset(['b', 'a']);
  const signature = signer(signedData({ ...base, signature: Buffer.alloc(0) }, 'www.example.test', records));
  const sigs = [{ owner: 'www.example.test', sig: { ...base, signature } }];

  it('verifies, in any record order', () => {
    expect(verifyRrset(rrset(['a', 'b']), sigs, [dnskey], 'example.test', now)).toEqual({ ok: true });
  });
  it('rejects tampered data', () => {
    expect(verifyRrset(rrset(['a', 'c']), sigs, [dnskey], 'example.test', now)).toMatchObject({ ok: false, reason: 'signature_invalid' });
  });
  it('rejects expired and not-yet-valid signatures', () => {
    expect(verifyRrset(records, sigs, [dnskey], 'example.test', new Date((sec + 7200) * 1000))).toMatchObject({ reason: 'signature_expired' });
    expect(verifyRrset(records, sigs, [dnskey], 'example.test', new Date((sec - 7200) * 1000))).toMatchObject({ reason: 'signature_not_yet_valid' });
  });
  it('rejects a signature by another key', () => {
    expect(verifyRrset(records, sigs, [{ ...keyFor(alg), flags: 257, algorithm: alg }], 'example.test', now)).toMatchObject({ ok: false });
  });
});

describe('NSEC3 hash', () => {
  it('matches the RFC 5155 Appendix A example', () => {
    // H(example) with salt aabbccdd, 12 iterations = 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom
    expect(nsec3Hash('example', Buffer.from('aabbccdd', 'hex'), 12)).toBe('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom');
  });
});
