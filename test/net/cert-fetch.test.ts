/**
 * The fetcher of certificate URLs against a loopback "CA web server": every hostile answer is bounded
 * in time and bytes and explained, a refused address is never connected, the per-scan count cap and
 * the cache hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateUrlFetcher, MAX_REDIRECTS } from '../../src/net/cert-fetch.js';
import { createConnectGate, type ConnectAttempt } from '../../src/net/connect-gate.js';
import { PinnedResolver } from '../../src/net/resolve.js';
import { startPkiLab, type PkiLab } from '../lab/tls/pki-lab.js';

let lab: PkiLab;
beforeAll(async () => {
  lab = await startPkiLab();
});
afterAll(() => lab.close());

function fetcher(o: { allowPrivate?: boolean; allowList?: string[]; timeoutMs?: number; maxFetches?: number } = {}) {
  const policy = { allowPrivate: o.allowPrivate ?? true, allowList: o.allowList ?? [] };
  const attempts: ConnectAttempt[] = [];
  const resolver = new PinnedResolver({ ...policy, lookup: async () => { throw new Error('no DNS in tests'); } });
  const f = new CertificateUrlFetcher({
    resolveHost: (h, p) => resolver.resolve(h, p),
    gate: createConnectGate(policy, (a) => attempts.push(a)),
    timeoutMs: o.timeoutMs ?? 2_000,
    ...(o.maxFetches ? { maxFetches: o.maxFetches } : {}),
  });
  return { f, attempts };
}

describe('certificate URL fetcher', () => {
  it('fetches a DER intermediate and caches it per URL', async () => {
    const { f, attempts } = fetcher();
    const before = lab.hits.get('/intermediate.der') ?? 0;
    const [a, b] = await Promise.all([f.fetch({ url: `${lab.base}/intermediate.der`, maxBytes: 65536 }), f.fetch({ url: `${lab.base}/intermediate.der`, maxBytes: 65536 })]);
    expect(a.ok && b.ok).toBe(true);
    expect(a.ok && a.body.equals(lab.intermediateDer)).toBe(true);
    expect(lab.hits.get('/intermediate.der')).toBe(before + 1);
    expect(attempts).toEqual([{ address: '127.0.0.1', port: Number(new URL(lab.base).port), purpose: 'certificate-url' }]);
  });

  it('never connects to a refused address (loopback without allowPrivate, metadata, private)', async () => {
    const { f, attempts } = fetcher({ allowPrivate: false });
    const before = lab.hits.get('/intermediate.der') ?? 0;
    for (const url of [`${lab.base}/intermediate.der`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/ca.crt', 'http://[::1]/x', 'http://0x7f.1/x']) {
      const r = await f.fetch({ url, maxBytes: 65536 });
      expect(r.ok ? 'ok' : r.code, url).toBe('REFUSED');
    }
    expect(attempts).toEqual([]);
    expect(lab.hits.get('/intermediate.der') ?? 0).toBe(before);
    expect(f.fetches).toBe(0);
  });

  it('abandons a body over the size cap, announced or streamed', async () => {
    const { f } = fetcher();
    const started = performance.now();
    const streamed = await f.fetch({ url: `${lab.base}/huge`, maxBytes: 65536 });
    const declared = await f.fetch({ url: `${lab.base}/huge-declared`, maxBytes: 65536 });
    expect(streamed).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(declared).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(!declared.ok && declared.message).toMatch(/announces 52428800 bytes/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('gives up on a stalled server at the time cap', async () => {
    const { f } = fetcher({ timeoutMs: 300 });
    const started = performance.now();
    const r = await f.fetch({ url: `${lab.base}/stall`, maxBytes: 65536 });
    expect(r).toMatchObject({ ok: false, code: 'TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('stops a redirect loop after MAX_REDIRECTS hops, each counted', async () => {
    const { f } = fetcher();
    const r = await f.fetch({ url: `${lab.base}/loop`, maxBytes: 65536 });
    expect(r).toMatchObject({ ok: false, code: 'REDIRECTS' });
    expect(f.fetches).toBe(MAX_REDIRECTS + 1);
  });

  it('re-checks the policy at every redirect hop', async () => {
    const { f, attempts } = fetcher({ allowPrivate: false, allowList: ['127.0.0.1/32'] });
    const r = await f.fetch({ url: `${lab.base}/to-metadata`, maxBytes: 65536 });
    expect(r).toMatchObject({ ok: false, code: 'REFUSED' });
    expect(!r.ok && r.message).toMatch(/169\.254\.169\.254/);
    expect(attempts.map((a) => a.address)).toEqual(['127.0.0.1']);
  });

  it('holds the per-scan count cap', async () => {
    const { f } = fetcher({ maxFetches: 2 });
    await f.fetch({ url: `${lab.base}/intermediate.der`, maxBytes: 65536 });
    await f.fetch({ url: `${lab.base}/intermediate.pem`, maxBytes: 65536 });
    const third = await f.fetch({ url: `${lab.base}/crl`, maxBytes: 65536 });
    expect(third).toMatchObject({ ok: false, code: 'LIMIT' });
  });

  it('refuses other schemes, credentials and non-200 answers in words', async () => {
    const { f } = fetcher();
    expect(await f.fetch({ url: 'ldap://127.0.0.1/cn=ca', maxBytes: 10 })).toMatchObject({ ok: false, code: 'BAD_URL' });
    expect(await f.fetch({ url: 'file:///etc/passwd', maxBytes: 10 })).toMatchObject({ ok: false, code: 'BAD_URL' });
    expect(await f.fetch({ url: `http://u:p@127.0.0.1:${new URL(lab.base).port}/x`, maxBytes: 10 })).toMatchObject({ ok: false, code: 'BAD_URL' });
    expect(await f.fetch({ url: `${lab.base}/nothing`, maxBytes: 10 })).toMatchObject({ ok: false, code: 'HTTP_STATUS' });
  });
});
