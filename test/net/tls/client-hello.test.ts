import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildClientHello, buildSSLv2ClientHello } from '../../../src/net/tls/client-hello.js';
import { FALLBACK_SCSV } from '../../../src/net/tls/cipher-suites.js';
import { readClientHello } from '../../lab/tls/wire.js';

const hostname = fc
  .array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/), { minLength: 1, maxLength: 5 })
  .map((labels) => labels.join('.'));

describe('buildClientHello', () => {
  it('produces a well-formed record for any suite list, name and version', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'),
        // Signalling values are added by the builder itself, so the generated lists leave them out.
        fc.uniqueArray(fc.integer({ min: 1, max: 0xfeff }).filter((v) => v !== 0x5600 && v !== 0x00ff), { minLength: 1, maxLength: 300 }),
        fc.option(hostname, { nil: undefined }),
        fc.boolean(),
        fc.boolean(),
        (version, suites, serverName, offerCompression, fallbackScsv) => {
          const hello = buildClientHello({
            version,
            cipherSuites: suites,
            serverName,
            random: new Uint8Array(32).fill(1),
            x25519PublicKey: new Uint8Array(32).fill(2),
            offerCompression,
            fallbackScsv,
          });
          const parsed = readClientHello(hello);
          expect(parsed.suites.slice(0, suites.length)).toEqual(suites);
          expect(parsed.suites.includes(FALLBACK_SCSV)).toBe(fallbackScsv);
          expect(parsed.compression).toEqual(offerCompression ? [1, 0] : [0]);
          if (version === 'SSLv3') {
            expect(parsed.version).toBe(0x0300);
            expect(parsed.extensions.size).toBe(0);
            return;
          }
          expect(parsed.version).toBe(version === 'TLSv1.3' ? 0x0303 : { 'TLSv1.0': 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303 }[version]);
          expect(parsed.extensions.has(0x0000)).toBe(serverName !== undefined);
          if (serverName) expect(Buffer.from(parsed.extensions.get(0)!.subarray(5)).toString()).toBe(serverName);
          expect(parsed.extensions.has(0x002b)).toBe(version === 'TLSv1.3');
          expect(parsed.extensions.has(0x0033)).toBe(version === 'TLSv1.3');
          expect(parsed.extensions.has(0x000a)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a TLS 1.3 hello without a key share and an empty suite list', () => {
    expect(() => buildClientHello({ version: 'TLSv1.3', cipherSuites: [0x1301], random: new Uint8Array(32) })).toThrow();
    expect(() => buildClientHello({ version: 'TLSv1.2', cipherSuites: [], random: new Uint8Array(32) })).toThrow();
  });

  it('builds an SSLv2 CLIENT-HELLO with a consistent length header', () => {
    const hello = buildSSLv2ClientHello(new Uint8Array(16));
    expect(hello[0]! & 0x80).toBe(0x80);
    expect(((hello[0]! & 0x7f) << 8) | hello[1]!).toBe(hello.length - 2);
    expect(hello[2]).toBe(1);
    expect((hello[5]! << 8) | hello[6]!).toBe(7 * 3);
  });
});
