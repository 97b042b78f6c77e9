import { describe, expect, it } from 'vitest';
import { hstsCheck } from '../../../src/checks/headers/hsts.js';
import { cspCheck } from '../../../src/checks/headers/csp.js';
import { framingCheck } from '../../../src/checks/headers/framing.js';
import { nosniffCheck } from '../../../src/checks/headers/nosniff.js';
import { referrerPolicyCheck } from '../../../src/checks/headers/referrer-policy.js';
import { permissionsPolicyCheck } from '../../../src/checks/headers/permissions-policy.js';
import { coepCheck, coopCheck, corpCheck } from '../../../src/checks/headers/cross-origin.js';
import { duplicateHeadersCheck } from '../../../src/checks/headers/duplicates.js';
import { hstsPreloadCheck } from '../../../src/checks/headers/hsts-preload.js';
import { deprecatedHeadersCheck } from '../../../src/checks/headers/deprecated.js';
import { HEADER_CHECKS } from '../../../src/checks/headers/index.js';
import { GOOD_HEADERS, evidenceWith, exchange, finalChain, siteWithHeaders, withHeader } from '../../support/evidence.js';
import { idsOf } from './run-check.js';
import { extractMetaPolicies } from '../../../src/probes/html-meta.js';

const site = (name: string, value: string | null) => siteWithHeaders(withHeader(name, value));

describe('a well-configured site', () => {
  it('triggers no header rule', () => {
    const evidence = siteWithHeaders(GOOD_HEADERS);
    expect(HEADER_CHECKS.flatMap((c) => idsOf(c, evidence))).toEqual([]);
  });
});

