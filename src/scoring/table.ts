import type { RuleSet } from './rule.js';
import { HEADER_RULES } from './rules/headers.js';
import { HTTPS_RULES } from './rules/https.js';
import { TLS_RULES } from './rules/tls.js';
import { COOKIE_RULES } from './rules/cookies.js';
import { EXPOSURE_RULES } from './rules/exposure.js';
import { WORDPRESS_RULES } from './rules/wordpress.js';
import { CORS_RULES } from './rules/cors.js';
import { DNS_RULES } from './rules/dns.js';
import { CVE_RULES } from './rules/cve.js';

/**
 * The one scoring table: every finding id, its category, default severity, points and cap.
 * The methodology page, the CLI and the points on each finding all read this object.
 * Each category keeps its rows in its own file under rules/; they are merged here.
 */
export const SCORING_TABLE: RuleSet = mergeRuleSets([HEADER_RULES, HTTPS_RULES, CORS_RULES, TLS_RULES, COOKIE_RULES, EXPOSURE_RULES, WORDPRESS_RULES, DNS_RULES, CVE_RULES]);

function mergeRuleSets(sets: RuleSet[]): RuleSet {
  const table: RuleSet = {};
  for (const set of sets) {
    for (const [id, rule] of Object.entries(set)) {
      if (table[id]) throw new Error(`scoring rule '${id}' is defined twice`);
      table[id] = rule;
    }
  }
  return table;
}
