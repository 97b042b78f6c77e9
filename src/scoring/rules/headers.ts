import type { RuleSet } from '../rule.js';

/** Security headers category (weight 25). Penalties are in category points; the category floors at 0. */
export const HEADER_RULES: RuleSet = {
  missing_hsts: { category: 'headers', severity: 'high', points: 6 },
  weak_hsts: { category: 'headers', severity: 'medium', points: 3 },
  hsts_disabled: { category: 'headers', severity: 'high', points: 6 },
  invalid_hsts: { category: 'headers', severity: 'high', points: 5 },
  hsts_over_http_only: { category: 'headers', severity: 'info', points: 0 },
  hsts_preload_eligible: { category: 'headers', severity: 'info', points: 0 },
  // Information: each failed preload rule that matters for security is scored by its own finding.
  hsts_preload_ineligible: { category: 'headers', severity: 'info', points: 0 },
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
  // The Observatory's coep-header-invalid (−5); absence costs nothing there either.
  invalid_coep: { category: 'headers', severity: 'low', points: 1 },
  // Info when browsers read the copies as one; low when the second field changes what they do.
  duplicate_header_field: { category: 'headers', severity: 'low', points: { low: 1, info: 0 } },
  deprecated_header: { category: 'headers', severity: 'low', points: 1 },
  // Subresource Integrity (checks/headers/subresource-integrity.ts). The MDN Observatory takes 5 for
  // foreign scripts over https without integrity (like a missing nosniff, which costs 2 here) and 50
  // for foreign scripts over http (its heaviest penalty: anyone on the path runs code in the page).
  sri_missing_cross_origin: { category: 'headers', severity: 'low', points: 2 },
  sri_script_over_http: { category: 'headers', severity: 'high', points: 6 },
  // Mixed content (checks/headers/mixed-content.ts); no Observatory test of its own. Active content is
  // blocked by browsers (a broken page, and code from the network for any client that runs it), passive
  // content is upgraded or blocked, a form to http: exposes what visitors type.
  mixed_content_active: { category: 'headers', severity: 'high', points: 5 },
  mixed_content_passive: { category: 'headers', severity: 'low', points: 1 },
  form_posts_to_http: { category: 'headers', severity: 'medium', points: 3 },
};
