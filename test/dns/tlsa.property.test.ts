/**
 * The TLSA RDATA parser and the certificate reader behind DANE matching take hostile bytes: they are
 * total (an error in words, never a throw), round-trip what they accept, and the SubjectPublicKeyInfo
 * they read out of a certificate is the one Node's X.509 parser exports.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLabCa } from '../lab/ca.js';
import {
  encodeTlsaRdata,
  formatTlsa,
  parseTlsaRdata,
  parseTlsaText,
  spkiOfCertificate,
  tlsaAssociation,
  tlsaRecordDefect,
} from '../../src/net/dns/parse/tlsa.js';

const RUNS = { numRuns: 500 };
const bytes = fc.uint8Array({ maxLength: 600 });
const record = fc.record({
  usage: fc.integer({ min: 0, max: 255 }),
  selector: fc.integer({ min: 0, max: 255 }),
  matchingType: fc.integer({ min: 0, max: 255 }),
  data: fc.uint8Array({ minLength: 1, maxLength: 100 }).map((b) => Buffer.from(b).toString('hex')),
});

describe('TLSA RDATA', () => {
  it('never throws on arbitrary bytes, and refuses exactly the RDATA too short to hold a record', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const parsed = parseTlsaRdata(b);
        expect(parsed.ok).toBe(b.length >= 4);
        if (parsed.ok) tlsaRecordDefect(parsed.record);
      }),
      RUNS,
    );
  });

  it('round-trips records through the wire form and the presentation form', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(parseTlsaRdata(encodeTlsaRdata(r))).toEqual({ ok: true, record: r });
        expect(parseTlsaText(formatTlsa(r))).toEqual({ ok: true, record: r });
      }),
      RUNS,
    );
  });

  it('reads zone-file text with split hex and upper case, refuses what is not a record', () => {
    expect(parseTlsaText('3 1 1 AB cd\tEF')).toEqual({ ok: true, record: { usage: 3, selector: 1, matchingType: 1, data: 'abcdef' } });
    for (const bad of ['', '3 1 1', '3 1 1 abc', '256 1 1 ab', 'x 1 1 ab', '3 1 1 zz']) expect(parseTlsaText(bad).ok, bad).toBe(false);
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (t) => void parseTlsaText(t)), RUNS);
  });

  it('calls a digest of the wrong length, or an undefined parameter, a defect', () => {
    const sha = 'ab'.repeat(32);
    expect(tlsaRecordDefect({ usage: 3, selector: 1, matchingType: 1, data: sha })).toBeUndefined();
    expect(tlsaRecordDefect({ usage: 3, selector: 1, matchingType: 2, data: sha })).toMatch(/64 bytes/);
    expect(tlsaRecordDefect({ usage: 3, selector: 1, matchingType: 0, data: 'ab' })).toBeUndefined();
    expect(tlsaRecordDefect({ usage: 4, selector: 1, matchingType: 1, data: sha })).toMatch(/usage 4/);
    expect(tlsaRecordDefect({ usage: 3, selector: 2, matchingType: 1, data: sha })).toMatch(/selector 2/);
    expect(tlsaRecordDefect({ usage: 3, selector: 1, matchingType: 3, data: sha })).toMatch(/matching type 3/);
  });
});

describe('the SubjectPublicKeyInfo of a certificate', () => {
  it('is the one Node exports, for a CA certificate and a leaf it issued', async () => {
    const ca = await createLabCa('TLSA property CA');
    const pems = [ca.certPem, (await ca.issue({ dnsNames: ['a.example'] })).certPem];
    for (const pem of pems) {
      const cert = new X509Certificate(pem);
      expect(Buffer.from(spkiOfCertificate(cert.raw)!)).toEqual(cert.publicKey.export({ type: 'spki', format: 'der' }));
    }
  }, 60_000);

  it('never throws and never reads outside the bytes, whatever they are', () => {
    fc.assert(
      fc.property(bytes, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }), (b, selector, matching) => {
        const spki = spkiOfCertificate(b);
        if (spki) expect(spki.byteOffset + spki.length).toBeLessThanOrEqual(b.byteOffset + b.length);
        tlsaAssociation(b, selector, matching);
      }),
      RUNS,
    );
  });

  it('is found or refused, never mis-read, in a real certificate cut short or with a byte flipped', async () => {
    const ca = await createLabCa('TLSA truncation CA');
    const der = new X509Certificate(ca.certPem).raw;
    const spki = new X509Certificate(ca.certPem).publicKey.export({ type: 'spki', format: 'der' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: der.length - 1 }), (cut) => {
        expect(spkiOfCertificate(der.subarray(0, cut))).toBeUndefined();
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: der.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const copy = Buffer.from(der);
        copy[at] = copy[at]! ^ xor;
        const got = spkiOfCertificate(copy);
        // Either nothing, or a SEQUENCE inside the bytes; a flip after the key leaves the key as it was.
        if (got) expect(got[0]).toBe(0x30);
        if (at >= der.indexOf(spki) + spki.length) expect(Buffer.from(got!)).toEqual(spki);
      }),
      RUNS,
    );
  }, 60_000);
});
