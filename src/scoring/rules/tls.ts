import type { RuleSet } from '../rule.js';

/**
 * TLS protocols, ciphers and certificates, scored in the TLS & HTTPS category (weight 30).
 * Follows the ideas of the SSL Labs rating guide: things that break confidentiality outright
 * (SSL 2.0, EXPORT/NULL suites, an invalid certificate) cap the whole score low; legacy versions,
 * missing forward secrecy or AEAD cap it moderately. We judge what the server accepts, not what a
 * browser would negotiate, so the softer findings carry lighter caps than SSL Labs' grades.
 */
export const TLS_RULES: RuleSet = {
  // HTTPS that only speaks what current browsers refuse serves no visitor: as costly as none.
  tls_no_browser_can_connect: { category: 'tls', severity: 'critical', points: 30, cap: 30 },
  tls_protocol_ssl2: { category: 'tls', severity: 'critical', points: 30, cap: 20 },
  tls_protocol_ssl3: { category: 'tls', severity: 'critical', points: 20, cap: 40 },
  tls_protocol_tls10: { category: 'tls', severity: 'medium', points: 4, cap: 80 },
  tls_protocol_tls11: { category: 'tls', severity: 'medium', points: 3, cap: 80 },
  tls12_missing: { category: 'tls', severity: 'high', points: 10, cap: 65 },
  tls13_missing: { category: 'tls', severity: 'low', points: 2 },
  weak_cipher_rc4: { category: 'tls', severity: 'high', points: 8, cap: 65 },
  weak_cipher_3des: { category: 'tls', severity: 'medium', points: { medium: 4, high: 8 }, cap: 80 },
  weak_cipher_export: { category: 'tls', severity: 'critical', points: 25, cap: 20 },
  weak_cipher_null_anon: { category: 'tls', severity: 'critical', points: 25, cap: 20 },
  // No cap: the common case is a few static-RSA suites a browser never picks (severity low);
  // only a server without any forward-secret suite (high) is seriously exposed.
  no_forward_secrecy: { category: 'tls', severity: 'medium', points: { high: 10, medium: 5, low: 2 } },
  no_aead: { category: 'tls', severity: 'medium', points: 5, cap: 85 },
  weak_dh: { category: 'tls', severity: 'high', points: { critical: 15, high: 6 }, cap: 80 },
  cbc_only_tls12: { category: 'tls', severity: 'info', points: 0 },
  cert_expired: { category: 'tls', severity: 'critical', points: 30, cap: 30 },
  cert_not_yet_valid: { category: 'tls', severity: 'critical', points: 30, cap: 30 },
  cert_expiring_soon: { category: 'tls', severity: 'medium', points: { high: 6, medium: 3 } },
  cert_hostname_mismatch: { category: 'tls', severity: 'critical', points: 30, cap: 30 },
  cert_self_signed: { category: 'tls', severity: 'critical', points: 25, cap: 30 },
  cert_untrusted: { category: 'tls', severity: 'critical', points: 25, cap: 30 },
  cert_incomplete_chain: { category: 'tls', severity: 'high', points: 8, cap: 80 },
  cert_weak_key: { category: 'tls', severity: 'high', points: { critical: 20, high: 10 }, cap: 65 },
  cert_weak_signature: { category: 'tls', severity: 'high', points: { critical: 20, high: 10 }, cap: 65 },
  cert_long_validity: { category: 'tls', severity: 'info', points: 0 },
  tls_fallback_scsv_missing: { category: 'tls', severity: 'low', points: 1 },
  tls_secure_renegotiation_missing: { category: 'tls', severity: 'medium', points: 4 },
  tls_compression_enabled: { category: 'tls', severity: 'high', points: 8, cap: 80 },
};
