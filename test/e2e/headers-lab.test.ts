/** Every header and HTTPS id against a real lab server, scanned through the library on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';
import { startHeaderSite, LAB_HOST, type HeaderSite, type Scenario } from '../lab/header-site.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';
import type { RouteResponse } from '../lab/http-server.js';

const scenarios: Record<string, Scenario | RouteResponse> = {
  '/good': { headers: GOOD_HEADERS },
  '/missing_hsts': { headers: withHeader('Strict-Transport-Security', null) },
  '/weak_hsts': { headers: withHeader('Strict-Transport-Security', 'max-age=600') },
  '/hsts_disabled': { headers: withHeader('Strict-Transport-Security', 'max-age=0') },
  '/invalid_hsts': { headers: [...GOOD_HEADERS, ['Strict-Transport-Security', 'max-age=10']] },
  '/hsts_preload_eligible': { headers: withHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload') },
  '/missing_csp': { headers: withHeader('Content-Security-Policy', null).concat([['X-Frame-Options', 'DENY']]) },
  '/weak_csp': { headers: withHeader('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'") },
  '/csp_report_only': {
    headers: withHeader('Content-Security-Policy', null).concat([['Content-Security-Policy-Report-Only', "default-src 'self'"], ['X-Frame-Options', 'SAMEORIGIN']]),
  },
  '/missing_frame_protection': { headers: withHeader('Content-Security-Policy', "default-src 'self'; object-src 'none'") },
  '/invalid_xfo': { headers: withHeader('Content-Security-Policy', "default-src 'self'").concat([['X-Frame-Options', 'ALLOW-FROM https://partner.example']]) },
  '/missing_nosniff': { headers: withHeader('X-Content-Type-Options', null) },
  '/missing_referrer_policy': { headers: withHeader('Referrer-Policy', null) },
  '/weak_referrer_policy': { headers: withHeader('Referrer-Policy', 'unsafe-url') },
  '/missing_permissions_policy': { headers: withHeader('Permissions-Policy', null) },
  '/invalid_permissions_policy': { headers: withHeader('Permissions-Policy', "camera 'none'") },
  '/missing_coop': { headers: withHeader('Cross-Origin-Opener-Policy', null) },
  '/missing_corp': { headers: withHeader('Cross-Origin-Resource-Policy', null) },
  '/deprecated_header': { headers: [...GOOD_HEADERS, ['X-XSS-Protection', '1; mode=block']] },
  '/no_https_redirect': { headers: GOOD_HEADERS, http: { status: 200, headers: [['Content-Type', 'text/html']], body: 'plain' } },
  '/hsts_over_http_only': {
    headers: withHeader('Strict-Transport-Security', null),
    http: { status: 301, headers: [['Strict-Transport-Security', 'max-age=31536000'], ['Location', '/hsts_over_http_only']] },
  },
};

let site: HeaderSite;
beforeAll(async () => {
  site = await startHeaderSite(scenarios);
  // The http hop above redirects relative to itself; point it at https explicitly.
  (scenarios['/hsts_over_http_only'] as Scenario).http = {
    status: 301,
    headers: [['Strict-Transport-Security', 'max-age=31536000'], ['Location', site.url('/hsts_over_http_only', 'https')]],
  };
});
afterAll(() => site.close());

const ids = async (path: string) => {
  const { report } = await scan(site.url(path), site.scanOptions);
  return report.findings.map((f) => f.id).sort();
};

describe('header lab through the library', () => {
  it('a well-configured page has no findings (negative control for every rule)', async () => {
    expect(await ids('/good')).toEqual([]);
  });

  const expected: Record<string, string[]> = {
    '/missing_hsts': ['missing_hsts'],
    '/weak_hsts': ['weak_hsts'],
    '/hsts_disabled': ['hsts_disabled'],
    '/invalid_hsts': ['invalid_hsts'],
    '/hsts_preload_eligible': ['hsts_preload_eligible'],
    '/missing_csp': ['missing_csp'],
    '/weak_csp': ['weak_csp'],
    '/csp_report_only': ['csp_report_only'],
    '/missing_frame_protection': ['missing_frame_protection'],
    '/invalid_xfo': ['invalid_xfo'],
    '/missing_nosniff': ['missing_nosniff'],
    '/missing_referrer_policy': ['missing_referrer_policy'],
    '/weak_referrer_policy': ['weak_referrer_policy'],
    '/missing_permissions_policy': ['missing_permissions_policy'],
    '/invalid_permissions_policy': ['invalid_permissions_policy'],
    '/missing_coop': ['missing_coop'],
    '/missing_corp': ['missing_corp'],
    '/deprecated_header': ['deprecated_header'],
    '/no_https_redirect': ['no_https_redirect'],
    '/hsts_over_http_only': ['hsts_over_http_only', 'missing_hsts'],
  };
  for (const [path, want] of Object.entries(expected)) {
    it(`${path} reports exactly ${want.join(', ')}`, async () => {
      expect(await ids(path)).toEqual(want);
    });
  }

  it('records both redirect chains hop by hop and pins the address', async () => {
    const { evidence, report } = await scan(site.url('/good'), site.scanOptions);
    const http = (evidence.http as { data: import('../../src/model/http.js').HttpEvidence }).data;
    expect(http.http.hops.map((h) => h.status)).toEqual([301, 200]);
    expect(http.https.hops.map((h) => h.url)).toEqual([site.url('/good', 'https')]);
    expect(http.https.hops[0]!.tls?.authorized).toBe(true);
    expect(report.target.pinned).toBe('127.0.0.1');
    expect(report.target.host).toBe(LAB_HOST);
  });

  it('without the lab CA the certificate error is recorded and headers are still judged', async () => {
    const { evidence, report } = await scan(site.url('/good'), { ...site.scanOptions, ca: [] });
    const page = (evidence.http as { data: import('../../src/model/http.js').HttpEvidence }).data.https.hops[0]!;
    expect(page.tls?.authorized).toBe(false);
    expect(page.tls?.authorizationError).toMatch(/CERT|SIGNATURE|ISSUER/);
    // Browsers ignore HSTS over an untrusted certificate; the other headers still count.
    expect(report.findings.map((f) => f.id)).toEqual(['missing_hsts']);
  });
});
