/**
 * The OCSP and CRL readers take a responder's or a CA server's bytes (or, stapled, the target's): on
 * random, truncated or bit-flipped input they never throw, answer "error" in words when the bytes
 * are not what they claim, and never report a verified signature over bytes the issuer did not sign.
 */
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOcspResponse } from '../../../src/probes/tls/ocsp.js';
import { parseCrl } from '../../../src/probes/tls/crl.js';
import { firstElement, readHeader, smallIntegers } from '../../../src/probes/tls/der.js';
import { startPkiLab, type PkiLab } from '../../lab/tls/pki-lab.js';
import { AsnConvert } from '@peculiar/asn1-schema';
import { OCSPResponse } from '@peculiar/asn1-ocsp';

let pki: PkiLab;
let leaf: X509Certificate;
let issuer: X509Certificate;
let ocsp: Buffer;
let crl: Buffer;
beforeAll(async () => {
  pki = await startPkiLab();
  const made = await pki.leaf({ ocsp: ['/ocsp'] });
  leaf = new X509Certificate(made.der);
  issuer = new X509Certificate(pki.intermediateDer);
  ocsp = pki.ocspResponseFor(made.der, 'revoked');
  await pki.revokeInCrl(made.serialNumber);
  crl = Buffer.from(await (await fetch(`${pki.base}/crl`)).arrayBuffer());
});
afterAll(() => pki.close());

const ocspOf = (b: Uint8Array) => parseOcspResponse(b, { leaf, issuer });
const crlOf = (b: Uint8Array) => parseCrl(b, { leaf, issuer, url: 'http://ca.example/crl' });

/** Offsets (in the whole response) of the signed tbsResponseData inside the basic OCSP response. */
function signedRange(der: Buffer): [number, number] {
  const basic = new Uint8Array(AsnConvert.parse(der, OCSPResponse).responseBytes!.response.buffer);
  const tbs = Buffer.from(firstElement(basic));
  const start = der.indexOf(tbs);
  if (start < 0 || tbs.length < 50) throw new Error('tbsResponseData not found');
  return [start, start + tbs.length];
}

describe('revocation parsers against hostile bytes', () => {
  it('the genuine answers read as revoked, signed by the issuer', () => {
    expect(ocspOf(ocsp)).toMatchObject({ status: 'revoked', signatureValid: true });
    expect(crlOf(crl)).toMatchObject({ status: 'listed', signatureValid: true });
  });

  it('random bytes: never throw, always "error"', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        expect(ocspOf(bytes).status).toBe('error');
        expect(crlOf(bytes).status).toBe('error');
      }),
      { numRuns: 400 },
    );
  });

  it('truncated answers: never throw, never a verified verdict', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const o = ocspOf(ocsp.subarray(0, n % ocsp.length));
        expect(o.status === 'error' || o.signatureValid !== true).toBe(true);
        const c = crlOf(crl.subarray(0, n % crl.length));
        expect(c.status === 'error' || c.signatureValid !== true).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a flipped byte in the signed part of an OCSP answer is never reported as verified', () => {
    const [start, end] = signedRange(ocsp);
    fc.assert(
      fc.property(fc.integer({ min: start, max: end - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const bent = Buffer.from(ocsp);
        bent[at] = bent[at]! ^ xor;
        const answer = ocspOf(bent);
        expect(answer.signatureValid).not.toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a flipped byte anywhere in a CRL: never throws, and a verified list is exactly the genuine one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: crl.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const bent = Buffer.from(crl);
        bent[at] = bent[at]! ^ xor;
        const answer = crlOf(bent);
        // Bytes outside the signed list (the outer lengths, the signature's own encoding) may still parse;
        // a flip inside the signed list must not verify.
        const signed = firstElement(crl);
        const offset = crl.indexOf(Buffer.from(signed));
        if (at >= offset && at < offset + signed.length) expect(answer.signatureValid).not.toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the DER helpers refuse what runs past the end', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        for (const read of [() => firstElement(bytes), () => smallIntegers(bytes)]) {
          try {
            read();
          } catch (err) {
            expect(err).toBeInstanceOf(Error);
          }
        }
      }),
    );
    expect(smallIntegers(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]))).toEqual([5]);
    expect(() => smallIntegers(Uint8Array.from([0x30, 0x05, 0x02, 0x01, 0x05]))).toThrow(/past the end/);
    expect(() => readHeader(Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), 0)).toThrow();
  });
});
