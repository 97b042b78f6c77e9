/** A session cookie whose Domain attribute opens it to every subdomain of the registrable domain. */
import { getDomain } from 'tldts';
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { byCookieName, cookieEvidence, cookieLabel, dedupe, judgedCookies, storedCookies } from './observe.js';

export const cookieScopeCheck: Check = {
  name: 'cookies/scope',
  category: 'cookies',
  ids: ['cookie_domain_broad'],
  reads: ['http'],
  run(evidence, ctx) {
    const results: CheckResult[] = [];
    for (const c of storedCookies(judgedCookies(evidence, ctx.now))) {
      if (!c.role.session || c.cookie.domain === undefined) continue;
      const host = new URL(c.url).hostname;
      const registrable = getDomain(host, { allowPrivateDomains: true });
      if (!registrable || c.cookie.domain !== registrable) continue;
      results.push({
        id: 'cookie_domain_broad',
        title: `session ${cookieLabel(c)} is scoped to every subdomain of ${registrable}`,
        evidence: cookieEvidence(
          c,
          `Domain=${c.cookie.domainRaw ?? c.cookie.domain} is the registrable domain: every host under ${registrable} receives this cookie`,
        ),
        location: c.url,
        details: { cookie: c.cookie.name, domain: c.cookie.domain, host },
      });
    }
    return dedupe(results, byCookieName);
  },
};
