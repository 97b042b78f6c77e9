/**
 * Fuzzing the binary readers: the TLS server flight (ServerHello, alerts, SSLv2), certificates (the
 * @peculiar/x509 + node:crypto reading and our own DER walk for the signature OID) and DNS answers
 * (dns-packet decoding as the wire client uses it). Inputs are valid samples with bytes flipped, cut
 * or spliced, plus random bytes. Contract: a typed result, or only the documented error type.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as dnsPacket from 'dns-packet';
import { parseServerFlight } from '../../src/net/tls/server-hello.js';
import { CertificateParseError, describeCertificate, signatureAlgorithmOid } from '../../src/probes/tls/certificate-info.js';
import { parseResponse } from '../../src/net/dns/wire.js';
import { NetError } from '../../src/net/errors.js';
import { alertRecord, serverHelloRecord } from '../lab/tls/wire.js';
import { createLabCa } from '../lab/ca.js';
import { FUZZ_TIMEOUT_MS, fuzzParams, mutatedBytes } from './arbitraries.js';

const FLIGHT_KINDS = ['incomplete', 'invalid', 'alert', 'server_hello', 'sslv2_server_hello'];

describe('TLS server flight', () => {
  const hello = fc
    .record({
      version: fc.constantFrom(0x0300, 0x0301, 0x0302, 0x0303),
      cipherSuite: fc.integer({ min: 0, max: 0xffff }),
      compressionMethod: fc.constantFrom(0, 1),
      sessionId: fc.uint8Array({ maxLength: 32 }),
      extensions: fc.array(fc.tuple(fc.constantFrom(0x2b, 0x33, 0xff01, 0x10, 0x17, 0x0b), fc.uint8Array({ minLength: 2, maxLength: 12 })), { maxLength: 4 }),
    })
    .chain((spec) => fc.integer({ min: 1, max: 80 }).map((fragment) => serverHelloRecord(spec, fragment)));
  const flight = fc.oneof(hello, fc.tuple(fc.constantFrom(1, 2), fc.nat(255)).map(([l, d]) => alertRecord(l, d)));

  it('mutated ServerHellos and alerts give a known kind, never an exception', () => {
    fc.assert(
      fc.property(mutatedBytes(flight), fc.boolean(), (bytes, sslv2) => {
        expect(FLIGHT_KINDS).toContain(parseServerFlight(bytes, { sslv2 }).kind);
      }),
      fuzzParams(),
    );
  });
  it('is linear: 64 kB of records is read in bounded time', () => {
    const many = new Uint8Array(64 * 1024);
    for (let i = 0; i + 5 <= many.length; i += 5) many.set([22, 3, 3, 0, 0], i); // empty records, all of them
    const start = performance.now();
    parseServerFlight(many);
    parseServerFlight(Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i < 5 ? [22, 3, 3, 0xff, 0xff][i]! : 2)));
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});

describe('certificates', () => {
  let der: Uint8Array[];
  beforeAll(async () => {
    const ca = await createLabCa('Fuzz Root');
    const issued = await ca.issue({ dnsNames: ['a.test', '*.b.test', 'xn--bcher-kva.test'] });
    der = [...issued.chainPem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map((m) => Uint8Array.from(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
    expect(der.length).toBeGreaterThan(0);
  });

  it('mutated DER gives certificate facts or a CertificateParseError, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedBytes(fc.constantFrom(...der)), async (bytes) => {
        expect(typeof signatureAlgorithmOid(bytes)).toBe('string');
        try {
          const info = await describeCertificate(Buffer.from(bytes));
          expect(typeof info.subject).toBe('string');
          expect(Number.isFinite(Date.parse(info.notAfter))).toBe(true);
          for (const n of info.subjectAltNames) expect(n).toMatch(/^(DNS|IP):/);
        } catch (err) {
          expect(err).toBeInstanceOf(CertificateParseError);
        }
      }),
      fuzzParams(),
    );
  });
  it('the DER walk reads the signature OID of the real certificate and survives every truncation', () => {
    const full = der[0]!;
    expect(signatureAlgorithmOid(full)).toMatch(/^1\.2\.840\./);
    for (let cut = 0; cut < full.length; cut++) expect(typeof signatureAlgorithmOid(full.subarray(0, cut))).toBe('string');
  });
});

describe('DNS answers', () => {
  const name = fc.constantFrom('example.com', 'a.b.example.com', '_mta-sts.example.com', '.', 'x'.repeat(63) + '.test');
  const answer = fc.oneof(
    fc.record({ type: fc.constant('A'), name, ttl: fc.nat(86400), data: fc.constantFrom('127.0.0.1', '192.0.2.7') }),
    fc.record({ type: fc.constant('AAAA'), name, ttl: fc.nat(86400), data: fc.constant('::1') }),
    fc.record({ type: fc.constant('TXT'), name, ttl: fc.nat(86400), data: fc.array(fc.string({ maxLength: 60 }).map((s) => Buffer.from(s)), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant('CNAME'), name, ttl: fc.nat(86400), data: name }),
    fc.record({ type: fc.constant('MX'), name, ttl: fc.nat(86400), data: fc.record({ preference: fc.nat(65535), exchange: name }) }),
    fc.record({ type: fc.constant('CAA'), name, ttl: fc.nat(86400), data: fc.record({ flags: fc.constantFrom(0, 128), tag: fc.constantFrom('issue', 'iodef'), value: fc.constant('letsencrypt.org') }) }),
  ) as fc.Arbitrary<dnsPacket.Answer>;
  const opt = fc.array(fc.tuple(fc.constantFrom(15, 10, 12), fc.uint8Array({ maxLength: 20 })), { maxLength: 2 }).map((options) => ({
    type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0, options: options.map(([code, data]) => ({ code, data: Buffer.from(data) })),
  }));
  const packet = fc.tuple(fc.nat(65535), fc.array(answer, { maxLength: 5 }), fc.array(answer, { maxLength: 2 }), opt, fc.nat(0xffff)).map(([id, answers, authorities, o, flags]) =>
    Uint8Array.from(dnsPacket.encode({ type: 'response', id, flags: flags & 0x87b0, questions: [{ type: 'TXT', name: 'example.com', class: 'IN' }], answers, authorities, additionals: [o as unknown as dnsPacket.Answer] })),
  );
  const server = { host: '127.0.0.1', port: 53 };

  it('mutated answers decode to a response or a DNS_MALFORMED NetError', () => {
    fc.assert(
      fc.property(mutatedBytes(packet), (bytes) => {
        const buf = Buffer.from(bytes);
        const id = buf.length >= 2 ? buf.readUInt16BE(0) : 0;
        try {
          const r = parseResponse(buf, id, 'udp', server);
          expect(typeof r.rcode).toBe('string');
          expect(r.answers.length).toBeLessThanOrEqual(1_000);
          for (const e of r.ede) expect(Number.isInteger(e.code)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(NetError);
          expect((err as NetError).code).toBe('DNS_MALFORMED');
        }
      }),
      fuzzParams(),
    );
  });
  it('round trip: an encoded answer decodes to the same records', () => {
    fc.assert(
      fc.property(fc.nat(65535), fc.array(answer, { maxLength: 5 }), (id, answers) => {
        const buf = dnsPacket.encode({ type: 'response', id, questions: [{ type: 'A', name: 'example.com', class: 'IN' }], answers });
        const r = parseResponse(buf, id, 'udp', server);
        expect(r.answers.map((a) => [a.type, (a as { name: string }).name])).toEqual(answers.map((a) => [a.type, (a as { name: string }).name === '.' ? '.' : (a as { name: string }).name]));
      }),
      fuzzParams(),
    );
  });
}, FUZZ_TIMEOUT_MS);
