import type { RuleSet } from '../rule.js';

/**
 * Cookies category (weight 10). Session cookies weigh most: a readable or plaintext session id is an
 * account takeover; attribute hygiene on other cookies costs little.
 */
export const COOKIE_RULES: RuleSet = {
  cookie_no_secure: { category: 'cookies', severity: 'medium', points: { high: 6, medium: 3, low: 1 } },
  cookie_no_httponly: { category: 'cookies', severity: 'high', points: 4 },
  cookie_no_samesite: { category: 'cookies', severity: 'medium', points: 2 },
  cookie_samesite_invalid: { category: 'cookies', severity: 'medium', points: 2 },
  cookie_samesite_none_insecure: { category: 'cookies', severity: 'medium', points: 3 },
  cookie_prefix_invalid: { category: 'cookies', severity: 'medium', points: 2 },
  cookie_domain_broad: { category: 'cookies', severity: 'low', points: 1 },
  cookie_long_expiry: { category: 'cookies', severity: 'low', points: { low: 1 } },
  // A cookie the browser refuses (Partitioned without Secure, a foreign Domain …): medium for a session
  // cookie, whose login never sticks, low for others.
  cookie_rejected: { category: 'cookies', severity: 'medium', points: { medium: 2, low: 1 } },
  cookie_oversized: { category: 'cookies', severity: 'medium', points: { medium: 2, low: 1 } },
};
