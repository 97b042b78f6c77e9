/**
 * The post-quantum probe's wire work without a server: the ClientHello it sends (hybrid groups listed,
 * empty key_share), a HelloRetryRequest written out byte by byte, and hostile answers that must never
 * throw.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseServerFlight } from '../../../src/net/tls/server-hello.js';
import { buildClientHello } from '../../../src/net/tls/client-hello.js';
import type { HelloOutcome } from '../../../src/net/tls/hello-exchange.js';
import { PQ_HYBRID_GROUPS, retryGroup } from '../../../src/probes/tls/post-quantum.js';
import { readClientHello, serverHelloRecord } from '../../lab/tls/wire.js';

const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

/** A TLS 1.3 HelloRetryRequest for X25519MLKEM768 (0x11ec), TLS_AES_128_GCM_SHA256, 32-byte session id echo. */
const HRR_X25519MLKEM768 = Buffer.from(
  [
    '16 0303 0058', // handshake record, 88 bytes
    '02 000054', // ServerHello, 84 bytes
    '0303', // legacy_version
    HRR_RANDOM,
    '20', 'ab'.repeat(32), // session id echo
    '1301', // TLS_AES_128_GCM_SHA256
    '00', // null compression
    '000c', // extensions: 12 bytes
    '002b 0002 0304', // supported_versions: TLS 1.3
    '0033 0002 11ec', // key_share in an HRR: only the selected group
  ]
    .join('')
    .replace(/ /g, ''),
  'hex',
);

const asOutcome = (bytes: Uint8Array): HelloOutcome => ({ ...(parseServerFlight(bytes) as Exclude<HelloOutcome, { elapsedMs: number }>), elapsedMs: 1 }) as HelloOutcome;

describe('post-quantum hellos', () => {
  it('lists the requested groups and sends an empty key_share, with no X25519 key needed', () => {
    const hello = buildClientHello({
      version: 'TLSv1.3',
      cipherSuites: [0x1301],
      random: new Uint8Array(32),
      groups: PQ_HYBRID_GROUPS.map((g) => g.code),
      emptyKeyShare: true,
    });
    const { extensions } = readClientHello(hello);
    expect(Buffer.from(extensions.get(0x000a)!).toString('hex')).toBe('000611ec11eb11ed');
    expect(Buffer.from(extensions.get(0x0033)!).toString('hex')).toBe('0000');
    expect(() => buildClientHello({ version: 'TLSv1.3', cipherSuites: [0x1301], random: new Uint8Array(32) })).toThrow(/X25519/);
  });

  it('reads the group a hand-written HelloRetryRequest names', () => {
    const flight = parseServerFlight(HRR_X25519MLKEM768);
    expect(flight).toMatchObject({ kind: 'server_hello', helloRetryRequest: true, version: 0x0304, cipherSuite: 0x1301, group: 0x11ec });
    expect(retryGroup(asOutcome(HRR_X25519MLKEM768), [0x11ec])).toEqual({ group: 0x11ec });
    // Named, but not among the groups offered: not evidence of anything.
    expect(retryGroup(asOutcome(HRR_X25519MLKEM768), [0x11eb])).toMatchObject({ refused: false, why: expect.stringMatching(/not offered/) });
  });

  it('tells refusals from answers that prove nothing', () => {
    const alert = asOutcome(Buffer.from('15030300020228', 'hex'));
    expect(retryGroup(alert, [0x11ec])).toMatchObject({ refused: true, why: 'alert 40 handshake_failure' });
    expect(retryGroup({ kind: 'closed', bytesReceived: 0, elapsedMs: 1 }, [0x11ec])).toMatchObject({ refused: true });
    expect(retryGroup({ kind: 'timeout', bytesReceived: 0, elapsedMs: 1 }, [0x11ec])).toMatchObject({ refused: false });
    // A real ServerHello (not a retry) cannot answer a hello without key shares.
    const plain = serverHelloRecord({ version: 0x0303, cipherSuite: 0x1301, extensions: [[0x2b, Uint8Array.of(3, 4)], [0x33, Uint8Array.of(0x11, 0xec, 0, 0)]] });
    expect(retryGroup(asOutcome(plain), [0x11ec])).toMatchObject({ refused: false, why: expect.stringMatching(/without a key share/) });
    // A TLS 1.2 ServerHello: the server did not take TLS 1.3 at all.
    const tls12 = serverHelloRecord({ version: 0x0303, cipherSuite: 0xc02f, random: Buffer.from(HRR_RANDOM, 'hex') });
    expect(retryGroup(asOutcome(tls12), [0x11ec])).toMatchObject({ refused: false, why: expect.stringMatching(/not TLS 1.3/) });
  });

  it('never throws on hostile HelloRetryRequest-shaped answers', () => {
    const extension = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 12 }));
    fc.assert(
      fc.property(
        fc.array(extension, { maxLength: 5 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 1, max: 40 }),
        fc.uint8Array({ maxLength: 8 }),
        (extensions, suite, fragment, tail) => {
          const bytes = serverHelloRecord({ version: 0x0303, cipherSuite: suite, random: Buffer.from(HRR_RANDOM, 'hex'), extensions }, fragment);
          // Truncated, extended or intact: the parser and the classifier answer, never throw.
          for (const cut of [bytes, bytes.subarray(0, bytes.length - 1), Uint8Array.from([...bytes, ...tail])]) {
            const outcome = asOutcome(cut);
            const verdict = retryGroup(outcome, PQ_HYBRID_GROUPS.map((g) => g.code));
            if ('group' in verdict) expect(PQ_HYBRID_GROUPS.map((g) => g.code)).toContain(verdict.group);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary bytes after an HRR random', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (rest) => {
        const body = Uint8Array.from([3, 3, ...Buffer.from(HRR_RANDOM, 'hex'), ...rest]);
        const bytes = Uint8Array.from([22, 3, 3, (body.length + 4) >> 8, (body.length + 4) & 0xff, 2, 0, body.length >> 8, body.length & 0xff, ...body]);
        retryGroup(asOutcome(bytes), [0x11ec, 0x001d]);
      }),
      { numRuns: 2000 },
    );
  });
});
