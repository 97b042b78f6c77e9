import type { RuleSet } from '../rule.js';

/**
 * Known vulnerabilities in software whose version the site shows (src/checks/cve/). Points follow the
 * worst advisory's severity; a distribution build (which may carry backported fixes) is reported low.
 */
const BY_SEVERITY = { critical: 10, high: 7, medium: 4, low: 2 } as const;

export const CVE_RULES: RuleSet = {
  vulnerable_js_library: { category: 'exposure', severity: 'medium', points: BY_SEVERITY },
  vulnerable_server_version: { category: 'exposure', severity: 'medium', points: BY_SEVERITY },
  wp_core_vulnerable: { category: 'wordpress', severity: 'high', points: BY_SEVERITY },
  wp_plugin_vulnerable: { category: 'wordpress', severity: 'high', points: BY_SEVERITY },
};
