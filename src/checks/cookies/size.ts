/** Cookies over the size browsers accept: dropped whole (name+value) or with an attribute ignored. */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { nameValueOctets } from './parse.js';
import { byCookieName, cookieEvidence, cookieLabel, dedupe, judgedCookies } from './observe.js';
import { MAX_NAME_VALUE_OCTETS } from './verdict.js';

export const cookieSizeCheck: Check = {
  name: 'cookies/size',
  category: 'cookies',
  ids: ['cookie_oversized'],
  causes: { cookie_oversized: ['value_too_large', 'attribute_too_long'] },
  reads: ['http'],
  run(evidence, ctx) {
    const results: CheckResult[] = [];
    for (const c of judgedCookies(evidence, ctx.now)) {
      const size = nameValueOctets(c.cookie);
      if (size > MAX_NAME_VALUE_OCTETS) {
        results.push({
          id: 'cookie_oversized',
          cause: 'value_too_large',
          severity: 'medium',
          title: `${cookieLabel(c)} is ${size} bytes, over the ${MAX_NAME_VALUE_OCTETS}-byte limit: browsers drop it`,
          evidence: cookieEvidence(c, `name and value are ${size} bytes together`),
          location: c.url,
          details: { cookie: c.cookie.name, bytes: size },
        });
      } else if (c.cookie.ignoredAttributes.length > 0) {
        results.push({
          id: 'cookie_oversized',
          cause: 'attribute_too_long',
          severity: 'low',
          title: `${cookieLabel(c)} has attribute values over 1024 bytes that browsers ignore`,
          evidence: cookieEvidence(c, `ignored: ${c.cookie.ignoredAttributes.join(', ')}`),
          location: c.url,
          details: { cookie: c.cookie.name, ignored: c.cookie.ignoredAttributes },
        });
      }
    }
    return dedupe(results, byCookieName);
  },
};
