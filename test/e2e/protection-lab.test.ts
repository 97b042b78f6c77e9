/**
 * Protection layers against real loopback servers, through the library's scan(): each layer's answer
 * is recognised and not graded as the site, the scan sends no more than the main page's requests to a
 * layer that blocked it, and the site's own answers (a plain 403, a 200 behind Cloudflare, its own 403
 * on one path) are graded as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import type { HttpEvidence } from '../../src/model/http.js';
import type { ExposureEvidence } from '../../src/model/exposure.js';
import { LAYER_ANSWERS } from '../lab/protection/answers.js';
import { LOGIN_HOST, startProtectionLab, type ProtectionLab } from '../lab/protection/sites.js';
import { PROTECTION_LAYERS } from '../../src/model/protection-layers.js';

let lab: ProtectionLab;
beforeAll(async () => {
  lab = await startProtectionLab();
}, 60_000);
afterAll(() => lab?.close());

/** Every probe that reads the page or the site's paths; TLS and DNS have their own labs. */
const PAGE_PROBES = ['http', 'exposure', 'cors', 'wordpress'];
const byId = (report: Awaited<ReturnType<typeof scan>>['report']) => Object.fromEntries(report.categories.map((c) => [c.id, c]));

describe('each layer’s answer on the main page', () => {
  for (const [name, fixture] of Object.entries(LAYER_ANSWERS)) {
    it(`${name}: no grade, the page categories not measured naming ${fixture.layer ?? 'the rate limit'}, and nothing else asked of it`, async () => {
      const path = `/${name}`;
      const before = lab.answers.requests.length;
      const { report, evidence } = await scan(lab.url(lab.answers, path), { ...lab.options(lab.answers), probes: PAGE_PROBES });
      const protection = (evidence.http as { data: HttpEvidence }).data.protection;
      expect(protection).toMatchObject({ kind: fixture.kind, chains: ['https', 'http'] });
      expect(protection && 'layer' in protection ? protection.layer : undefined).toBe(fixture.layer);

      expect(report.score).toBeNull();
      expect(report.grade).toBeNull();
      expect(report.findings).toEqual([]);
      const categories = byId(report);
      for (const id of ['headers', 'cookies', 'exposure', 'tls']) expect(categories[id]!.status, id).toBe('not_measured');
      const layerName = fixture.layer ? PROTECTION_LAYERS.find((l) => l.id === fixture.layer)!.name : 'the server';
      expect(categories.headers!.reason).toContain(`security headers not judged: ${layerName} answered`);
      expect(categories.exposure!.reason).toContain(`sensitive paths were not probed: ${layerName} answered`);
      expect(categories.headers!.reason).toMatch(/to get a real result, (allow-list the scanner in|wait as long as Retry-After says)/);
      expect(report.notes?.[0]).toMatchObject({ probe: 'http' });
      expect(report.notes?.[0]?.note).toContain(`${layerName} answered`);

      // Polite: the main page on each scheme, and not one probe path, origin or preflight more.
      const sent = lab.answers.requests.slice(before);
      expect(sent.map((r) => `${r.scheme} ${r.method} ${r.url}`).sort()).toEqual([`http GET ${path}`, `https GET ${path}`]);
    });
  }

  it('TLS is still measured (it does not depend on the page), and the score is over what was measured', async () => {
    const { report } = await scan(lab.url(lab.answers, '/cloudflare-challenge'), { ...lab.options(lab.answers), probes: ['http', 'tls'] });
    const categories = byId(report);
    expect(categories.tls!.status).toBe('measured');
    expect(categories.headers!.status).toBe('not_measured');
    expect(categories.cookies!.status).toBe('not_measured');
    expect(report.findings.every((f) => f.category === 'tls')).toBe(true);
    expect(report.score).toBe(categories.tls!.score);
  }, 60_000);

  it('the layer’s cookies are not judged, and the report says whose they are', async () => {
    const { report } = await scan(lab.url(lab.answers, '/cloudflare-challenge'), { ...lab.options(lab.answers), probes: ['http'] });
    expect(report.notes?.map((n) => n.note)).toContain('cookies set by Cloudflare (__cf_bm) belong to the protection layer, not the site: they are not judged as the site\'s cookies');
  });
});

