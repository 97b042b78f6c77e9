import type { RuleSet } from '../rule.js';

/** WordPress category (weight 10, conditional: it enters the score only when WordPress is detected). */
export const WORDPRESS_RULES: RuleSet = {
  wp_detected: { category: 'wordpress', severity: 'info', points: 0 },
  wp_version_disclosed: { category: 'wordpress', severity: 'low', points: 1 },
  wp_xmlrpc_enabled: { category: 'wordpress', severity: 'low', points: 2 },
  wp_user_enumeration: { category: 'wordpress', severity: 'medium', points: 3 },
  wp_uploads_listing: { category: 'wordpress', severity: 'medium', points: 3 },
  wp_config_backup: { category: 'wordpress', severity: 'critical', points: 10, cap: { critical: 'compromised' } },
  wp_debug_log: { category: 'wordpress', severity: 'medium', points: 4 },
  wp_login_unprotected: { category: 'wordpress', severity: 'info', points: 0 },
};
