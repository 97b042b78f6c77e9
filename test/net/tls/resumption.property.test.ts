/** parseResumption takes hostile bytes (the answer to a ticket-resumption hello): it never throws, and a valid answer cut short is only ever `incomplete`. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseResumption } from '../../../src/net/tls/resumption.js';
import { handshakeMessage, records, serverHelloRecord } from '../../lab/tls/wire.js';

const KINDS = ['server_hello', 'alert', 'invalid', 'incomplete'];
const hello = (sessionId: Uint8Array) => serverHelloRecord({ version: 0x0303, cipherSuite: 0xc02f, sessionId, extensions: [[0xff01, Uint8Array.of(0)]] });
const resumed = Buffer.concat([hello(new Uint8Array(32).fill(9)), records(20, Uint8Array.of(1))]);
const withTicket = Buffer.concat([hello(Uint8Array.of(5)), records(22, handshakeMessage(4, new Uint8Array(100)))]);
// A Certificate whose body is no certificate list: only its type is read.
const full = Buffer.concat([hello(new Uint8Array(32)), records(22, handshakeMessage(11, new Uint8Array(3000).fill(0xff)))]);

describe('resumption answer parser on hostile bytes', () => {
  it('resumed (CCS or NewSessionTicket next) and full handshakes parse; every prefix is incomplete', () => {
    expect(parseResumption(resumed)).toMatchObject({ kind: 'server_hello', resumed: true, next: 'ChangeCipherSpec' });
    expect(parseResumption(withTicket)).toMatchObject({ kind: 'server_hello', resumed: true, next: 'NewSessionTicket', serverHello: { sessionId: Uint8Array.of(5) } });
    expect(parseResumption(full)).toMatchObject({ kind: 'server_hello', resumed: false, next: 'Certificate' });
    // The CCS record is decided from its header (its one-byte body is not needed).
    for (const answer of [resumed, withTicket, full]) for (let n = 0; n < answer.length - 1; n++) {
      expect(parseResumption(answer.subarray(0, n)).kind).toBe('incomplete');
    }
  });

  it('a ServerHello split over records, one byte each, still parses', () => {
    const body = Buffer.from(resumed.subarray(5, resumed.length - 6));
    const split = Buffer.concat([records(22, body, 1), records(20, Uint8Array.of(1))]);
    expect(parseResumption(split)).toMatchObject({ kind: 'server_hello', resumed: true, serverHello: { sessionId: new Uint8Array(32).fill(9) } });
  });

  it('arbitrary bytes, and valid answers with a byte changed, never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(KINDS).toContain(parseResumption(bytes).kind);
      }),
      { numRuns: 2000 },
    );
    for (const answer of [resumed, withTicket, full]) {
      fc.assert(
        fc.property(fc.nat(answer.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
          const bytes = Buffer.from(answer);
          bytes[at] = value;
          expect(KINDS).toContain(parseResumption(bytes).kind);
        }),
        { numRuns: 1000 },
      );
    }
  });

  it('oversized and truncated lengths are invalid or incomplete, never a session id past 32 bytes', () => {
    const oversized = Buffer.from(resumed);
    oversized[5 + 4 + 34] = 200; // session id length
    expect(parseResumption(oversized)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('exceeds 32') });
    const overrun = Buffer.from(hello(new Uint8Array(0)));
    overrun[5 + 4 + 34] = 30; // an id longer than the ServerHello that carries it
    expect(parseResumption(overrun)).toMatchObject({ kind: 'invalid' });
    expect(parseResumption(Uint8Array.from([22, 3, 3, 0xff, 0xff]))).toMatchObject({ kind: 'invalid' });
    expect(parseResumption(Uint8Array.from([22, 3, 3, 0, 4, 2, 0xff, 0xff, 0xff]))).toMatchObject({ kind: 'invalid' });
    expect(parseResumption(Buffer.concat([records(20, Uint8Array.of(1))]))).toMatchObject({ kind: 'invalid', reason: 'ChangeCipherSpec before the ServerHello' });
    expect(parseResumption(Buffer.concat([hello(Uint8Array.of(1)), records(22, handshakeMessage(99, new Uint8Array(0)))]))).toMatchObject({ kind: 'invalid' });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 33, maxLength: 255 }), (id) => {
        const bytes = Buffer.concat([hello(new Uint8Array(0)), records(20, Uint8Array.of(1))]);
        const forged = Buffer.concat([bytes.subarray(0, 43), Buffer.from([id.length]), id, bytes.subarray(44)]);
        const parsed = parseResumption(forged);
        if (parsed.kind === 'server_hello') expect(parsed.serverHello.sessionId.length).toBeLessThanOrEqual(32);
      }),
      { numRuns: 300 },
    );
  });
});
