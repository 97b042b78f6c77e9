import type { RuleSet } from '../rule.js';

/**
 * Known vulnerabilities in software whose version the site shows (src/checks/cve/). Points follow the
 * worst advisory's severity; a distribution build (which may carry backported fixes) is reported low.
 * A critical advisory is a way into the site like a published secret, so it caps as `compromised`.
 */
const BY_SEVERITY = { critical: 10, high: 7, medium: 4, low: 2 } as const;
const CRITICAL_CAP = { critical: 'compromised' } as const;

export const CVE_RULES: RuleSet = {
  vulnerable_js_library: { category: 'exposure', severity: 'medium', points: BY_SEVERITY, cap: CRITICAL_CAP },
  vulnerable_server_version: { category: 'exposure', severity: 'medium', points: BY_SEVERITY, cap: CRITICAL_CAP },
  wp_core_vulnerable: { category: 'wordpress', severity: 'high', points: BY_SEVERITY, cap: CRITICAL_CAP },
  wp_plugin_vulnerable: { category: 'wordpress', severity: 'high', points: BY_SEVERITY, cap: CRITICAL_CAP },
};
