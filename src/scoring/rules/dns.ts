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
  // DANE (checks/mail/dane*.ts). For an MX, a bogus or mismatching TLSA RRset stops delivery from every
  // sender that does DANE (RFC 7672 §2.2: such mail is deferred, never sent in the clear): critical,
  // capped as an outage like dnssec_bogus. For the web host (severity medium or low) no browser asks
  // for TLSA. internet.nl's mail test fails "DANE validity" for the first two and marks "DANE
  // existence" and "DANE rollover scheme" as recommendations: dane_not_used costs as little as a
  // missing MTA-STS policy, a single record costs nothing.
  dane_tlsa_bogus: { category: 'dns', severity: 'critical', points: { critical: 10, medium: 2 }, cap: { critical: 'unreachable' } },
  dane_tlsa_mismatch: { category: 'dns', severity: 'critical', points: { critical: 10, medium: 2 }, cap: { critical: 'unreachable' } },
  dane_tlsa_unsigned: { category: 'dns', severity: 'medium', points: { medium: 2, low: 1 } },
  dane_tlsa_unusable: { category: 'dns', severity: 'medium', points: { medium: 2, low: 1 } },
  dane_not_used: { category: 'dns', severity: 'low', points: 1 },
  dane_no_rollover: { category: 'dns', severity: 'info', points: 0 },
  // Mail transport as an MX answers on port 25 (src/checks/mail/). Weights follow internet.nl's mail
  // test: STARTTLS and TLS 1.2+ are required; TLS 1.0/1.1 beside them and suites without forward
  // secrecy are "phase out" (a notice); certificate trust and name count only as information without
  // DANE or MTA-STS (opportunistic TLS, RFC 7435), and stop mail under MTA-STS enforce (RFC 8461 §5).
  mail_starttls_missing: { category: 'dns', severity: 'high', points: 5 },
  mail_tls_legacy_only: { category: 'dns', severity: 'high', points: 4 },
  mail_tls_legacy_offered: { category: 'dns', severity: 'low', points: 1 },
  mail_tls_weak_cipher: { category: 'dns', severity: 'medium', points: { medium: 2, low: 1 } },
  mail_certificate_invalid: { category: 'dns', severity: 'low', points: { critical: 10, medium: 3, low: 1 }, cap: { critical: 'unreachable' } },
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
