import { describe, expect, it } from 'vitest';
import { httpsRedirectCheck } from '../../../src/checks/https/redirects.js';
import { evidenceWith, exchange, finalChain } from '../../support/evidence.js';
import { extractMetaPolicies } from '../../../src/probes/html-meta.js';
import type { RedirectChain } from '../../../src/model/http.js';
import { idsOf } from './run-check.js';

const page = exchange('https://site.example/', 200);
const failed = (start: string): RedirectChain => ({ start, hops: [], outcome: 'error', error: { code: 'ECONNREFUSED', message: 'site.example refused the connection', url: start } });
const meta = extractMetaPolicies('');

describe('HTTPS behaviour', () => {
  it('http redirecting to https on the same host is fine', () => {
    const evidence = evidenceWith({
      http: finalChain('http://site.example/', exchange('http://site.example/', 301, [['Location', 'https://site.example/']]), page),
      https: finalChain('https://site.example/', page),
      primary: 'https',
      meta,
    });
    expect(idsOf(httpsRedirectCheck, evidence)).toEqual([]);
  });
  it('no HTTP listener at all is fine when HTTPS works', () => {
    expect(idsOf(httpsRedirectCheck, evidenceWith({ http: failed('http://site.example/'), https: finalChain('https://site.example/', page), primary: 'https', meta }))).toEqual([]);
  });
  it('no https at all', () => {
    const plain = exchange('http://site.example/', 200);
    expect(idsOf(httpsRedirectCheck, evidenceWith({ http: finalChain('http://site.example/', plain), https: failed('https://site.example/'), primary: 'http', meta }))).toEqual(['no_https']);
  });
  it('http served without upgrade while https exists', () => {
    const plain = exchange('http://site.example/', 200);
    expect(idsOf(httpsRedirectCheck, evidenceWith({ http: finalChain('http://site.example/', plain), https: finalChain('https://site.example/', page), primary: 'https', meta }))).toEqual(['no_https_redirect']);
  });
  it('first hop leaves the host', () => {
    const evidence = evidenceWith({
      http: finalChain(
        'http://site.example/',
        exchange('http://site.example/', 301, [['Location', 'https://www.site.example/']]),
        exchange('https://www.site.example/', 200),
      ),
      https: finalChain('https://site.example/', page),
      primary: 'https',
      meta,
    });
    expect(idsOf(httpsRedirectCheck, evidence)).toEqual(['redirect_offhost_first']);
  });
  it('the first http redirect stays on http, a later one upgrades (the Observatory fails it)', () => {
    const evidence = evidenceWith({
      http: finalChain(
        'http://site.example/',
        exchange('http://site.example/', 301, [['Location', '/home']]),
        exchange('http://site.example/home', 301, [['Location', 'https://site.example/home']]),
        exchange('https://site.example/home', 200),
      ),
      https: finalChain('https://site.example/', page),
      primary: 'https',
      meta,
    });
    expect(idsOf(httpsRedirectCheck, evidence)).toEqual(['redirect_not_https_first']);
  });
  it('http that redirects to another http page without upgrading', () => {
    const evidence = evidenceWith({
      http: finalChain('http://site.example/', exchange('http://site.example/', 302, [['Location', '/home']]), exchange('http://site.example/home', 200)),
      https: finalChain('https://site.example/', page),
      primary: 'https',
      meta,
    });
    expect(idsOf(httpsRedirectCheck, evidence)).toEqual(['no_https_redirect']);
  });
});

describe('the redirect chain, hop by hop, in the report', () => {
  it('summarises each hop: status, next URL, HSTS, cookies, downgrade and off-host', async () => {
    const { summariseRedirects } = await import('../../../src/model/redirect-summary.js');
    const { redirectChainGroups } = await import('../../../src/report/redirect-chain.js');
    const http = {
      http: finalChain(
        'http://site.example/',
        exchange('http://site.example/', 301, [['Location', 'https://site.example/'], ['Set-Cookie', 'sid=1; Path=/']]),
        exchange('https://site.example/', 302, [['Location', 'http://cdn.other.example/x'], ['Strict-Transport-Security', 'max-age=31536000']]),
        exchange('http://cdn.other.example/x', 200),
      ),
      https: finalChain('https://site.example/', page),
      primary: 'https' as const,
      meta,
    };
    const summary = summariseRedirects(http);
    expect(summary.http.hops.map((h) => [h.status, h.location ?? '-', h.hsts ?? '-', h.cookies.join(','), h.downgrade, h.offHost])).toEqual([
      [301, 'https://site.example/', '-', 'sid', false, false],
      [302, 'http://cdn.other.example/x', 'max-age=31536000', '', true, true],
      [200, '-', '-', '', false, false],
    ]);
    const report = { redirects: summary } as unknown as import('../../../src/model/report.js').Report;
    expect(redirectChainGroups(report)[0]!.lines).toEqual([
      '1. 301 http://site.example/ → https://site.example/ [sets cookie sid]',
      '2. 302 https://site.example/ → http://cdn.other.example/x [HSTS max-age=31536000; DOWNGRADES to http; LEAVES the host]',
      '3. 200 http://cdn.other.example/x',
    ]);
  });
});
