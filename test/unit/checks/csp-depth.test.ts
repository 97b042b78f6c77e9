/**
 * CSP depth: the findings beyond weak_csp (allow-list bypasses, host allow-lists, object-src, base-uri)
 * on hand-written policies, and the host-source parser on hostile input (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cspCheck } from '../../../src/checks/headers/csp.js';
import { hostSourceMatches, knownBypass, parseHostSource } from '../../../src/checks/headers/csp-source.js';
import { depthWeaknesses, scriptElementSources } from '../../../src/checks/headers/csp-depth.js';
import { parsePolicy, parsePolicyList } from '../../../src/checks/headers/csp-parse.js';
import { siteWithHeaders, withHeader } from '../../support/evidence.js';
import { idsOf } from './run-check.js';

const csp = (...values: string[]) => {
  const [first, ...rest] = values;
  return idsOf(cspCheck, siteWithHeaders([...withHeader('Content-Security-Policy', first!), ...rest.map((v) => ['Content-Security-Policy', v] as [string, string])]));
};

describe('CSP allow-lists', () => {
  it('a host on csp_evaluator’s JSONP list is a known bypass, with the URL it lets in', () => {
    const results = cspCheck.run(siteWithHeaders(withHeader('Content-Security-Policy', "script-src 'self' *.google.com; object-src 'none'")), { now: new Date() });
    const bypass = results.find((r) => r.id === 'csp_allowlist_bypass');
    expect(bypass?.details?.bypasses).toEqual([{ source: '*.google.com', kind: 'jsonp', url: expect.stringMatching(/^\/\/[a-z0-9.-]+\.google\.com\//) }]);
    expect(results.map((r) => r.id)).toEqual(['csp_allowlist_bypass']);
  });
  it('AngularJS hosts come from the package’s list too', () =>
    expect(knownBypass('https://ajax.googleapis.com', false)).toMatchObject({ kind: expect.stringMatching(/jsonp|angularjs/) }));
  it('a JSONP host that needs eval is a bypass only with unsafe-eval', () => {
    expect(knownBypass('www.googletagmanager.com', false)).toBeUndefined();
    expect(knownBypass('www.googletagmanager.com', true)).toMatchObject({ kind: 'jsonp' });
  });
  it('a path narrower than the listed URL is not a bypass', () => {
    expect(knownBypass('accounts.google.com/o/oauth2/revoke', false)).toMatchObject({ kind: 'jsonp' });
    expect(knownBypass('accounts.google.com/static/', false)).toBeUndefined();
  });
  it('other hosts are a host allow-list', () => expect(csp("script-src 'self' cdn.example.net; object-src 'none'")).toEqual(['csp_host_allowlist']));
  it("'self' alone is not a host allow-list", () => expect(csp("script-src 'self'; object-src 'none'")).toEqual([]));
  it("'strict-dynamic' makes browsers ignore hosts", () =>
    expect(csp("script-src 'nonce-abcdefgh1234' 'strict-dynamic' *.google.com; object-src 'none'; base-uri 'none'")).toEqual([]));
  it('script-src-elem governs <script> elements: a strict one beats a host list in script-src', () => {
    expect(csp("script-src cdn.example.net; script-src-elem 'self'; object-src 'none'")).toEqual([]);
    expect(csp("script-src 'self'; script-src-elem cdn.example.net; object-src 'none'")).toEqual(['csp_host_allowlist']);
  });
  it("'none' beside a host is ignored (the host list counts)", () =>
    expect(scriptElementSources(parsePolicy("script-src 'none' cdn.example.net", 'header'))).toEqual(['cdn.example.net']));
  it('a second policy without hosts contains scripts: no allow-list finding', () =>
    expect(csp("script-src cdn.example.net; object-src 'none'", "script-src 'self'")).toEqual([]));
});

describe('CSP object-src and base-uri', () => {
  it('script-src without object-src or default-src', () => expect(csp("script-src 'self'")).toEqual(['csp_missing_object_src']));
  it('default-src covers object-src', () => expect(csp("default-src 'self'")).toEqual([]));
  it('another enforced policy may restrict objects', () => expect(csp("script-src 'self'", "object-src 'none'")).toEqual([]));
  it('a policy that does not restrict scripts is weak_csp alone', () => expect(csp("frame-ancestors 'none'")).toEqual(['weak_csp']));
  it('a nonce policy needs base-uri', () => {
    expect(csp("script-src 'nonce-abcdefgh1234'; object-src 'none'")).toEqual(['csp_missing_base_uri']);
    expect(csp("script-src 'nonce-abcdefgh1234'; object-src 'none'; base-uri 'self'")).toEqual([]);
    expect(csp("script-src 'nonce-abcdefgh1234'; object-src 'none'; base-uri *")).toEqual(['csp_missing_base_uri']);
  });
  it('hashes need base-uri only with strict-dynamic (they cannot vouch for an external URL otherwise)', () => {
    expect(csp("script-src 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='; object-src 'none'")).toEqual([]);
    expect(csp("script-src 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' 'strict-dynamic'; object-src 'none'")).toEqual(['csp_missing_base_uri']);
  });
  it('a nonce in default-src does not count once script-src is set', () =>
    expect(csp("default-src 'nonce-abcdefgh1234'; script-src 'self'")).toEqual([]));
  it('base-uri in another enforced policy counts', () =>
    expect(csp("script-src 'nonce-abcdefgh1234'; object-src 'none'", "base-uri 'none'")).toEqual([]));
});

describe('CSP host-source parser', () => {
  it('parses the CSP3 grammar', () => {
    expect(parseHostSource('https://*.Example.com:8443/js/')).toEqual({ scheme: 'https', host: 'example.com', subdomains: true, port: '8443', path: '/js/' });
    expect(parseHostSource('cdn.example.')).toEqual({ host: 'cdn.example', subdomains: false });
    for (const t of ["'self'", 'https:', 'data:', "'nonce-abc'", 'a b', '*.*', 'http://[::1]', 'ex ample.com']) expect(parseHostSource(t), t).toBeUndefined();
  });
  it('matches like CSP3: subdomains only under *., default ports, http upgrades to https, path prefix only with /', () => {
    const u = new URL('https://api.example.com/v1/x.js');
    expect(hostSourceMatches(parseHostSource('*.example.com')!, u)).toBe(true);
    expect(hostSourceMatches(parseHostSource('*.example.com')!, new URL('https://example.com/'))).toBe(false);
    expect(hostSourceMatches(parseHostSource('http://api.example.com')!, u)).toBe(true);
    expect(hostSourceMatches(parseHostSource('https://api.example.com')!, new URL('http://api.example.com/'))).toBe(false);
    expect(hostSourceMatches(parseHostSource('api.example.com:8443')!, u)).toBe(false);
    expect(hostSourceMatches(parseHostSource('api.example.com/v1/')!, u)).toBe(true);
    expect(hostSourceMatches(parseHostSource('api.example.com/v1')!, u)).toBe(false);
    expect(hostSourceMatches(parseHostSource('ftp://api.example.com')!, u)).toBe(false);
  });
  const token = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.constantFrom('*', '.', ':', '/', '//', 'https', 'a', '-', '0', '8080', '%', '%zz', '[', ']', "'", 'example', 'com'), { maxLength: 60 }).map((a) => a.join('')),
  );
  it('never throws, and what it accepts has a host of host-chars', () => {
    fc.assert(
      fc.property(token, (t) => {
        const s = parseHostSource(t);
        if (s) {
          expect(s.host).toMatch(/^(\*|[a-z0-9-]+(\.[a-z0-9-]+)*)$/);
          expect(hostSourceMatches(s, new URL('https://x.example/p'))).toBeTypeOf('boolean');
        }
        knownBypass(t, true);
      }),
      { numRuns: 2000 },
    );
  });
  it('stays fast on long hostile tokens (linear regex, bounded length)', () => {
    const t0 = performance.now();
    for (const t of ['a.'.repeat(5000), `${'a-'.repeat(900)}:`, `https://${'a.'.repeat(1000)}:99999999`]) parseHostSource(t);
    expect(performance.now() - t0).toBeLessThan(200);
  });
  it('depth weaknesses never throw on hostile policies', () => {
    fc.assert(
      fc.property(token, token, (a, b) => {
        depthWeaknesses(parsePolicyList([`script-src ${a}; ${b}`, b], 'header'));
      }),
      { numRuns: 500 },
    );
  });
});