describe('the site’s own answers are graded as before', () => {
  it('an unknown server’s plain 403 page: the headers are judged as the site’s', async () => {
    const { report, evidence } = await scan(lab.url(lab.answers, '/own/plain-403'), { ...lab.options(lab.answers), probes: ['http'] });
    expect((evidence.http as { data: HttpEvidence }).data.protection).toBeUndefined();
    expect(byId(report).headers!.status).toBe('measured');
    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['missing_hsts', 'missing_csp']));
    expect(report.grade).not.toBeNull();
  });

  it('an origin’s 403 passed through Cloudflare is the origin’s, not Cloudflare’s block', async () => {
    const { evidence, report } = await scan(lab.url(lab.answers, '/own/origin-403-via-cloudflare'), { ...lab.options(lab.answers), probes: ['http'] });
    expect((evidence.http as { data: HttpEvidence }).data.protection).toBeUndefined();
    expect(byId(report).headers!.status).toBe('measured');
  });

  it('a 200 page with weak headers behind Cloudflare is graded, and __cf_bm is not judged', async () => {
    const { report } = await scan(lab.url(lab.answers, '/own/cloudflare-200'), { ...lab.options(lab.answers), probes: ['http'] });
    const categories = byId(report);
    expect(categories.headers!.status).toBe('measured');
    expect(categories.cookies!.status).toBe('measured');
    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['missing_hsts', 'missing_csp']));
    expect(report.findings.filter((f) => f.category === 'cookies')).toEqual([]);
    expect(report.grade).not.toBeNull();
  });

  it('a tidy site with its own 403 on /server-status and Cloudflare’s block on /.env: exposure measured, the blocked path set aside', async () => {
    const { report, evidence } = await scan(lab.url(lab.tidy, '/'), { ...lab.options(lab.tidy), probes: ['http', 'exposure'] });
    expect((evidence.http as { data: HttpEvidence }).data.protection).toBeUndefined();
    const exposure = (evidence.exposure as { data: ExposureEvidence }).data;
    const byPath = Object.fromEntries(exposure.responses.map((r) => [r.path, r]));
    expect(byPath['/server-status']).toMatchObject({ status: 403 });
    expect(byPath['/server-status']!.protection).toBeUndefined();
    expect(byPath['/.env']!.protection).toMatchObject({ kind: 'block', layer: 'cloudflare' });
    const categories = byId(report);
    expect(categories.exposure!.status).toBe('measured');
    expect(categories.headers!.status).toBe('measured');
    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['missing_hsts', 'security_txt_missing']));
  });
});

describe('every request redirected to a login page on another host', () => {
  it('names the login host, does not grade the login page, and still probes the site’s own paths', async () => {
    const before = lab.login.requests.length;
    const { report, evidence } = await scan(lab.url(lab.app, '/'), { ...lab.options(lab.app), probes: PAGE_PROBES });
    const protection = (evidence.http as { data: HttpEvidence }).data.protection;
    expect(protection).toMatchObject({ kind: 'login_redirect', host: LOGIN_HOST });
    const categories = byId(report);
    expect(categories.headers!.status).toBe('not_measured');
    expect(categories.cookies!.status).toBe('not_measured');
    expect(categories.headers!.reason).toContain(`ends on a login page on another host (${LOGIN_HOST})`);
    expect(report.findings.filter((f) => f.category === 'headers' || f.category === 'cookies')).toEqual([]);
    // The site's own paths answered (with redirects): probed on the site, never on the login host.
    expect((evidence.exposure as { data: ExposureEvidence }).data.origin).toBe(new URL(lab.url(lab.app, '/')).origin);
    // The login host saw the main page's request only (both chains meet there and send it once).
    expect(lab.login.requests.slice(before).map((r) => r.url.split('?')[0])).toEqual(['/oauth2/authorize']);
    // TLS & HTTPS stands on the TLS probe, which this scan left out: not measured for that reason, not
    // because of the login page.
    expect(categories.tls!.status).toBe('not_measured');
    expect(categories.tls!.reason).toMatch(/^tls: not probed \(the scan was restricted to/);
  });
});
