import type { RuleSet } from '../rule.js';

/**
 * TLS protocols, ciphers and certificates, scored in the TLS & HTTPS category (weight 30).
 * Caps follow the one rule of scoring/caps.ts, by the kind of failure each finding proves at the
 * severity the check reports: what breaks confidentiality outright (SSL 2.0, EXPORT/NULL/anonymous
 * suites, DH under 1024 bits) or makes the site impersonable (an invalid or forgeable certificate)
 * caps below every passing grade; broken legacy crypto that current browsers refuse caps at C, legacy
 * configuration at B, as SSL Labs grades them.
 */
export const TLS_RULES: RuleSet = {
  // HTTPS that only speaks what current browsers refuse serves no visitor: as costly as none (no_https's class).
  tls_no_browser_can_connect: { category: 'tls', severity: 'critical', points: 30, cap: { critical: 'no_confidentiality' } },
  tls_protocol_ssl2: { category: 'tls', severity: 'critical', points: 30, cap: { critical: 'no_confidentiality' } },
  // SSL Labs and testssl.sh cap SSL 3.0 (POODLE) at C: every current browser refuses it, so it is high, not critical.
  tls_protocol_ssl3: { category: 'tls', severity: 'high', points: 20, cap: { high: 'broken_legacy' } },
  tls_protocol_tls10: { category: 'tls', severity: 'medium', points: 4, cap: { medium: 'legacy' } },
  tls_protocol_tls11: { category: 'tls', severity: 'medium', points: 3, cap: { medium: 'legacy' } },
  tls12_missing: { category: 'tls', severity: 'high', points: 10, cap: { high: 'broken_legacy' } },
  tls13_missing: { category: 'tls', severity: 'low', points: 2 },
  weak_cipher_rc4: { category: 'tls', severity: 'high', points: 8, cap: { high: 'broken_legacy' } },
  // Medium: 3DES (SWEET32); high: single DES, 56-bit keys.
  weak_cipher_3des: { category: 'tls', severity: 'medium', points: { medium: 4, high: 8 }, cap: { medium: 'legacy', high: 'broken_legacy' } },
  weak_cipher_export: { category: 'tls', severity: 'critical', points: 25, cap: { critical: 'no_confidentiality' } },
  weak_cipher_null_anon: { category: 'tls', severity: 'critical', points: 25, cap: { critical: 'no_confidentiality' } },
  // Low or medium: a few static-RSA suites a browser never picks, or prefers; high: no forward-secret
  // suite at all, which SSL Labs caps at B.
  no_forward_secrecy: { category: 'tls', severity: 'medium', points: { high: 10, medium: 5, low: 2 }, cap: { high: 'legacy' } },
  no_aead: { category: 'tls', severity: 'medium', points: 5, cap: { medium: 'legacy' } },
  // Critical: a group under 1024 bits (Logjam); high: 1024 to 2047 bits.
  weak_dh: { category: 'tls', severity: 'high', points: { critical: 15, high: 6 }, cap: { critical: 'no_confidentiality', high: 'legacy' } },
  // A well-known (shared) prime: testssl.sh's levels (up to 800 bits critical, 1024 high, 1536 low).
  // Critical caps like weak_dh's critical (SSL Labs: key exchange under 1024 bits fails); high like weak_dh's high.
  tls_dh_known_prime: { category: 'tls', severity: 'high', points: { critical: 10, high: 5, low: 1 }, cap: { critical: 'no_confidentiality', high: 'legacy' } },
  // Medium: p not a safe prime (small subgroups); low: an RFC 5114 group, not safe by design. No cap: no rating guide grades it.
  tls_dh_unsafe_prime: { category: 'tls', severity: 'medium', points: { medium: 3, low: 1 } },
  // A composite modulus makes the discrete logarithm easy for whoever knows its factors: no confidentiality.
  tls_dh_composite: { category: 'tls', severity: 'critical', points: 20, cap: { critical: 'no_confidentiality' } },
  cbc_only_tls12: { category: 'tls', severity: 'info', points: 0 },
  cert_expired: { category: 'tls', severity: 'critical', points: 30, cap: { critical: 'impersonable' } },
  cert_not_yet_valid: { category: 'tls', severity: 'critical', points: 30, cap: { critical: 'impersonable' } },
  cert_expiring_soon: { category: 'tls', severity: 'medium', points: { high: 6, medium: 3 } },
  cert_hostname_mismatch: { category: 'tls', severity: 'critical', points: 30, cap: { critical: 'impersonable' } },
  cert_self_signed: { category: 'tls', severity: 'critical', points: 25, cap: { critical: 'impersonable' } },
  cert_untrusted: { category: 'tls', severity: 'critical', points: 25, cap: { critical: 'impersonable' } },
  cert_incomplete_chain: { category: 'tls', severity: 'high', points: 8, cap: { high: 'legacy' } },
  // A chain to a compromised, development or intercepting-proxy root: anyone holding that key can impersonate the site (impersonable, as cert_untrusted).
  cert_interception_root: { category: 'tls', severity: 'critical', points: 25, cap: { critical: 'impersonable' } },
  // The CA withdrew its word: browsers that check revocation refuse the certificate, and a revoked key may be in other hands (impersonable, as SSL Labs' "T: revoked").
  cert_revoked: { category: 'tls', severity: 'critical', points: 30, cap: { critical: 'impersonable' } },
  // Firefox refuses a must-staple certificate served without a staple (RFC 7633 hard fail); other browsers ignore the flag.
  cert_must_staple_missing_staple: { category: 'tls', severity: 'high', points: 8 },
  // Information only: OCSP is being retired (Let's Encrypt ended it in 2025) and browsers do not require stapling.
  tls_ocsp_stapling_missing: { category: 'tls', severity: 'info', points: 0 },
  // Critical: an RSA key under 1024 bits (or EC under 160); high: under 2048 bits, or DSA.
  cert_weak_key: { category: 'tls', severity: 'high', points: { critical: 20, high: 10 }, cap: { critical: 'impersonable', high: 'legacy' } },
  // Critical: MD5 or MD2; high: SHA-1.
  cert_weak_signature: { category: 'tls', severity: 'high', points: { critical: 20, high: 10 }, cap: { critical: 'impersonable', high: 'broken_legacy' } },
  // Over 398 days browsers reject the certificate (high); over a newer SC-081 step it was mis-issued and the CA must revoke it (medium).
  cert_long_validity: { category: 'tls', severity: 'high', points: { high: 10, medium: 4 } },
  cert_no_sct: { category: 'tls', severity: 'medium', points: 4 },
  tls_fallback_scsv_missing: { category: 'tls', severity: 'low', points: 1 },
  tls_secure_renegotiation_missing: { category: 'tls', severity: 'medium', points: 4 },
  // CRIME: testssl.sh caps at C.
  tls_compression_enabled: { category: 'tls', severity: 'high', points: 8, cap: { high: 'broken_legacy' } },
  // Post-quantum hybrid key exchange: reported either way, scored neither way (no client fails without it today).
  tls_pq_hybrid_supported: { category: 'tls', severity: 'info', points: 0 },
  tls_pq_hybrid_missing: { category: 'tls', severity: 'info', points: 0 },
  // Named vulnerabilities found by an active test. SSL Labs' rating guide and testssl.sh cap each at F.
  // Heartbleed: anyone, without intercepting anything, reads the server's memory (private key, cookies).
  tls_heartbleed: { category: 'tls', severity: 'critical', points: 30, cap: { critical: 'compromised' } },
  // CCS injection: critical, not high. An interceptor who meets a client that also takes an early CCS
  // (OpenSSL clients before 1.0.1h: API clients, not browsers) reads and alters the traffic, and one
  // probe cannot tell SSL Labs' "exploitable" from "not exploitable"; the same kind as a forgeable
  // certificate (an interceptor is needed), so its class. SSL Labs caps the exploitable case at F.
  tls_ccs_injection: { category: 'tls', severity: 'critical', points: 25, cap: { critical: 'impersonable' } },
  // ROBOT: a strong oracle decrypts recorded RSA key exchanges (SSL Labs: F since March 2018); a weak
  // oracle needs far more queries (the ROBOT paper), so high and capped at C like other broken legacy crypto.
  tls_robot: { category: 'tls', severity: 'critical', points: { critical: 25, high: 10 }, cap: { critical: 'no_confidentiality', high: 'broken_legacy' } },
  // Ticketbleed: like Heartbleed, anyone reads server memory (31 bytes per hello, session secrets among
  // them) without intercepting anything; SSL Labs' rating guide caps Ticketbleed at F. Same class as Heartbleed.
  tls_ticketbleed: { category: 'tls', severity: 'critical', points: 25, cap: { critical: 'compromised' } },
  // Named vulnerabilities (checks/tls/vulnerability-table.ts). Client-initiated renegotiation lets one
  // client make the server do a full private-key handshake per request on one connection (CPU
  // amplification for a DoS): testssl.sh rates it MEDIUM; SSL Labs shows it but does not cap, so no cap.
  tls_client_renegotiation: { category: 'tls', severity: 'medium', points: 3 },
  // Without RFC 7627 a TLS 1.2 master secret is not bound to its handshake (triple handshake, 2014);
  // browsers demand it only in FIPS mode, so low.
  tls_no_extended_master_secret: { category: 'tls', severity: 'low', points: 1 },
  // 0-RTT data can be replayed; whether that matters depends on how the application treats early
  // requests (RFC 8470's 425 Too Early), which a scan cannot see: reported, not scored.
  tls_early_data_accepted: { category: 'tls', severity: 'info', points: 0 },
  // BEAST: every browser splits records 1/n-1 since 2012, and TLS 1.0 is scored on its own.
  tls_beast_cbc_tls10: { category: 'tls', severity: 'info', points: 0 },
  // LUCKY13: a timing side channel patched in every maintained TLS stack; CBC is already weighed by no_aead / cbc_only_tls12.
  tls_lucky13_cbc: { category: 'tls', severity: 'info', points: 0 },
  // BREACH is a property of the application's pages, not of TLS, and has no server-side fix that fits every site.
  http_breach_possible: { category: 'tls', severity: 'info', points: 0 },
};
