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
};
