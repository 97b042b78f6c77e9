/** Lifetimes beyond the 400 days browsers honour: the stated expiry is not what users get. */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { byCookieName, cookieEvidence, cookieLabel, dedupe, judgedCookies, storedCookies } from './observe.js';
import { lifetimeSeconds, MAX_LIFETIME_SECONDS } from './verdict.js';

const DAY = 86_400;

export const cookieLifetimeCheck: Check = {
  name: 'cookies/lifetime',
  category: 'cookies',
  ids: ['cookie_long_expiry'],
  reads: ['http'],
  run(evidence, ctx) {
    const results: CheckResult[] = [];
    for (const c of storedCookies(judgedCookies(evidence, ctx.now))) {
      const life = lifetimeSeconds(c.cookie, ctx.now);
      if (life === undefined || life <= MAX_LIFETIME_SECONDS) continue;
      const days = Math.round(life / DAY);
      const how = c.cookie.maxAge !== undefined ? `Max-Age=${c.cookie.maxAge}` : `Expires=${c.cookie.expires}`;
      results.push({
        id: 'cookie_long_expiry',
        severity: c.role.session ? 'low' : 'info',
        title: `${cookieLabel(c)} asks to live ${days} days; browsers cap it at 400`,
        evidence: cookieEvidence(c, `${how} is ${days} days from the scan; browsers shorten it to 400 days`),
        location: c.url,
        details: { cookie: c.cookie.name, days },
      });
    }
    return dedupe(results, byCookieName);
  },
};
