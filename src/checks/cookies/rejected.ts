/**
 * Cookies the browser throws away for a reason no other cookie check names. Without this a rejected
 * cookie vanished from the report: the attribute checks judge only cookies a browser keeps, so a
 * `Partitioned` cookie without `Secure` (Chromium refuses it) left the category at 100/100 while the
 * site's cookie never worked. SameSite=None, prefix and size rejections have findings of their own.
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { byCookieName, cookieEvidence, cookieLabel, dedupe, judgedCookies } from './observe.js';
import { describeReasons, type RejectReason } from './verdict.js';

/** Reasons another check reports (and 'expired', which is a deletion the site asked for). */
const REPORTED_ELSEWHERE: ReadonlySet<RejectReason> = new Set(['samesite_none_without_secure', 'secure_prefix', 'host_prefix', 'nameless_prefix', 'too_large', 'expired']);

export const REJECT_CAUSES: RejectReason[] = [
  'partitioned_without_secure',
  'secure_from_insecure_origin',
  'domain_mismatch',
  'domain_public_suffix',
  'control_characters',
  'nameless_with_equals',
];

export const cookieRejectedCheck: Check = {
  name: 'cookies/rejected',
  category: 'cookies',
  ids: ['cookie_rejected'],
  causes: { cookie_rejected: REJECT_CAUSES },
  reads: ['http'],
  run(evidence, ctx) {
    const results: CheckResult[] = [];
    for (const c of judgedCookies(evidence, ctx.now)) {
      const { reasons } = c.verdict;
      if (reasons.length === 0 || reasons.some((r) => REPORTED_ELSEWHERE.has(r))) continue;
      results.push({
        id: 'cookie_rejected',
        // The first reason in the order the browser checks them; the evidence names every one.
        cause: REJECT_CAUSES.find((r) => reasons.includes(r))!,
        // A session cookie that never sticks breaks logins; others break a feature or a consent record.
        severity: c.role.session ? 'medium' : 'low',
        title: `Browsers drop ${cookieLabel(c)}: ${describeReasons(reasons.slice(0, 1))}`,
        evidence: cookieEvidence(c, `browsers reject it: ${describeReasons(reasons)}`),
        location: c.url,
        details: { cookie: c.cookie.name, rejected: reasons },
      });
    }
    return dedupe(results, byCookieName);
  },
};
