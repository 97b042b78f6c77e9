// The suite enumeration against simulated servers: every accepted suite is found once, the order rules
// hold for servers that impose their order and for servers that follow the client's, and the number of
// hellos stays within its stated cost. No network: a fake prober answers as a server with the given
// accepted list would, after a random delay (so the parts and the ranking chain interleave differently).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enumerateSuites, MAX_ENUMERATION_PARTS, MAX_ORDER_STEPS, offerFor } from '../../../src/probes/tls/protocols.js';
import { VERSION_CODES } from '../../../src/net/tls/client-hello.js';
import type { HelloOutcome } from '../../../src/net/tls/hello-exchange.js';
import type { RawTlsProber } from '../../../src/net/tls/raw-prober.js';
import type { TlsProtocol } from '../../../src/model/tls.js';

interface SimulatedServer {
  /** Accepted suites, in the server's own order of preference. */
  accepted: number[];
  serverOrder: boolean;
}

function simulate(protocol: Exclude<TlsProtocol, 'SSLv2'>, server: SimulatedServer, delays: number[]) {
  const offers: number[][] = [];
  let i = 0;
  const answer = (offered: readonly number[]): HelloOutcome => {
    const pool = server.serverOrder ? server.accepted : offered;
    const other = server.serverOrder ? offered : server.accepted;
    const chosen = pool.find((id) => other.includes(id));
    if (chosen === undefined) return { kind: 'alert', level: 2, description: 40, name: 'handshake_failure', elapsedMs: 1 };
    const version = VERSION_CODES[protocol];
    return {
      kind: 'server_hello', legacyVersion: Math.min(version, 0x0303), version, versionName: protocol, cipherSuite: chosen,
      compressionMethod: 0, helloRetryRequest: false, extensions: [], secureRenegotiation: true, elapsedMs: 1,
    } as HelloOutcome;
  };
  const prober = {
    hello: async ({ cipherSuites }: { cipherSuites: readonly number[] }) => {
      offers.push([...cipherSuites]);
      await new Promise((r) => setTimeout(r, delays[i++ % delays.length]));
      return answer(cipherSuites);
    },
  } as unknown as RawTlsProber;
  return { prober, offers, first: answer(offerFor(protocol)) };
}

const serverArb = (protocol: Exclude<TlsProtocol, 'SSLv2'>) =>
  fc.record({
    accepted: fc.shuffledSubarray([...offerFor(protocol)], { minLength: 1, maxLength: protocol === 'TLSv1.3' ? 5 : 40 }),
    serverOrder: fc.boolean(),
  });

describe('suite enumeration (simulated servers)', () => {
  for (const protocol of ['TLSv1.2', 'TLSv1.3', 'TLSv1.0'] as const) {
    it(`${protocol}: finds every accepted suite once, in the order rules, within its hello cost`, async () => {
      await fc.assert(
        fc.asyncProperty(serverArb(protocol), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 16 }), async (server, delays) => {
          const { prober, offers, first } = simulate(protocol, server, delays);
          const result = await enumerateSuites(prober, protocol, first, () => undefined);
          const ids = result.suites.map((s) => s.id);
          expect(result.complete).toBe(true);
          expect(new Set(ids).size).toBe(ids.length);
          expect([...ids].sort()).toEqual([...server.accepted].sort());
          const offer = offerFor(protocol);
          if (server.serverOrder) {
            // The first suite and the ranked ones are the server's own first choices.
            const ranked = result.orderNote ? MAX_ORDER_STEPS + 1 : ids.length;
            expect(ids.slice(0, ranked)).toEqual(server.accepted.slice(0, ranked));
            if (ids.length > 1) expect(result.serverPreference).toBe(true);
          } else {
            expect(ids).toEqual(offer.filter((id) => server.accepted.includes(id)));
            if (ids.length > 1) expect(result.serverPreference).toBe(false);
          }
          // Cost: one hello per accepted suite, one per part, the order question, and the chain's
          // re-confirmation of suites a part found first (at most MAX_ORDER_STEPS, or all on TLS 1.3).
          const chainSteps = protocol === 'TLSv1.3' ? ids.length : MAX_ORDER_STEPS + 1;
          const parts = protocol === 'TLSv1.3' ? 0 : MAX_ENUMERATION_PARTS;
          expect(offers.length).toBeLessThanOrEqual(ids.length + parts + 1 + chainSteps);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('a long list from an order-imposing server: the first three in its order, the rest as found, and said so', async () => {
    const accepted = [...offerFor('TLSv1.2').slice(0, 24)].reverse();
    const { prober, first } = simulate('TLSv1.2', { accepted, serverOrder: true }, [2, 0, 1, 3]);
    const result = await enumerateSuites(prober, 'TLSv1.2', first, () => undefined);
    expect(result.suites.map((s) => s.id).slice(0, 3)).toEqual(accepted.slice(0, 3));
    expect(result.suites).toHaveLength(24);
    expect(result.orderNote).toMatch(/first 3 are in its order/);
  });

  it('stops when told to and says the list may be incomplete', async () => {
    const accepted = offerFor('TLSv1.2').slice(0, 30);
    const { prober, offers, first } = simulate('TLSv1.2', { accepted, serverOrder: true }, [1]);
    const result = await enumerateSuites(prober, 'TLSv1.2', first, () => (offers.length >= 5 ? 'the time limit was reached' : undefined));
    expect(result.complete).toBe(false);
    expect(result.note).toBe('the time limit was reached');
    expect(offers.length).toBeLessThan(15);
  });
});