describe('HSTS', () => {
  const hsts = (v: string | null) => idsOf(hstsCheck, site('Strict-Transport-Security', v));
  it('missing', () => expect(hsts(null)).toEqual(['missing_hsts']));
  it('short max-age', () => expect(hsts('max-age=300; includeSubDomains')).toEqual(['weak_hsts']));
  it('no includeSubDomains', () => expect(hsts('max-age=31536000')).toEqual(['weak_hsts']));
  it('one year with includeSubDomains is fine', () => expect(hsts('max-age=31536000; includeSubDomains')).toEqual([]));
  it('quoted max-age and odd case are valid', () => expect(hsts('Max-Age="31536000"; INCLUDESUBDOMAINS')).toEqual([]));
  it('max-age=0 disables it', () => expect(hsts('max-age=0')).toEqual(['hsts_disabled']));
  it('malformed', () => {
    expect(hsts('maxage=31536000')).toEqual(['invalid_hsts']);
    expect(hsts('max-age=abc; includeSubDomains')).toEqual(['invalid_hsts']);
    expect(hsts('max-age=1; max-age=2')).toEqual(['invalid_hsts']);
  });
  it('several fields: the first one is the policy (RFC 6797 §8.1), the rest are a duplicate', () => {
    const evidence = siteWithHeaders([
      ...withHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains'),
      ['Strict-Transport-Security', 'max-age=0'],
    ]);
    expect(idsOf(hstsCheck, evidence)).toEqual([]);
    const dup = duplicateHeadersCheck.run(evidence, { now: new Date() });
    expect(dup.map((r) => [r.id, r.severity])).toEqual([['duplicate_header_field', 'low']]);
    expect(dup[0]!.evidence).toContain("browsers apply only the first field, 'max-age=31536000; includeSubDomains'");
    const weakFirst = siteWithHeaders([...withHeader('Strict-Transport-Security', 'max-age=0'), ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']]);
    expect(idsOf(hstsCheck, weakFirst)).toEqual(['hsts_disabled']);
  });
  it('the preload shape is no longer judged by the HSTS rule itself', () => {
    expect(hsts('max-age=63072000; includeSubDomains; preload')).toEqual([]);
  });
  it('ignored over a certificate that does not verify', () => {
    const evidence = site('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    const page = (evidence.http as { data: { https: { hops: { tls?: unknown }[] } } }).data.https.hops[0]!;
    page.tls = { authorized: false, authorizationError: 'CERT_HAS_EXPIRED' };
    expect(idsOf(hstsCheck, evidence)).toEqual(['missing_hsts']);
  });
  it('sent over http only', () => {
    const plain = exchange('http://site.example/', 200, [['Strict-Transport-Security', 'max-age=31536000']]);
    const evidence = evidenceWith({
      http: finalChain('http://site.example/', plain),
      https: { start: 'https://site.example/', hops: [], outcome: 'error', error: { code: 'ECONNREFUSED', message: 'refused', url: 'https://site.example/' } },
      primary: 'http',
      meta: extractMetaPolicies(''),
    });
    expect(idsOf(hstsCheck, evidence).sort()).toEqual(['hsts_over_http_only', 'missing_hsts']);
  });
});

describe('CSP', () => {
  const csp = (v: string | null, extra: [string, string][] = []) =>
    idsOf(cspCheck, siteWithHeaders([...withHeader('Content-Security-Policy', v), ...extra]));
  it('missing', () => expect(csp(null)).toEqual(['missing_csp']));
  it('report-only alone', () => expect(csp(null, [['Content-Security-Policy-Report-Only', "default-src 'self'"]])).toEqual(['csp_report_only']));
  it.each([
    ["script-src 'self' 'unsafe-inline'; object-src 'none'", 'unsafe-inline'],
    ["default-src 'self' 'unsafe-eval'", 'unsafe-eval'],
    ["script-src *; object-src 'none'", 'wildcard'],
    ["script-src https: 'self'; object-src 'none'", 'scheme'],
    ["script-src 'self' data:; object-src 'none'", 'data scheme'],
    ["script-src 'self'; object-src *", 'object wildcard'],
    ["img-src 'self'", 'no script restriction'],
  ])('weak: %s (%s)', (policy) => expect(csp(policy)).toEqual(['weak_csp']));
  it('an http script host is weak and a host allow-list', () =>
    expect(csp("script-src 'self' http://cdn.example; object-src 'none'")).toEqual(['weak_csp', 'csp_host_allowlist']));
  it('a nonce cancels unsafe-inline', () => expect(csp("script-src 'nonce-r4nd0mvalue' 'unsafe-inline'; object-src 'none'; base-uri 'none'")).toEqual([]));
  it('nonce with strict-dynamic neutralises unsafe-inline and host sources', () =>
    expect(csp("script-src 'nonce-r4nd0mvalue' 'strict-dynamic' 'unsafe-inline' https: cdn.example; object-src 'none'; base-uri 'self'")).toEqual([]));
  it('strict-dynamic does not forgive unsafe-eval', () =>
    expect(csp("script-src 'nonce-r4nd0mvalue' 'strict-dynamic' 'unsafe-eval'; object-src 'none'; base-uri 'none'")).toEqual(['weak_csp']));
  it("'unsafe-eval' where no script can run at all is no sink", () => {
    expect(csp("default-src 'unsafe-eval'")).toEqual([]);
    expect(csp("script-src 'unsafe-eval'; script-src-elem 'self'; object-src 'none'")).toEqual(['weak_csp']);
  });
  it('a strong second policy contains scripts even if the first is weak', () => {
    const evidence = siteWithHeaders([...withHeader('Content-Security-Policy', "script-src * 'unsafe-inline'"), ['Content-Security-Policy', "script-src 'self'; object-src 'none'"]]);
    expect(idsOf(cspCheck, evidence)).toEqual([]);
  });
  it('comma-separated policies in one header are separate policies', () =>
    expect(csp("script-src *, script-src 'self'; object-src 'none'")).toEqual([]));
  it('a meta policy counts as enforcing', () => {
    const body = `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'"></head><body></body></html>`;
    expect(idsOf(cspCheck, siteWithHeaders(withHeader('Content-Security-Policy', null), body))).toEqual([]);
  });
  it('a meta policy after <body> is ignored', () => {
    const body = `<html><head></head><body><meta http-equiv="Content-Security-Policy" content="default-src 'self'"></body></html>`;
    expect(idsOf(cspCheck, siteWithHeaders(withHeader('Content-Security-Policy', null), body))).toEqual(['missing_csp']);
  });
});

describe('framing', () => {
  const frame = (xfo: string | null, cspValue: string | null = null, body?: string) =>
    idsOf(framingCheck, siteWithHeaders([...withHeader('Content-Security-Policy', cspValue), ...(xfo === null ? [] : [['X-Frame-Options', xfo] as [string, string]])], body));
  it('neither header', () => expect(frame(null)).toEqual(['missing_frame_protection']));
  it('DENY and SAMEORIGIN protect', () => {
    expect(frame('DENY')).toEqual([]);
    expect(frame('sameorigin')).toEqual([]);
    expect(frame('SAMEORIGIN, SAMEORIGIN')).toEqual([]);
  });
  it('ALLOW-FROM is invalid', () => expect(frame('ALLOW-FROM https://a.example')).toEqual(['invalid_xfo']));
  it('conflicting values block every framing (HTML standard), so they protect', () => {
    expect(frame('DENY, SAMEORIGIN')).toEqual([]);
    expect(frame('SAMEORIGIN, ALLOWALL')).toEqual([]);
    expect(frame('foo, bar')).toEqual(['invalid_xfo']);
  });
  it('frame-ancestors that allows everyone overrides XFO DENY', () => {
    expect(frame('DENY', "default-src 'self'; frame-ancestors *")).toEqual(['missing_frame_protection']);
    expect(frame(null, 'frame-ancestors https:')).toEqual(['missing_frame_protection']);
    // Every enforced policy must allow the framing: one restrictive frame-ancestors is enough.
    expect(frame(null, "frame-ancestors *, frame-ancestors 'self'")).toEqual([]);
  });
  it('frame-ancestors in the header overrides XFO', () => expect(frame('ALLOW-FROM x', "frame-ancestors 'self'")).toEqual([]));
  it('frame-ancestors in <meta> does not count', () => {
    const body = `<html><head><meta http-equiv="Content-Security-Policy" content="frame-ancestors 'none'"></head><body></body></html>`;
    expect(frame(null, null, body)).toEqual(['missing_frame_protection']);
  });
});

describe('small headers', () => {
  it('nosniff', () => {
    expect(idsOf(nosniffCheck, site('X-Content-Type-Options', null))).toEqual(['missing_nosniff']);
    expect(idsOf(nosniffCheck, site('X-Content-Type-Options', 'NoSniff'))).toEqual([]);
    expect(idsOf(nosniffCheck, site('X-Content-Type-Options', 'nosnif'))).toEqual(['missing_nosniff']);
  });
  it('referrer policy', () => {
    expect(idsOf(referrerPolicyCheck, site('Referrer-Policy', null))).toEqual(['missing_referrer_policy']);
    expect(idsOf(referrerPolicyCheck, site('Referrer-Policy', 'unsafe-url'))).toEqual(['weak_referrer_policy']);
    expect(idsOf(referrerPolicyCheck, site('Referrer-Policy', 'no-referrer-when-downgrade'))).toEqual(['weak_referrer_policy']);
    expect(idsOf(referrerPolicyCheck, site('Referrer-Policy', 'unsafe-url, strict-origin'))).toEqual([]);
    expect(idsOf(referrerPolicyCheck, site('Referrer-Policy', 'no-referrer, bogus'))).toEqual([]);
    expect(idsOf(referrerPolicyCheck, site('Referrer-Policy', 'bogus'))).toEqual(['missing_referrer_policy']);
  });
  it('permissions policy', () => {
    expect(idsOf(permissionsPolicyCheck, site('Permissions-Policy', null))).toEqual(['missing_permissions_policy']);
    expect(idsOf(permissionsPolicyCheck, site('Permissions-Policy', "camera 'none'; geolocation 'self'"))).toEqual(['invalid_permissions_policy']);
    expect(idsOf(permissionsPolicyCheck, site('Permissions-Policy', 'geolocation=(self "https://maps.example")'))).toEqual([]);
  });
  it('COOP and CORP', () => {
    expect(idsOf(coopCheck, site('Cross-Origin-Opener-Policy', null))).toEqual(['missing_coop']);
    expect(idsOf(coopCheck, site('Cross-Origin-Opener-Policy', 'unsafe-none'))).toEqual(['missing_coop']);
    expect(idsOf(coopCheck, site('Cross-Origin-Opener-Policy', 'same-origin-allow-popups; report-to="r"'))).toEqual([]);
    expect(idsOf(corpCheck, site('Cross-Origin-Resource-Policy', null))).toEqual(['missing_corp']);
    expect(idsOf(corpCheck, site('Cross-Origin-Resource-Policy', 'same-site'))).toEqual([]);
    expect(idsOf(corpCheck, site('Cross-Origin-Resource-Policy', 'same-orign'))).toEqual(['missing_corp']);
  });
  it('deprecated headers', () => {
    expect(idsOf(deprecatedHeadersCheck, site('X-XSS-Protection', '0'))).toEqual([]);
    expect(idsOf(deprecatedHeadersCheck, site('X-XSS-Protection', '1; mode=block'))).toEqual(['deprecated_header']);
    expect(idsOf(deprecatedHeadersCheck, site('Expect-CT', 'max-age=86400'))).toEqual(['deprecated_header']);
    expect(idsOf(deprecatedHeadersCheck, site('Public-Key-Pins', 'pin-sha256="x"; max-age=1'))).toEqual(['deprecated_header']);
    expect(idsOf(deprecatedHeadersCheck, site('Feature-Policy', "camera 'none'"))).toEqual(['deprecated_header']);
  });
});

describe('COEP', () => {
  const coep = (...values: string[]) => idsOf(coepCheck, siteWithHeaders([...GOOD_HEADERS, ...values.map((v) => ['Cross-Origin-Embedder-Policy', v] as [string, string])]));
  it('absent is not a finding', () => expect(coep()).toEqual([]));
  it('the three tokens are valid, parameters allowed', () => {
    expect(coep('require-corp')).toEqual([]);
    expect(coep('credentialless')).toEqual([]);
    expect(coep('unsafe-none')).toEqual([]);
    expect(coep('require-corp; report-to="coep"')).toEqual([]);
  });
  it('a misspelt value or two fields are invalid', () => {
    expect(coep('require_corp')).toEqual(['invalid_coep']);
    expect(coep('"require-corp"')).toEqual(['invalid_coep']);
    expect(coep('require-corp', 'require-corp')).toEqual(['invalid_coep']);
  });
});

describe('duplicate header fields', () => {
  const dup = (headers: [string, string][]) => duplicateHeadersCheck.run(siteWithHeaders([...GOOD_HEADERS, ...headers]), { now: new Date() }).map((r) => [r.title.split(':')[0], r.severity]);
  it('identical copies browsers read as one, and a second CSP (it can only tighten), are information', () => {
    expect(dup([['Content-Security-Policy', "script-src 'none'"]])).toEqual([['Content-Security-Policy is sent 2 times', 'info']]);
    expect(dup([['Strict-Transport-Security', 'max-age=63072000; includeSubDomains']])).toEqual([['Strict-Transport-Security is sent 2 times', 'info']]);
  });
  it('copies that change what browsers do are low', () => {
    expect(dup([['Cross-Origin-Opener-Policy', 'same-origin']])).toEqual([['Cross-Origin-Opener-Policy is sent 2 times', 'low']]);
    expect(dup([['X-Frame-Options', 'DENY'], ['X-Frame-Options', 'SAMEORIGIN']])).toEqual([['X-Frame-Options is sent 2 times', 'low']]);
  });
  it('one field is not a duplicate, and a field nobody repeats says nothing', () => expect(dup([])).toEqual([]));
});

describe('HSTS preload eligibility (hstspreload.org rules)', () => {
  const PRELOAD = 'max-age=63072000; includeSubDomains; preload';
  const run = (evidence: ReturnType<typeof siteWithHeaders>) => hstsPreloadCheck.run(evidence, { now: new Date() });
  /** http:// → these hops; https://<host>/ → the given first response (then the page). */
  function site(host: string, httpHops: ReturnType<typeof exchange>[], httpsFirst: ReturnType<typeof exchange>, ...rest: ReturnType<typeof exchange>[]) {
    return evidenceWith({
      http: finalChain(`http://${host}/`, ...httpHops),
      https: finalChain(`https://${host}/`, httpsFirst, ...rest),
      primary: 'https',
      meta: extractMetaPolicies(''),
    });
  }
  const page = (url: string, sts: string | null) => exchange(url, 200, sts ? [['Strict-Transport-Security', sts]] : []);
  const redirect = (from: string, to: string, sts: string | null = null) => exchange(from, 301, [['Location', to], ...(sts ? [['Strict-Transport-Security', sts] as [string, string]] : [])]);

  it('every rule passes: eligible, with each rule and the unchecked one in the evidence', () => {
    const r = run(site('example.com', [redirect('http://example.com/', 'https://example.com/')], page('https://example.com/', PRELOAD)));
    expect(r.map((x) => x.id)).toEqual(['hsts_preload_eligible']);
    expect(r[0]!.evidence).toContain('pass: a registrable domain');
    expect(r[0]!.evidence).toContain('not checked: every subdomain');
  });
  it('the first http redirect leaves the host: ineligible, and says so', () => {
    const r = run(site('example.com', [redirect('http://example.com/', 'https://www.example.com/')], page('https://example.com/', PRELOAD)));
    expect(r.map((x) => x.id)).toEqual(['hsts_preload_ineligible']);
    expect(r[0]!.evidence).toContain('FAIL: http:// redirects to https:// on the same host first — the first redirect leaves example.com for www.example.com');
  });
  it('the first http redirect stays on http: ineligible', () => {
    const r = run(site('example.com', [redirect('http://example.com/', 'http://example.com/home'), redirect('http://example.com/home', 'https://example.com/home')], page('https://example.com/', PRELOAD)));
    expect(r[0]!.title).toContain('not https');
  });
  it('the header must be on the HTTPS redirect itself, not only on the page it leads to', () => {
    const withoutOnRedirect = site('example.com', [redirect('http://example.com/', 'https://example.com/')], redirect('https://example.com/', 'https://www.example.com/'), page('https://www.example.com/', PRELOAD));
    expect(run(withoutOnRedirect)).toEqual([]); // no preload directive on the domain's own response: it does not ask
    const onRedirect = site('example.com', [redirect('http://example.com/', 'https://example.com/')], redirect('https://example.com/', 'https://www.example.com/', PRELOAD), page('https://www.example.com/', null));
    expect(run(onRedirect).map((x) => x.id)).toEqual(['hsts_preload_eligible']);
  });
  it('a subdomain, an IP address, a short max-age, a missing includeSubDomains, an untrusted certificate: ineligible', () => {
    const sub = run(site('www.example.com', [], page('https://www.example.com/', PRELOAD)));
    expect(sub[0]!.title).toContain('only example.com can be submitted');
    expect(run(site('192.0.2.1', [], page('https://192.0.2.1/', PRELOAD)))[0]!.title).toContain('IP address');
    expect(run(site('example.com', [], page('https://example.com/', 'max-age=10886400; includeSubDomains; preload')))[0]!.evidence).toContain('FAIL: the HSTS header on the domain\'s HTTPS response has max-age ≥ 31536000 — max-age=10886400');
    expect(run(site('example.com', [], page('https://example.com/', 'max-age=63072000; preload')))[0]!.evidence).toContain('FAIL: the HSTS header on the domain\'s HTTPS response has includeSubDomains');
    const untrusted = page('https://example.com/', PRELOAD);
    untrusted.tls = { authorized: false, authorizationError: 'CERT_HAS_EXPIRED' };
    expect(run(site('example.com', [], untrusted))[0]!.evidence).toContain('FAIL: a valid certificate — the certificate did not verify (CERT_HAS_EXPIRED)');
  });
  it('http:// that does not answer needs no redirect; no preload directive and not eligible says nothing', () => {
    const noHttp = evidenceWith({
      http: { start: 'http://example.com/', hops: [], outcome: 'error', error: { code: 'ECONNREFUSED', message: 'refused', url: 'http://example.com/' } },
      https: finalChain('https://example.com/', page('https://example.com/', PRELOAD)),
      primary: 'https',
      meta: extractMetaPolicies(''),
    });
    expect(run(noHttp).map((x) => x.id)).toEqual(['hsts_preload_eligible']);
    expect(run(site('www.example.com', [], page('https://www.example.com/', 'max-age=63072000; includeSubDomains')))).toEqual([]);
  });
});
