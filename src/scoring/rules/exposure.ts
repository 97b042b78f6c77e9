import type { RuleSet } from '../rule.js';

/**
 * Exposure & hygiene category (weight 15). Leaked secrets (keys, .env, credentials, dumps) take the
 * whole category and, when critical, cap the scan as `compromised` (scoring/caps.ts): no header can make
 * up for a published database password.
 */
export const EXPOSURE_RULES: RuleSet = {
  exposed_git: { category: 'exposure', severity: 'high', points: 10 },
  exposed_svn: { category: 'exposure', severity: 'high', points: 8 },
  exposed_env: { category: 'exposure', severity: 'critical', points: 15, cap: { critical: 'compromised' } },
  exposed_ds_store: { category: 'exposure', severity: 'low', points: 2 },
  exposed_credentials_file: { category: 'exposure', severity: 'high', points: { critical: 15, high: 10, medium: 5 }, cap: { critical: 'compromised' } },
  exposed_private_key: { category: 'exposure', severity: 'critical', points: 15, cap: { critical: 'compromised' } },
  exposed_backup: { category: 'exposure', severity: 'critical', points: { critical: 15, high: 10 }, cap: { critical: 'compromised' } },
  exposed_phpinfo: { category: 'exposure', severity: 'medium', points: 5 },
  exposed_server_status: { category: 'exposure', severity: 'medium', points: { medium: 4, low: 2 } },
  exposed_debug_endpoint: { category: 'exposure', severity: 'high', points: { critical: 15, high: 8, medium: 5 }, cap: { critical: 'compromised' } },
  exposed_api_docs: { category: 'exposure', severity: 'info', points: 0 },
  exposed_log_file: { category: 'exposure', severity: 'medium', points: { high: 8, medium: 5 } },
  exposed_source_map: { category: 'exposure', severity: 'low', points: { medium: 3, low: 2 } },
  directory_listing: { category: 'exposure', severity: 'medium', points: 4 },
  crossdomain_wildcard: { category: 'exposure', severity: 'low', points: 2 },
  version_banner: { category: 'exposure', severity: 'low', points: { low: 1 } },
  security_txt_missing: { category: 'exposure', severity: 'low', points: 1 },
  security_txt_invalid: { category: 'exposure', severity: 'low', points: 1 },
  security_txt_expired: { category: 'exposure', severity: 'low', points: 1 },
  trace_enabled: { category: 'exposure', severity: 'low', points: 2 },
  stack_trace_exposed: { category: 'exposure', severity: 'medium', points: 3 },
};
