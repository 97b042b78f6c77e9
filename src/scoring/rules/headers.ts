import type { RuleSet } from '../rule.js';

/** Security headers category (weight 25). Penalties are in category points; the category floors at 0. */
export const HEADER_RULES: RuleSet = {
  missing_hsts: { category: 'headers', severity: 'high', points: 6 },
  weak_hsts: { category: 'headers', severity: 'medium', points: 3 },
  hsts_disabled: { category: 'headers', severity: 'high', points: 6 },
  invalid_hsts: { category: 'headers', severity: 'high', points: 5 },
  hsts_over_http_only: { category: 'headers', severity: 'info', points: 0 },
  hsts_preload_eligible: { category: 'headers', severity: 'info', points: 0 },
  missing_csp: { category: 'headers', severity: 'high', points: 6 },
  weak_csp: { category: 'headers', severity: 'medium', points: 4 },
  csp_report_only: { category: 'headers', severity: 'medium', points: 5 },
  // CSP depth (csp_evaluator's / Lighthouse's failures beyond weak_csp). A listed JSONP or AngularJS
  // host is a known, working bypass: as costly as a weak script rule's lesser causes. A host list
  // without a known bypass, and the missing object-src (plugins are gone from browsers; the
  // Observatory's −20 "no object-src restriction" dates from Flash), are hardening: low. A nonce policy
  // without base-uri lets injected markup run the page's own scripts from elsewhere: medium.
  csp_allowlist_bypass: { category: 'headers', severity: 'medium', points: 3 },
  csp_host_allowlist: { category: 'headers', severity: 'low', points: 1 },
  csp_missing_object_src: { category: 'headers', severity: 'low', points: 1 },
  csp_missing_base_uri: { category: 'headers', severity: 'medium', points: 2 },
  missing_frame_protection: { category: 'headers', severity: 'medium', points: 3 },
  invalid_xfo: { category: 'headers', severity: 'medium', points: 3 },
  missing_nosniff: { category: 'headers', severity: 'low', points: 2 },
  missing_referrer_policy: { category: 'headers', severity: 'low', points: 1 },
  weak_referrer_policy: { category: 'headers', severity: 'low', points: 1 },
  missing_permissions_policy: { category: 'headers', severity: 'low', points: 1 },
  invalid_permissions_policy: { category: 'headers', severity: 'low', points: 1 },
  missing_coop: { category: 'headers', severity: 'low', points: 1 },
  missing_corp: { category: 'headers', severity: 'low', points: 1 },
  deprecated_header: { category: 'headers', severity: 'low', points: 1 },
};
