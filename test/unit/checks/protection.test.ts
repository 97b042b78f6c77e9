/**
 * Checks and scoring on hand-written evidence: a protection layer's answer is not judged as the site,
 * its categories are not measured with the reason in words, and the site's own answers still are.
 */
import { describe, expect, it } from 'vitest';
import { rescore } from '../../../src/engine/rescore.js';
import type { Evidence } from '../../../src/model/evidence.js';
import type { ExposureEvidence, ExposureResponse } from '../../../src/model/exposure.js';
import type { HttpEvidence, HttpExchange, RawHeader } from '../../../src/model/http.js';
import { ok } from '../../../src/model/probed.js';
import { classifyAnswer, classifyMainPage } from '../../../src/probes/protection.js';
import { shapeOf } from '../../../src/model/exposure.js';
import { extractMetaPolicies } from '../../../src/probes/html-meta.js';
import { evidenceWith, exchange, finalChain } from '../../support/evidence.js';
import { LAYER_ANSWERS, SITE_OWN_ANSWERS } from '../../lab/protection/answers.js';
import { describeProtection, protectionAdvice } from '../../../src/model/protection.js';
import { mainPageVerdict } from '../../../src/checks/protection.js';

const HOST = 'site.example';
const HTTPS = `https://${HOST}/`;
const HTTP = `http://${HOST}/`;

/** What the HTTP probe records: both chains, the meta policies and the verdict. */
function httpEvidence(https: HttpExchange[], http: HttpExchange[]): HttpEvidence {
  const page = https.at(-1)!;
  const base = { https: finalChain(HTTPS, ...https), http: finalChain(HTTP, ...http), primary: 'https' as const, meta: extractMetaPolicies(page.body) };
  const protection = classifyMainPage(base, HOST);
  return { ...base, ...(protection ? { protection } : {}) };
}

const answer = (url: string, r: { status: number; headers: RawHeader[]; body: string }) => exchange(url, r.status, r.headers, r.body);
const toHttps = exchange(HTTP, 301, [['Location', HTTPS]]);

function categories(evidence: Evidence) {
  const report = rescore(evidence);
  return { report, byId: Object.fromEntries(report.categories.map((c) => [c.id, c])) };
}

describe('a protection answer on the main page', () => {
  it('Cloudflare’s challenge on both schemes: headers, cookies and the HTTPS redirect are not measured, and there is no grade', () => {
    const r = LAYER_ANSWERS['cloudflare-challenge']!.response;
    const evidence = evidenceWith(httpEvidence([answer(HTTPS, r)], [answer(HTTP, r)]));
    const { report, byId } = categories(evidence);
    expect(report.findings).toEqual([]);
    expect(report.score).toBeNull();
    expect(report.grade).toBeNull();
    for (const id of ['headers', 'cookies', 'tls'] as const) expect(byId[id]!.status).toBe('not_measured');
    expect(byId.headers!.reason).toBe(
      'security headers not judged: Cloudflare answered the main page with a challenge page (status 403, cf-mitigated: challenge), not the site; to get a real result, allow-list the scanner in Cloudflare and scan again',
    );
    // The HTTP probe's note says it once in full: the URL, and what to allow-list.
    const verdict = (evidence.http as { data: HttpEvidence }).data.protection!;
    expect(`${describeProtection(verdict)}; ${protectionAdvice(verdict)}`).toBe(
      `Cloudflare answered ${HTTPS} with a challenge page (status 403, cf-mitigated: challenge), a challenge and not the site's page; to get a real result, allow-list the scanner in Cloudflare (requests whose User-Agent contains "Scorifya/" or the scanner's IP address) and scan again`,
    );
    expect(byId.cookies!.reason).toMatch(/^cookies not judged: Cloudflare answered/);
    expect(byId.tls!.reason).toMatch(/^the redirect from http:\/\/ to HTTPS not judged: Cloudflare answered the plain http:\/\/ request \(http:\/\/site\.example\/\) with a challenge page/);
  });

  it('the same page graded as the site would have been an F: the guard is what keeps it out', () => {
    const r = LAYER_ANSWERS['cloudflare-challenge']!.response;
    const evidence = evidenceWith(httpEvidence([answer(HTTPS, r)], [answer(HTTP, r)]));
    const data = (evidence.http as { data: HttpEvidence }).data;
    delete data.protection;
    const { report } = categories(evidence);
    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['missing_hsts', 'missing_csp', 'no_https_redirect']));
    expect(report.grade).toBe('F');
  });

  it('when http:// redirected to the blocked https page, the redirect is the site’s and is judged', () => {
    const r = LAYER_ANSWERS['cloudflare-block']!.response;
    const page = answer(HTTPS, r);
    const { report, byId } = categories(evidenceWith(httpEvidence([page], [toHttps, page])));
    expect(byId.tls!.status).toBe('measured');
    expect(byId.headers!.status).toBe('not_measured');
    expect(byId.headers!.reason).toContain('Cloudflare answered the main page with a block page (status 403, server: cloudflare, cf-ray: 8f21a0b3c4d5e6f8-FRA, body: "Sorry, you have been blocked"), not the site');
    expect(report.findings).toEqual([]);
  });

  it('a 429 with Retry-After from no known layer: a rate limit, with how long to wait', () => {
    const r = LAYER_ANSWERS['rate-limit']!.response;
    const { byId } = categories(evidenceWith(httpEvidence([answer(HTTPS, r)], [toHttps, answer(HTTPS, r)])));
    expect(byId.headers!.reason).toContain(
      'security headers not judged: the server answered the main page with 429 Too Many Requests (status 429, retry-after: 120), not the site; to get a real result, wait as long as Retry-After says and scan again',
    );
  });

  for (const [name, fixture] of Object.entries(LAYER_ANSWERS)) {
    it(`${name}: headers and cookies not measured, the reason names ${fixture.layer ?? 'the rate limit'}`, () => {
      const r = fixture.response;
      const { report, byId } = categories(evidenceWith(httpEvidence([answer(HTTPS, r)], [answer(HTTP, r)])));
      expect(report.findings).toEqual([]);
      expect(byId.headers!.status).toBe('not_measured');
      expect(byId.cookies!.status).toBe('not_measured');
      const name = classifyAnswer(r)!.layerName;
      if (name) expect(byId.headers!.reason).toContain(`${name} answered`);
    });
  }
});

