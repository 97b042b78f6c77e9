import { describe, expect, it } from 'vitest';
import { COOKIE_CHECKS } from '../../src/checks/cookies/index.js';
import type { CheckResult } from '../../src/model/finding.js';
import type { Evidence } from '../../src/model/evidence.js';
import { COOKIE_RULES } from '../../src/scoring/rules/cookies.js';
import { NOW, cookieEvidence, hop } from './evidence.js';

function run(evidence: Evidence): CheckResult[] {
  return COOKIE_CHECKS.flatMap((check) => check.run(evidence, { now: NOW }));
}
const ids = (results: CheckResult[]) => results.map((r) => r.id).sort();
const GOOD_SESSION = 'sessionid=abc; Secure; HttpOnly; SameSite=Lax; Path=/';

describe('cookie checks', () => {
  it('a well-configured session cookie gives no finding (negative control)', () => {
    expect(run(cookieEvidence([GOOD_SESSION, '__Host-id=1; Secure; Path=/; HttpOnly; SameSite=Strict']))).toEqual([]);
  });

  it('cookie_no_secure: high for session cookies, medium otherwise, and says why it is a session', () => {
    const results = run(cookieEvidence(['PHPSESSID=x; HttpOnly; SameSite=Lax', 'theme=dark; SameSite=Lax']));
    const noSecure = results.filter((r) => r.id === 'cookie_no_secure');
    expect(noSecure.map((r) => [r.details?.['cookie'], r.severity])).toEqual([
      ['PHPSESSID', 'high'],
      ['theme', 'medium'],
    ]);
    expect(noSecure[0]!.evidence).toContain("PHP's session cookie");
    expect(noSecure[0]!.evidence).toContain('Set-Cookie: PHPSESSID=x; HttpOnly; SameSite=Lax');
  });

  it('reads Set-Cookie on every hop of both chains, and flags the plain-http hop', () => {
    const evidence = cookieEvidence([GOOD_SESSION], {
      httpHops: [hop('http://www.example.com/', [['Location', 'https://www.example.com/'], ['Set-Cookie', 'track=1; Path=/']], 301)],
    });
    const results = run(evidence);
    expect(ids(results)).toEqual(['cookie_no_secure']);
    expect(results[0]!.title).toContain('set over plain http');
    expect(results[0]!.evidence).toContain('redirect hop 1 (301) of the chain that started at http://');
  });

  it('cookie_no_httponly and cookie_no_samesite only for session / anti-CSRF cookies', () => {
    expect(ids(run(cookieEvidence(['auth_token=x; Secure; SameSite=Lax'])))).toEqual(['cookie_no_httponly']);
    expect(ids(run(cookieEvidence(['csrftoken=x; Secure'])))).toEqual(['cookie_no_samesite']);
    expect(ids(run(cookieEvidence(['connect.sid=x; Secure; HttpOnly'])))).toEqual(['cookie_no_samesite']);
    expect(run(cookieEvidence(['prefs=x; Secure']))).toEqual([]);
  });

  it('cookie_samesite_invalid and cookie_samesite_none_insecure', () => {
    expect(ids(run(cookieEvidence(['a=1; Secure; SameSite=Bogus'])))).toEqual(['cookie_samesite_invalid']);
    expect(ids(run(cookieEvidence(['a=1; Secure; SameSite='])))).toEqual(['cookie_samesite_invalid']);
    expect(ids(run(cookieEvidence(['a=1; SameSite=None'])))).toEqual(['cookie_samesite_none_insecure']);
    expect(run(cookieEvidence(['a=1; Secure; SameSite=None']))).toEqual([]);
  });

  it('cookie_prefix_invalid, matching prefixes case-insensitively', () => {
    expect(ids(run(cookieEvidence(['__Host-a=1; Secure; Path=/; Domain=www.example.com'])))).toEqual(['cookie_prefix_invalid']);
    expect(ids(run(cookieEvidence(['__host-a=1; Secure'])))).toEqual(['cookie_prefix_invalid']);
    expect(ids(run(cookieEvidence(['__SECURE-a=1'])))).toEqual(['cookie_prefix_invalid']);
    expect(run(cookieEvidence(['__Secure-a=1; Secure']))).toEqual([]);
  });

  it('cookie_domain_broad for a session cookie scoped to the registrable domain', () => {
    const broad = run(cookieEvidence(['sid=1; Secure; HttpOnly; SameSite=Lax; Domain=.example.com']));
    expect(ids(broad)).toEqual(['cookie_domain_broad']);
    expect(broad[0]!.evidence).toContain('every host under example.com');
    expect(run(cookieEvidence(['sid=1; Secure; HttpOnly; SameSite=Lax; Domain=www.example.com']))).toEqual([]);
    expect(run(cookieEvidence(['lang=en; Secure; Domain=example.com']))).toEqual([]);
  });

  it('cookie_long_expiry beyond 400 days; deletions are ignored', () => {
    const long = run(cookieEvidence(['sid=1; Secure; HttpOnly; SameSite=Lax; Max-Age=63072000', 'pref=1; Secure; Expires=Fri, 01 Jan 2100 00:00:00 GMT']));
    expect(long.map((r) => [r.id, r.details?.['cookie'], r.severity])).toEqual([
      ['cookie_long_expiry', 'sid', 'low'],
      ['cookie_long_expiry', 'pref', 'info'],
    ]);
    expect(run(cookieEvidence(['sid=1; Secure; HttpOnly; SameSite=Lax; Max-Age=34560000']))).toEqual([]);
    expect(run(cookieEvidence(['sid=; Max-Age=0', 'old=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT']))).toEqual([]);
  });

  it('cookie_oversized: dropped over 4096 bytes, attribute ignored over 1024', () => {
    const results = run(cookieEvidence([`big=${'x'.repeat(4100)}; Secure`, `p=1; Secure; Path=/${'a'.repeat(1100)}`]));
    expect(results.map((r) => [r.id, r.severity])).toEqual([
      ['cookie_oversized', 'medium'],
      ['cookie_oversized', 'low'],
    ]);
    expect(results[0]!.evidence).toMatch(/… \(\d+ characters\)/);
    expect(run(cookieEvidence([`ok=${'x'.repeat(4000)}; Secure`]))).toEqual([]);
  });

  it('cookie_rejected: no cookie vanishes; the reason, medium for a session cookie, never twice for one reason', () => {
    const results = run(cookieEvidence(['sessionid=1; Partitioned; HttpOnly; SameSite=Lax; Path=/', 'theme=dark; Secure; SameSite=Lax; Domain=other.test']));
    const rejected = results.filter((r) => r.id === 'cookie_rejected');
    expect(rejected.map((r) => [r.details?.['cookie'], r.cause, r.severity])).toEqual([
      ['sessionid', 'partitioned_without_secure', 'medium'],
      ['theme', 'domain_mismatch', 'low'],
    ]);
    expect(rejected[0]!.evidence).toContain('Partitioned requires the Secure attribute');
    // Neither is judged for its attributes: the browser never keeps them.
    expect(ids(results)).toEqual(['cookie_rejected', 'cookie_rejected']);
    // A rejection another finding names is not reported again, nor is a deletion.
    expect(ids(run(cookieEvidence(['a=1; SameSite=None; Partitioned'])))).toEqual(['cookie_samesite_none_insecure']);
    expect(ids(run(cookieEvidence(['a=; Secure; HttpOnly; SameSite=Lax; Max-Age=0'])))).toEqual([]);
  });

  it('cookie_rejected: a Secure cookie from a plain-http hop (not trustworthy) is dropped, said so', () => {
    const evidence = cookieEvidence([GOOD_SESSION], {
      httpHops: [hop('http://www.example.com/', [['Location', 'https://www.example.com/'], ['Set-Cookie', 'pref=1; Secure; SameSite=Lax']], 301)],
    });
    const results = run(evidence).filter((r) => r.id === 'cookie_rejected');
    expect(results.map((r) => r.cause)).toEqual(['secure_from_insecure_origin']);
    expect(results[0]!.title).toContain('marked Secure but was set over plain http');
  });

  it('the same cookie on several hops is one finding', () => {
    const results = run(
      cookieEvidence(['theme=1'], { httpHops: [hop('http://www.example.com/', [['Set-Cookie', 'theme=1']], 301)] }),
    );
    expect(results.filter((r) => r.id === 'cookie_no_secure')).toHaveLength(1);
  });

  it('every id a check can emit has a scoring rule in the cookies category', () => {
    for (const check of COOKIE_CHECKS) {
      expect(check.category).toBe('cookies');
      for (const id of check.ids) expect(COOKIE_RULES[id]?.category, id).toBe('cookies');
    }
  });
});
