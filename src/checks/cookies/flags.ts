/** Secure, HttpOnly and SameSite on the cookies a browser would keep. */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { byCookieName, cookieEvidence, cookieLabel, dedupe, judgedCookies, storedCookies } from './observe.js';
import { describeReasons } from './verdict.js';

const VALID_SAMESITE = new Set(['strict', 'lax', 'none']);

export const cookieFlagsCheck: Check = {
  name: 'cookies/flags',
  category: 'cookies',
  ids: ['cookie_no_secure', 'cookie_no_httponly', 'cookie_no_samesite', 'cookie_samesite_invalid', 'cookie_samesite_none_insecure'],
  // A cookie set over https needs the flag; one set over plain http needs that response moved to https
  // first (browsers refuse Secure from an http response).
  causes: { cookie_no_secure: ['set_over_https', 'set_over_http'] },
  reads: ['http'],
  run(evidence, ctx) {
    const all = judgedCookies(evidence, ctx.now);
    const results: CheckResult[] = [];

    // SameSite=None without Secure: the browser throws the cookie away, so this is reported even
    // though the cookie is not stored (it is the reason it is not).
    for (const c of all) {
      if (!c.verdict.reasons.includes('samesite_none_without_secure')) continue;
      results.push({
        id: 'cookie_samesite_none_insecure',
        title: `${cookieLabel(c)} has SameSite=None without Secure, so browsers drop it`,
        evidence: cookieEvidence(c, `browsers reject it: ${describeReasons(c.verdict.reasons)}`),
        location: c.url,
        details: { cookie: c.cookie.name, rejected: c.verdict.reasons },
      });
    }

    for (const c of storedCookies(all)) {
      const { cookie, role } = c;
      const details = { cookie: cookie.name, session: role.session, csrf: role.csrf };
      if (!cookie.secure) {
        const overHttp = new URL(c.url).protocol === 'http:';
        results.push({
          id: 'cookie_no_secure',
          cause: overHttp ? 'set_over_http' : 'set_over_https',
          severity: role.session ? 'high' : 'medium',
          title: `${cookieLabel(c)} is not marked Secure${overHttp ? ' and was set over plain http' : ''}`,
          evidence: cookieEvidence(
            c,
            overHttp
              ? 'set in a plain-http response: anyone on the network path can read or replace it'
              : 'without Secure the browser also sends it on any plain-http request to this host',
          ),
          location: c.url,
          details,
        });
      }
      if (role.session && !cookie.httpOnly) {
        results.push({
          id: 'cookie_no_httponly',
          title: `session ${cookieLabel(c)} is readable by JavaScript (no HttpOnly)`,
          evidence: cookieEvidence(c),
          location: c.url,
          details,
        });
      }
      if (cookie.sameSite === undefined && (role.session || role.csrf)) {
        results.push({
          id: 'cookie_no_samesite',
          title: `${role.csrf ? 'anti-CSRF' : 'session'} ${cookieLabel(c)} has no SameSite attribute`,
          evidence: cookieEvidence(c, 'without SameSite, browsers differ: some send it on cross-site requests'),
          location: c.url,
          details,
        });
      }
      if (cookie.sameSite !== undefined && !VALID_SAMESITE.has(cookie.sameSite.toLowerCase())) {
        results.push({
          id: 'cookie_samesite_invalid',
          title: `${cookieLabel(c)} has an invalid SameSite value '${cookie.sameSite}'`,
          evidence: cookieEvidence(c, 'only Strict, Lax and None are valid; browsers treat anything else as if SameSite were absent'),
          location: c.url,
          details: { ...details, sameSite: cookie.sameSite },
        });
      }
    }
    return dedupe(results, byCookieName);
  },
};
