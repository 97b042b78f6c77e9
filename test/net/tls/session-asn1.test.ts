import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxEarlyDataOf } from '../../../src/net/tls/session-asn1.js';

/** DER TLV with the shortest length form. */
function tlv(tag: number, body: number[]): number[] {
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return [tag, ...len, ...body];
}
const integer = (v: number): number[] => {
  const bytes: number[] = [];
  do {
    bytes.unshift(v % 256);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, bytes);
};
/** An SSL_SESSION shape: version, ssl_version, cipher, ids, a big [3] peer certificate, then [15] when given. */
function session(maxEarlyData?: number, filler = 300): number[] {
  const fields = [
    ...integer(1),
    ...integer(0x0304),
    ...tlv(0x04, [0x13, 0x02]),
    ...tlv(0x04, Array(32).fill(7)),
    ...tlv(0xa3, tlv(0x30, Array(filler).fill(0x55))),
    ...tlv(0xa9, integer(7200)),
    ...(maxEarlyData === undefined ? [] : tlv(0xaf, integer(maxEarlyData))),
    ...tlv(0xb3, integer(0x1d)),
  ];
  return tlv(0x30, fields);
}
/** Node 24's header before the DER: magic, then the host name with a 16-bit length. */
const NODE_HEADER = [...Buffer.from('\0nodejs:tls:session:1\0'), 0, 9, ...Buffer.from('127.0.0.1')];

describe('maxEarlyDataOf', () => {
  it('reads [15] max_early_data from a bare session and from one behind Node 24\'s header', () => {
    expect(maxEarlyDataOf(Uint8Array.from(session(16384)))).toEqual({ ok: true, maxEarlyData: 16384 });
    expect(maxEarlyDataOf(Uint8Array.from([...NODE_HEADER, ...session(16384)]))).toEqual({ ok: true, maxEarlyData: 16384 });
    expect(maxEarlyDataOf(Uint8Array.from([...NODE_HEADER, ...session(0xffffffff)]))).toEqual({ ok: true, maxEarlyData: 0xffffffff });
  });

  it('gives 0 when the field is absent (OpenSSL omits zero)', () => {
    expect(maxEarlyDataOf(Uint8Array.from([...NODE_HEADER, ...session()]))).toEqual({ ok: true, maxEarlyData: 0 });
  });

  it('refuses what is not a session, with the reason', () => {
    expect(maxEarlyDataOf(new Uint8Array())).toEqual({ ok: false, reason: 'no DER SEQUENCE spans the session to its end' });
    expect(maxEarlyDataOf(Uint8Array.from([0x30, 0x05, 0xaf, 0x03, 0x04, 0x01, 0x00]))).toEqual({ ok: false, reason: 'max_early_data is not an INTEGER (tag 0x4)' });
    expect(maxEarlyDataOf(Uint8Array.from([0x30, 0x05, 0xaf, 0x03, 0x02, 0x01, 0x80]))).toEqual({ ok: false, reason: 'max_early_data is negative' });
    expect(maxEarlyDataOf(Uint8Array.from([0x30, 0x08, 0xaf, 0x06, 0x02, 0x04, 0x01, 0x00]))).toEqual({ ok: false, reason: 'no DER SEQUENCE spans the session to its end' });
    expect(maxEarlyDataOf(Uint8Array.from([0x30, 0x06, 0xaf, 0x04, 0x02, 0x05, 0x01, 0x00]))).toEqual({ ok: false, reason: 'max_early_data is not DER: a field of 5 bytes runs past the end' });
  });

  it('never throws on hostile bytes, and answers a value or a reason', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const r = maxEarlyDataOf(bytes);
        if (r.ok) expect(r.maxEarlyData).toBeGreaterThanOrEqual(0);
        else expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any 32-bit value and fails cleanly on every truncation or corrupted length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 400 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (value, filler, cutAt, junk) => {
        const whole = [...NODE_HEADER, ...session(value, filler)];
        expect(maxEarlyDataOf(Uint8Array.from(whole))).toEqual({ ok: true, maxEarlyData: value });
        const cut = Uint8Array.from(whole.slice(0, cutAt % whole.length));
        expect(() => maxEarlyDataOf(cut)).not.toThrow();
        const corrupted = Uint8Array.from(whole);
        corrupted[NODE_HEADER.length + 1 + (cutAt % 8)] = junk;
        expect(() => maxEarlyDataOf(corrupted)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
