/** The IPv6 probe on a scripted network context: which requests it makes, and what it records. */
import { describe, expect, it } from 'vitest';
import { gatherIpv6 } from '../../src/probes/ipv6.js';
import type { ProbeContext } from '../../src/probes/probe.js';
import type { ConnectRace } from '../../src/model/ipv6.js';
import type { HttpRequest } from '../../src/net/context.js';
import { exchange } from '../support/evidence.js';

function context(race: ConnectRace | undefined, addresses = ['::1', '127.0.0.1']) {
  const asked: { address: string; url: string }[] = [];
  const ctx = {
    target: { input: 'https://site.test/', url: 'https://site.test/', host: 'site.test', schemeGiven: true, resolved: addresses },
    evidence: { schemaVersion: 1, target: {} as never, startedAt: '', durationMs: 0 },
    net: {
      timeoutMs: 3000,
      addressesOf: async () => addresses,
      connectRace: () => race,
      httpVia: (_host: string, address: string) => ({
        request: async (req: HttpRequest) => {
          asked.push({ address, url: req.url });
          return exchange(req.url, 200, [['Strict-Transport-Security', 'max-age=1'], ['Strict-Transport-Security', 'max-age=2'], ['X-Other', 'x']]);
        },
      }),
    },
  } as unknown as ProbeContext;
  return { ctx, asked };
}

describe('ipv6 probe', () => {
  it('dual-stack: one request over each family, the compared headers kept (repeated ones joined)', async () => {
    const { ctx, asked } = context({ port: 443, winner: '::1', attempts: [{ address: '::1', family: 6, startedMs: 0, outcome: 'connected', ms: 1 }] });
    const result = await gatherIpv6(ctx);
    expect(asked).toEqual([{ address: '::1', url: 'https://site.test/' }, { address: '127.0.0.1', url: 'https://site.test/' }]);
    expect(result).toMatchObject({ status: 'ok', data: { ipv4: ['127.0.0.1'], ipv6: ['::1'], views: [{ family: 6, status: 200, headers: { 'strict-transport-security': 'max-age=1, max-age=2' } }, { family: 4, status: 200 }] } });
  });

  it('an IPv6 address the race saw fail for lack of a route is not asked again, and is marked as our network', async () => {
    const { ctx, asked } = context({
      port: 443,
      winner: '127.0.0.1',
      attempts: [
        { address: '::1', family: 6, startedMs: 0, outcome: 'failed', code: 'EADDRNOTAVAIL', error: 'connect EADDRNOTAVAIL ::1:443' },
        { address: '127.0.0.1', family: 4, startedMs: 1, outcome: 'connected', ms: 1 },
      ],
    });
    const result = await gatherIpv6(ctx);
    expect(asked.map((a) => a.address)).toEqual(['127.0.0.1']);
    expect(result.status === 'ok' && result.data.views[0]).toMatchObject({ family: 6, fromRace: true, code: 'EADDRNOTAVAIL', localNetwork: true });
  });

  it('one family only: no request at all', async () => {
    const { ctx, asked } = context(undefined, ['127.0.0.1']);
    const result = await gatherIpv6(ctx);
    expect(asked).toEqual([]);
    expect(result).toMatchObject({ status: 'ok', data: { ipv4: ['127.0.0.1'], ipv6: [], views: [] } });
  });
});
