/** __Host- and __Secure- name prefixes, which browsers match case-insensitively and enforce strictly. */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { byCookieName, cookieEvidence, cookieLabel, dedupe, judgedCookies } from './observe.js';
import { describeReasons, type RejectReason } from './verdict.js';

const PREFIX_REASONS: RejectReason[] = ['secure_prefix', 'host_prefix', 'nameless_prefix'];

export const cookiePrefixCheck: Check = {
  name: 'cookies/prefixes',
  category: 'cookies',
  ids: ['cookie_prefix_invalid'],
  causes: { cookie_prefix_invalid: PREFIX_REASONS },
  reads: ['http'],
  run(evidence, ctx) {
    const results: CheckResult[] = [];
    for (const c of judgedCookies(evidence, ctx.now)) {
      const broken = c.verdict.reasons.filter((r) => PREFIX_REASONS.includes(r));
      if (broken.length === 0) continue;
      results.push({
        id: 'cookie_prefix_invalid',
        // A name has at most one prefix, so exactly one prefix rule is broken: that rule is the cause.
        cause: broken[0]!,
        title: `${cookieLabel(c)} breaks the rules of its name prefix, so browsers drop it`,
        evidence: cookieEvidence(c, `browsers reject it: ${describeReasons(broken)}`),
        location: c.url,
        details: { cookie: c.cookie.name, rejected: broken },
      });
    }
    return dedupe(results, byCookieName);
  },
};