describe('the site’s own answers are still graded', () => {
  it('an unknown server’s plain 403 page is the site’s answer: headers measured and judged', () => {
    const r = SITE_OWN_ANSWERS['plain-403']!;
    const { report, byId } = categories(evidenceWith(httpEvidence([answer(HTTPS, r)], [toHttps, answer(HTTPS, r)])));
    expect(byId.headers!.status).toBe('measured');
    expect(report.findings.map((f) => f.id)).toContain('missing_hsts');
  });

  it('a 200 page behind Cloudflare: graded exactly as without Cloudflare, and __cf_bm is never judged', () => {
    const r = SITE_OWN_ANSWERS['cloudflare-200']!;
    const weakCookie: RawHeader = ['Set-Cookie', '__cf_bm=plain-value'];
    const behind = answer(HTTPS, { ...r, headers: [...r.headers, weakCookie] });
    const bare = answer(HTTPS, { ...r, headers: [['Content-Type', 'text/html; charset=UTF-8']] });
    const withCf = categories(evidenceWith(httpEvidence([behind], [toHttps, behind])));
    const without = categories(evidenceWith(httpEvidence([bare], [toHttps, bare])));
    expect(withCf.byId.cookies!.status).toBe('measured');
    expect(withCf.report.findings.map((f) => f.id)).toEqual(without.report.findings.map((f) => f.id));
    expect(withCf.report.score).toBe(without.report.score);
    expect(JSON.stringify(withCf.report.findings)).not.toContain('__cf_bm');
    expect(withCf.report.notes?.map((n) => n.note) ?? []).toEqual([]);
    // The same line under a name of the site's own is judged.
    const own = answer(HTTPS, { ...r, headers: [...r.headers, ['Set-Cookie', 'session=plain-value']] });
    expect(categories(evidenceWith(httpEvidence([own], [toHttps, own]))).report.findings.some((f) => f.category === 'cookies')).toBe(true);
  });
});

