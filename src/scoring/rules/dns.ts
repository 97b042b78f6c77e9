import type { RuleSet } from '../rule.js';

/**
 * DNS & email category (weight 20). Penalties are in category points; the category floors at 0.
 * Mail authentication (SPF, DMARC) and a working DNSSEC chain weigh most; hygiene items less;
 * informational facts cost nothing.
 */
export const DNS_RULES: RuleSet = {
  // SPF
  dns_spf_missing: { category: 'dns', severity: 'high', points: 5 },
  dns_spf_multiple: { category: 'dns', severity: 'high', points: 4 },
  dns_spf_syntax: { category: 'dns', severity: 'high', points: 3 },
  dns_spf_too_many_lookups: { category: 'dns', severity: 'high', points: 4 },
  dns_spf_void_lookups: { category: 'dns', severity: 'medium', points: 2 },
  dns_spf_include_missing: { category: 'dns', severity: 'high', points: 3 },
  dns_spf_pass_all: { category: 'dns', severity: 'high', points: 5 },
  dns_spf_neutral_all: { category: 'dns', severity: 'medium', points: { medium: 2, low: 1 } },
  // DMARC
  dns_dmarc_missing: { category: 'dns', severity: 'high', points: 5 },
  dns_dmarc_multiple: { category: 'dns', severity: 'high', points: 4 },
  dns_dmarc_syntax: { category: 'dns', severity: 'high', points: 3 },
  dns_dmarc_policy_none: { category: 'dns', severity: 'medium', points: { medium: 3, low: 1 } },
  dns_dmarc_no_reporting: { category: 'dns', severity: 'info', points: 0 },
  dns_dmarc_external_rua_unauthorized: { category: 'dns', severity: 'info', points: 0 },
  dns_dkim_hint: { category: 'dns', severity: 'info', points: 0 },
  // Mail transport
  dns_mta_sts_missing: { category: 'dns', severity: 'low', points: 1 },
  dns_mta_sts_invalid: { category: 'dns', severity: 'medium', points: { high: 3, medium: 2 } },
  dns_tls_rpt_missing: { category: 'dns', severity: 'low', points: 1 },
  dns_tls_rpt_invalid: { category: 'dns', severity: 'low', points: 1 },
  dns_null_mx: { category: 'dns', severity: 'info', points: 0 },
  dns_bimi_present: { category: 'dns', severity: 'info', points: 0 },
  // CAA
  dns_caa_absent: { category: 'dns', severity: 'low', points: 1 },
  dns_caa_invalid: { category: 'dns', severity: 'medium', points: { high: 4, medium: 2 } },
  dns_caa_mismatch: { category: 'dns', severity: 'high', points: 4 },
  // DNSSEC
  dnssec_missing: { category: 'dns', severity: 'medium', points: 2 },
  dnssec_bogus: { category: 'dns', severity: 'critical', points: 10, cap: { critical: 'unreachable' } },
  dnssec_weak_algorithm: { category: 'dns', severity: 'medium', points: 2 },
  dnssec_expiring: { category: 'dns', severity: 'medium', points: { high: 5, medium: 2 } },
  dnssec_nsec3_iterations: { category: 'dns', severity: 'low', points: 1 },
  // Name servers and addressing
  dns_single_nameserver: { category: 'dns', severity: 'medium', points: 2 },
  dns_nameserver_no_ipv6: { category: 'dns', severity: 'low', points: 1 },
  // IPv6 (docs/ipv6.md; internet.nl's website and mail tests, "IPv6"). A recommendation when absent,
  // worse when published and broken: IPv6-only clients fail and dual-stack ones wait for the fallback.
  dns_no_ipv6: { category: 'dns', severity: 'low', points: 1 },
  ipv6_unreachable: { category: 'dns', severity: 'medium', points: 3 },
  ipv6_site_differs: { category: 'dns', severity: 'medium', points: 2 },
  dns_nameserver_ipv6_unreachable: { category: 'dns', severity: 'medium', points: 2 },
  dns_mx_no_ipv6: { category: 'dns', severity: 'info', points: 0 },
  dns_dangling_cname: { category: 'dns', severity: 'high', points: { critical: 10, high: 5, medium: 2 }, cap: { critical: 'impersonable' } },
};
