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