describe('path answers', () => {
  const notFound = { status: 404, headers: [['Content-Type', 'text/html']] as RawHeader[], body: '<h1>Not found</h1>' };
  const cfBlock = LAYER_ANSWERS['cloudflare-block']!.response;
  function pathResponse(probe: string, path: string, r: { status: number; headers: RawHeader[]; body: string }): ExposureResponse {
    const protection = classifyAnswer(r);
    return { probe, path, url: `https://${HOST}${path}`, method: 'GET', shape: shapeOf(path), sent: [], status: r.status, headers: r.headers, body: r.body, bodyBytes: r.body.length, bodyTruncated: false, ...(protection ? { protection } : {}) };
  }
  function withPaths(answers: Record<string, [string, typeof notFound]>, baseline = notFound): Evidence {
    const page = answer(HTTPS, { status: 200, headers: [['Content-Type', 'text/html']], body: '<h1>shop</h1>' });
    const evidence = evidenceWith(httpEvidence([page], [toHttps, page]));
    const exposure: ExposureEvidence = {
      origin: `https://${HOST}`,
      baselines: ['/b0a1', '/b0a1.php', '/.b0a1', '/b0a1/'].map((p) => pathResponse('baseline', p, baseline)),
      responses: Object.entries(answers).map(([probe, [path, r]]) => pathResponse(probe, path, r)),
      failures: [],
      requests: 0,
    };
    evidence.exposure = ok(exposure);
    return evidence;
  }

  it('one path answered by the layer is not the site’s answer: no "missing security.txt" from a block page', () => {
    const own = categories(withPaths({ security_txt: ['/.well-known/security.txt', notFound], git_head: ['/.git/HEAD', notFound] }));
    expect(own.report.findings.map((f) => f.id)).toContain('security_txt_missing');
    const blocked = categories(withPaths({ security_txt: ['/.well-known/security.txt', cfBlock], git_head: ['/.git/HEAD', notFound], env: ['/.env', notFound] }));
    expect(blocked.byId.exposure!.status).toBe('measured');
    expect(blocked.report.findings.map((f) => f.id)).not.toContain('security_txt_missing');
  });

  it('a site’s own 403 on one path changes nothing', () => {
    const forbidden = SITE_OWN_ANSWERS['origin-403-via-cloudflare']!;
    const { byId, report } = categories(withPaths({ security_txt: ['/.well-known/security.txt', notFound], server_status: ['/server-status', forbidden] }));
    expect(byId.exposure!.status).toBe('measured');
    expect(report.findings.map((f) => f.id)).toContain('security_txt_missing');
  });

  it('most paths answered by the layer: exposure not measured, naming the layer', () => {
    const { byId } = categories(withPaths({ security_txt: ['/.well-known/security.txt', cfBlock], git_head: ['/.git/HEAD', cfBlock], env: ['/.env', notFound] }));
    expect(byId.exposure!.status).toBe('not_measured');
    expect(byId.exposure!.reason).toMatch(/^exposure not judged: Cloudflare answered 2 of 3 probed paths with a block page \(status 403, .*\), not the site; to get a real result, allow-list the scanner in Cloudflare/);
  });

  it('the layer answering the not-found baselines leaves nothing to compare with: not measured', () => {
    const { byId } = categories(withPaths({ security_txt: ['/.well-known/security.txt', notFound] }, cfBlock));
    expect(byId.exposure!.status).toBe('not_measured');
    expect(byId.exposure!.reason).toContain('the random not-found paths');
  });
});

describe('every request redirected to a login page on another host', () => {
  it('headers and cookies of the login page are not judged; the report names the login host', () => {
    const login = exchange('https://login.idp.example/oauth2/authorize?client_id=site', 200, [['Content-Type', 'text/html'], ['Set-Cookie', 'idp_state=1']], '<form><input type="password" name="p"></form>');
    const away = exchange(HTTPS, 302, [['Location', login.url], ['Set-Cookie', 'return_to=/']]);
    const evidence = evidenceWith(httpEvidence([away, login], [toHttps, away, login]));
    const { report, byId } = categories(evidence);
    expect(byId.headers!.status).toBe('not_measured');
    expect(byId.cookies!.status).toBe('not_measured');
    expect(byId.headers!.reason).toContain('every request ends on a login page on another host (login.idp.example), not the site; to grade the application, scan a public page of it');
    expect(protectionAdvice(mainPageVerdict(evidence)!)).toContain('or scan login.idp.example on its own if it is yours');
    expect(byId.tls!.status).toBe('measured');
    expect(report.findings.filter((f) => f.category === 'headers' || f.category === 'cookies')).toEqual([]);
  });
});
