import type { RuleSet } from '../rule.js';

/** HTTPS behaviour, scored in the TLS & HTTPS category (weight 30). */
export const HTTPS_RULES: RuleSet = {
  no_https: { category: 'tls', severity: 'critical', points: 30, cap: { critical: 'no_confidentiality' } },
  no_https_redirect: { category: 'tls', severity: 'high', points: 8 },
  redirect_offhost_first: { category: 'tls', severity: 'low', points: 2 },
  // The Observatory's redirection-not-to-https-on-initial-redirection (−10 there).
  redirect_not_https_first: { category: 'tls', severity: 'low', points: 2 },
};
