import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseServerFlight } from '../../../src/net/tls/server-hello.js';
import { alertRecord, encodeServerHelloBody, handshakeMessage, records, serverHelloRecord } from '../../lab/tls/wire.js';

const HRR = Uint8Array.from(Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex'));

const extensionArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 0xfffe }), { maxLength: 6 })
  .chain((types) =>
    fc.tuple(...types.map((t) => fc.tuple(fc.constant(t), fc.uint8Array({ minLength: t === 0x2b || t === 0x33 ? 2 : 0, maxLength: 40 })))),
  );

const helloArb = fc.record({
  version: fc.constantFrom(0x0300, 0x0301, 0x0302, 0x0303),
  cipherSuite: fc.integer({ min: 0, max: 0xffff }),
  compressionMethod: fc.constantFrom(0, 1),
  sessionId: fc.uint8Array({ maxLength: 32 }),
  extensions: fc.option(extensionArb, { nil: undefined }),
});

describe('parseServerFlight', () => {
  it('never throws on arbitrary bytes, with or without SSLv2 framing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (bytes, sslv2) => {
        const r = parseServerFlight(bytes, { sslv2 });
        expect(['incomplete', 'invalid', 'alert', 'server_hello', 'sslv2_server_hello']).toContain(r.kind);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on garbage that starts like a handshake record', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 400 }), (len, rest) => {
        const bytes = Uint8Array.from([22, 3, 3, len >> 8, len & 0xff, ...rest]);
        parseServerFlight(bytes);
        parseServerFlight(Uint8Array.from([22, 3, 3, 0, rest.length + 4, 2, 0, (rest.length >> 8) & 0xff, rest.length & 0xff, ...rest]));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips generated ServerHellos, also when split over many records', () => {
    fc.assert(
      fc.property(helloArb, fc.integer({ min: 1, max: 64 }), (spec, fragment) => {
        const r = parseServerFlight(serverHelloRecord(spec, fragment));
        expect(r.kind).toBe('server_hello');
        if (r.kind !== 'server_hello') return;
        expect(r.cipherSuite).toBe(spec.cipherSuite);
        expect(r.legacyVersion).toBe(spec.version);
        expect(r.compressionMethod).toBe(spec.compressionMethod);
        expect(r.extensions).toEqual((spec.extensions ?? []).map(([t]) => t));
        expect(r.secureRenegotiation).toBe((spec.extensions ?? []).some(([t]) => t === 0xff01));
      }),
      { numRuns: 500 },
    );
  });

  it('says incomplete for every strict prefix of a valid answer', () => {
    fc.assert(
      fc.property(helloArb, fc.integer({ min: 1, max: 200 }), (spec, fragment) => {
        const full = serverHelloRecord(spec, fragment);
        for (let cut = 0; cut < full.length; cut += Math.max(1, Math.floor(full.length / 25))) {
          expect(parseServerFlight(full.subarray(0, cut)).kind).toBe('incomplete');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads alerts of either level, even before the record is complete', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2), fc.integer({ min: 0, max: 255 }), (level, description) => {
        const r = parseServerFlight(alertRecord(level, description));
        expect(r).toMatchObject({ kind: 'alert', level, description });
      }),
    );
    expect(parseServerFlight(alertRecord(2, 86))).toMatchObject({ name: 'inappropriate_fallback' });
    expect(parseServerFlight(Uint8Array.from([21, 3, 3, 0, 2, 2]))).toEqual({ kind: 'incomplete' });
  });

  it('rejects huge record and handshake lengths instead of waiting for them', () => {
    expect(parseServerFlight(Uint8Array.from([22, 3, 3, 0xff, 0xff, 2, 0]))).toMatchObject({ kind: 'invalid' });
    expect(parseServerFlight(Uint8Array.from([22, 3, 3, 0, 4, 2, 0xff, 0xff, 0xff]))).toMatchObject({ kind: 'invalid' });
    expect(parseServerFlight(Uint8Array.from([22, 3, 3, 0, 0]))).toMatchObject({ kind: 'invalid' });
  });

  it('rejects non-TLS answers such as an HTTP response or an SSH banner', () => {
    expect(parseServerFlight(new TextEncoder().encode('HTTP/1.1 400 Bad Request\r\n'))).toMatchObject({ kind: 'invalid' });
    expect(parseServerFlight(new TextEncoder().encode('SSH-2.0-OpenSSH_9.2\r\n'))).toMatchObject({ kind: 'invalid' });
    expect(parseServerFlight(records(22, handshakeMessage(11, new Uint8Array(10))))).toMatchObject({ kind: 'invalid' });
    expect(parseServerFlight(records(23, new Uint8Array(10)))).toMatchObject({ kind: 'invalid' });
  });

  it('rejects inconsistent inner lengths', () => {
    const body = encodeServerHelloBody({ version: 0x0303, cipherSuite: 0xc02f, extensions: [[0xff01, Uint8Array.of(0)]] });
    const broken = Uint8Array.from(body);
    broken[body.length - 7] = 0x7f; // extensions length now wrong
    expect(parseServerFlight(records(22, handshakeMessage(2, broken)))).toMatchObject({ kind: 'invalid' });
    const bigSession = Uint8Array.from(body);
    bigSession[34] = 33;
    expect(parseServerFlight(records(22, handshakeMessage(2, bigSession)))).toMatchObject({ kind: 'invalid' });
  });

  it('recognises TLS 1.3 via supported_versions and HelloRetryRequest by its random', () => {
    const tls13 = parseServerFlight(
      serverHelloRecord({ version: 0x0303, cipherSuite: 0x1302, extensions: [[0x2b, Uint8Array.of(3, 4)], [0x33, Uint8Array.of(0, 0x1d, 0, 0)]] }),
    );
    expect(tls13).toMatchObject({ kind: 'server_hello', version: 0x0304, versionName: 'TLSv1.3', helloRetryRequest: false, group: 0x1d });
    const hrr = parseServerFlight(
      serverHelloRecord({ version: 0x0303, cipherSuite: 0x1301, random: HRR, extensions: [[0x2b, Uint8Array.of(3, 4)], [0x33, Uint8Array.of(0, 0x17)]] }),
    );
    expect(hrr).toMatchObject({ kind: 'server_hello', helloRetryRequest: true, group: 0x17, cipherSuite: 0x1301 });
  });

  it('parses an SSLv2 SERVER-HELLO and rejects a malformed one', () => {
    const specs = [0x01, 0x00, 0x80, 0x07, 0x00, 0xc0];
    const cert = new Uint8Array(20);
    const msg = [4, 0, 1, 0, 2, 0, cert.length, 0, specs.length, 0, 16, ...cert, ...specs, ...new Uint8Array(16)];
    const rec = Uint8Array.from([0x80 | (msg.length >> 8), msg.length & 0xff, ...msg]);
    expect(parseServerFlight(rec, { sslv2: true })).toEqual({ kind: 'sslv2_server_hello', version: 2, cipherKinds: [0x010080, 0x0700c0], certificateLength: 20 });
    const bad = Uint8Array.from(rec);
    bad[10] = 5; // specs length not a multiple of 3
    expect(parseServerFlight(bad, { sslv2: true }).kind).toBe('invalid');
  });
});
