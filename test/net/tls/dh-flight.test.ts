import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_DH_PRIME_BYTES, parseFullFlight } from '../../../src/net/tls/dh-flight.js';
import { alertRecord, encodeServerHelloBody, handshakeMessage, records } from '../../lab/tls/wire.js';

const DHE_SUITE = 0x009e; // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
const hello = (cipherSuite = DHE_SUITE) => handshakeMessage(2, encodeServerHelloBody({ version: 0x0303, cipherSuite, extensions: [[0xff01, Uint8Array.of(0)]] }));
const certificate = handshakeMessage(11, Uint8Array.from([0, 0, 7, 0, 0, 4, 1, 2, 3, 4]));
const vec = (b: Uint8Array) => [b.length >> 8, b.length & 0xff, ...b];
const ske = (p: Uint8Array, g: Uint8Array, ys: Uint8Array) => handshakeMessage(12, Uint8Array.from([...vec(p), ...vec(g), ...vec(ys), 4, 1, 0, 1, 9]));
const done = handshakeMessage(14, new Uint8Array(0));
const flight = (...msgs: Uint8Array[]) => Uint8Array.from(msgs.flatMap((m) => [...m]));

const P = Uint8Array.from(Array.from({ length: 128 }, (_, i) => (i * 37 + 11) & 0xff));
const VALID = records(22, flight(hello(), certificate, ske(P, Uint8Array.of(2), Uint8Array.of(5, 6, 7)), done));

describe('parseFullFlight', () => {
  it('reads p, g and the public value of a DHE ServerKeyExchange', () => {
    const r = parseFullFlight(VALID);
    expect(r.kind).toBe('server_flight');
    if (r.kind !== 'server_flight') return;
    expect(r.messages).toEqual([11, 12]);
    expect(Buffer.from(r.dh!.p)).toEqual(Buffer.from(P));
    expect([...r.dh!.g]).toEqual([2]);
    expect([...r.dh!.ys]).toEqual([5, 6, 7]);
  });

  it('the same flight split into tiny records, and every prefix of it is incomplete', () => {
    const payload = flight(hello(), certificate, ske(P, Uint8Array.of(2), Uint8Array.of(5)));
    const split = records(22, payload, 7);
    expect(parseFullFlight(split).kind).toBe('server_flight');
    for (let n = 0; n < split.length; n++) expect(parseFullFlight(split.subarray(0, n)).kind).toBe('incomplete');
  });

  it('a non-DHE suite, TLS 1.3, or no ServerKeyExchange: a flight without a group, with the reason', () => {
    const ecdhe = parseFullFlight(records(22, hello(0xc02f)));
    expect(ecdhe).toMatchObject({ kind: 'server_flight', dh: null, note: expect.stringMatching(/not a DHE suite/) });
    const noSke = parseFullFlight(records(22, flight(hello(), certificate, done)));
    expect(noSke).toMatchObject({ kind: 'server_flight', dh: null, note: 'the server sent no ServerKeyExchange for its DHE suite' });
  });

  it('an alert after the ServerHello is the answer; an unexpected message type is invalid', () => {
    const alert = Uint8Array.from([...records(22, flight(hello(), certificate)), ...alertRecord(2, 40)]);
    expect(parseFullFlight(alert)).toMatchObject({ kind: 'alert', description: 40 });
    expect(parseFullFlight(records(22, flight(hello(), handshakeMessage(4, Uint8Array.of(1)))))).toMatchObject({ kind: 'invalid' });
  });

  it('hostile ServerKeyExchanges: truncated vectors, empty and oversized primes, generator longer than p', () => {
    const reason = (payload: Uint8Array) => {
      const r = parseFullFlight(records(22, flight(hello(), payload)));
      return r.kind === 'invalid' ? r.reason : r.kind;
    };
    expect(reason(handshakeMessage(12, Uint8Array.of(0x01, 0x00, 1, 2)))).toMatch(/claims 256 bytes, only 2/);
    expect(reason(handshakeMessage(12, Uint8Array.of(0x00, 0x00)))).toMatch(/empty DH prime/);
    expect(reason(handshakeMessage(12, Uint8Array.of(0x00)))).toMatch(/ends before the length of DH prime/);
    expect(reason(ske(new Uint8Array(MAX_DH_PRIME_BYTES + 1).fill(0xff), Uint8Array.of(2), Uint8Array.of(3)))).toMatch(/larger than any client accepts/);
    expect(reason(ske(Uint8Array.of(0xff), Uint8Array.of(2, 2), Uint8Array.of(3)))).toMatch(/generator is longer than the prime/);
    expect(reason(Uint8Array.of(12, 0xff, 0xff, 0xff))).toMatch(/claims 16777215 bytes/);
  });

  it('never throws on arbitrary bytes, nor on a valid flight with any byte changed or cut anywhere', () => {
    const kinds = ['incomplete', 'invalid', 'alert', 'server_flight'];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 800 }), (bytes) => {
        expect(kinds).toContain(parseFullFlight(bytes).kind);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.nat(VALID.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(VALID.length), (at, value, cut) => {
        const mutated = Uint8Array.from(VALID);
        mutated[at] = value;
        const r = parseFullFlight(mutated.subarray(0, cut));
        expect(kinds).toContain(r.kind);
        // Whatever it accepts is within the bounds it promises.
        if (r.kind === 'server_flight' && r.dh) {
          expect(r.dh.p.length).toBeLessThanOrEqual(MAX_DH_PRIME_BYTES);
          expect(r.dh.g.length).toBeLessThanOrEqual(r.dh.p.length);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
