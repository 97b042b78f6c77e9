/**
 * Ownership proof by DNS: `scorifya-verify=<token>` in a TXT record at `_scorifya.<host>` or at the
 * host, asked of a lab DNS server on loopback. The HTTP proof is tested in watch.test.ts; here the site
 * itself is down, so only the TXT record can verify.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { verifyOwnership } from '../../src/monitor/ownership.js';
import { startHostileDns, type HostileDns } from '../lab/hostile/dns-server.js';

const TOKEN = 'b64tokenAbc123';
let dns: HostileDns;
let deadPort: number;
/** name → TXT strings (each record a list of chunks), or 'drop' to never answer. */
const zone = new Map<string, string[][] | 'drop'>();

beforeAll(async () => {
  dns = await startHostileDns((q) => {
    const records = zone.get(q.name);
    if (records === 'drop') return 'drop';
    if (!records || q.type !== 'TXT') return { answers: [], rcode: records ? 'NOERROR' : 'NXDOMAIN' };
    return { answers: records.map((chunks) => ({ type: 'TXT' as const, name: q.name, ttl: 60, data: chunks })) };
  });
  // A port with nothing listening: the HTTP proof fails at once, with its reason.
  deadPort = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
});
afterAll(() => dns.close());

const verify = (host: string, timeoutMs = 2_000) =>
  verifyOwnership(`http://${host}:${deadPort}/`, TOKEN, {
    allowPrivate: true,
    resolve: [`${host}:${deadPort}:127.0.0.1`],
    ca: [],
    timeoutMs,
    dns: true,
    dnsServers: [dns.spec],
  });

it('a TXT record at _scorifya.<host> verifies, and says where it was found', async () => {
  zone.set('_scorifya.one.test', [[`scorifya-verify=${TOKEN}`]]);
  expect(await verify('one.test')).toEqual({ verified: true, how: 'TXT record at _scorifya.one.test' });
});

it('a TXT record at the host itself verifies, also when split into several strings', async () => {
  zone.set('two.test', [['v=spf1 -all'], ['scorifya-verify=', TOKEN]]);
  expect(await verify('two.test')).toEqual({ verified: true, how: 'TXT record at two.test' });
});

it('a record with another token, or none, does not verify; each name says why', async () => {
  zone.set('_scorifya.three.test', [['scorifya-verify=someone-else']]);
  zone.set('three.test', [['v=spf1 -all']]);
  const result = await verify('three.test');
  expect(result.verified).toBe(false);
  if (result.verified) return;
  expect(result.reasons[0]).toMatch(new RegExp(`^http://three\\.test:${deadPort}/\\.well-known/scorifya-verify-${TOKEN}: `));
  expect(result.reasons.slice(1)).toEqual(['no TXT record scorifya-verify=<token> at _scorifya.three.test', 'no TXT record scorifya-verify=<token> at three.test']);
  // A name that does not exist, and one without TXT records, are said as such.
  zone.set('six.test', []);
  const none = await verify('six.test');
  expect(none.verified ? [] : none.reasons.slice(1)).toEqual([
    'no TXT record scorifya-verify=<token> at _scorifya.six.test: no such name (NXDOMAIN)',
    'no TXT record scorifya-verify=<token> at six.test: it has no TXT records',
  ]);
  // A token as a prefix of a longer value is not the token.
  zone.set('_scorifya.four.test', [[`scorifya-verify=${TOKEN}x`]]);
  expect((await verify('four.test')).verified).toBe(false);
});

it('a DNS server that never answers costs the time limit per name, and is said', async () => {
  zone.set('_scorifya.five.test', 'drop');
  zone.set('five.test', 'drop');
  const t0 = performance.now();
  const result = await verify('five.test', 300);
  // c-ares tries twice per name, the second time with a longer wait: ~2.5 s here for both names.
  expect(performance.now() - t0).toBeLessThan(8_000);
  expect(result.verified).toBe(false);
  if (result.verified) return;
  expect(result.reasons.slice(1)).toEqual([
    'TXT lookup of _scorifya.five.test failed: the DNS server did not answer in time',
    'TXT lookup of five.test failed: the DNS server did not answer in time',
  ]);
});
