import type { RuleSet } from '../rule.js';

/**
 * CORS findings, scored in the security headers category (weight 25). Points depend on the severity
 * the check reports: trusting an origin with credentials is worse than without, and a non-2xx
 * answer (an error page) is one step milder than a real response.
 */
export const CORS_RULES: RuleSet = {
  cors_origin_reflected_credentials: { category: 'headers', severity: 'critical', points: { critical: 15, high: 10 }, cap: { critical: 'compromised' } },
  cors_origin_reflected: { category: 'headers', severity: 'medium', points: { medium: 5, low: 3 } },
  cors_null_origin: { category: 'headers', severity: 'high', points: { high: 10, medium: 5, low: 3 } },
  cors_prefix_bypass: { category: 'headers', severity: 'high', points: { high: 10, medium: 5, low: 3 } },
  cors_suffix_bypass: { category: 'headers', severity: 'high', points: { high: 10, medium: 5, low: 3 } },
  cors_unescaped_dot: { category: 'headers', severity: 'high', points: { high: 8, medium: 4, low: 2 } },
  cors_http_origin_trusted: { category: 'headers', severity: 'medium', points: { medium: 4, low: 2, info: 0 } },
  cors_subdomain_trusted: { category: 'headers', severity: 'medium', points: { medium: 4, low: 2, info: 0 } },
  cors_third_party_trusted: { category: 'headers', severity: 'high', points: { high: 10, medium: 5, low: 3 } },
  cors_vary_missing: { category: 'headers', severity: 'low', points: 2 },
  cors_wildcard: { category: 'headers', severity: 'info', points: 0 },
  cors_wildcard_credentials_invalid: { category: 'headers', severity: 'low', points: 1 },
  cors_preflight_wildcard_credentials: { category: 'headers', severity: 'low', points: 1 },
  cors_credentials_value_invalid: { category: 'headers', severity: 'low', points: 1 },
  cors_max_age_excessive: { category: 'headers', severity: 'info', points: 0 },
};
