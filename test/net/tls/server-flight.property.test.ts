/** parseFlight and parseReply take hostile bytes: they never throw, and a valid flight cut short is only ever `incomplete`. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFlight, parseReply } from '../../../src/net/tls/server-flight.js';
import { handshakeMessage, records, serverHelloRecord } from '../../lab/tls/wire.js';

const flight = Buffer.concat([
  serverHelloRecord({ version: 0x0303, cipherSuite: 0x009c, sessionId: new Uint8Array(32).fill(9), extensions: [[0xff01, Uint8Array.of(0)]] }),
  records(22, handshakeMessage(11, Uint8Array.from([0, 0, 7, 0, 0, 4, 1, 2, 3, 4]))),
  records(22, handshakeMessage(14, new Uint8Array(0))),
]);

describe('server flight parsers on hostile bytes', () => {
  it('a valid flight parses, and every prefix of it is incomplete', () => {
    expect(parseFlight(flight)).toMatchObject({ kind: 'flight', messages: [2, 11, 14], leafCertificate: Uint8Array.from([1, 2, 3, 4]) });
    for (let n = 0; n < flight.length; n++) expect(parseFlight(flight.subarray(0, n)).kind).toBe('incomplete');
  });

  it('arbitrary bytes, and a valid flight with bytes flipped, never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(['flight', 'alert', 'invalid', 'incomplete']).toContain(parseFlight(bytes).kind);
        expect(['alert', 'heartbeat', 'invalid', 'incomplete']).toContain(parseReply(bytes).kind);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.nat(flight.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const bytes = Buffer.from(flight);
        bytes[at] = value;
        expect(['flight', 'alert', 'invalid', 'incomplete']).toContain(parseFlight(bytes).kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('oversized lengths are invalid, not waited for', () => {
    expect(parseFlight(Uint8Array.from([22, 3, 3, 0xff, 0xff]))).toMatchObject({ kind: 'invalid' });
    expect(parseReply(Uint8Array.from([23, 3, 3, 0xff, 0xff]))).toMatchObject({ kind: 'invalid' });
    expect(parseFlight(Buffer.concat([Buffer.from([22, 3, 3, 0, 4, 2, 0xff, 0xff, 0xff])]))).toMatchObject({ kind: 'invalid' });
    // A heartbeat reply is judged from its header: its claimed payload, never its contents.
    expect(parseReply(Uint8Array.from([24, 3, 3, 0x40, 0x13, 2, 0x40, 0x00]))).toEqual({ kind: 'heartbeat', messageType: 2, payloadLength: 0x4000, recordLength: 0x4013 });
  });
});
