/**
 * TLS versions and cipher suites of each MX, judged as internet.nl's mail test judges them (NCSC-NL
 * TLS guidelines): TLS 1.2 and 1.3 are good; TLS 1.0 and 1.1 are "phase out" (offered beside a good
 * version: a notice), and a server that speaks nothing better is insufficient. Suites without
 * encryption strength (NULL, EXPORT, RC4, DES, 3DES, anonymous) are insufficient; RSA key exchange
 * (no forward secrecy) is "phase out".
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { mail, mailCannotJudge, tlsMxs } from './common.js';

const LEGACY = new Set(['TLSv1.0', 'TLSv1.1', 'SSLv3']);
const GOOD = new Set(['TLSv1.2', 'TLSv1.3']);

/** Insufficient suites by their IANA or OpenSSL name. */
const INSUFFICIENT = /NULL|EXPORT|EXP-|RC4|_DES_|DES-CBC-|3DES|DES_EDE|DES-CBC3|_anon_|ADH|AECDH/i;
/** RSA key exchange: IANA TLS_RSA_WITH_…, OpenSSL names without a key-exchange prefix (AES128-SHA …). */
const NO_FORWARD_SECRECY = /^TLS_RSA_WITH_|^(AES|CAMELLIA|SEED|IDEA|ARIA)[0-9A-Z-]*$/i;

export const mxProtocolCheck: Check = {
  name: 'mail/protocols',
  category: 'dns',
  ids: ['mail_tls_legacy_only', 'mail_tls_legacy_offered', 'mail_tls_weak_cipher'],
  reads: ['mail'],
  topic: 'mail transport',
  cannotJudge: mailCannotJudge,
  run(evidence) {
    const m = mail(evidence);
    const out: CheckResult[] = [];
    for (const mx of tlsMxs(m)) {
      const t = mx.tls;
      const accepted = t.versions.filter((v) => v.accepted === true).map((v) => v.protocol);
      if (!accepted.includes(t.protocol)) accepted.push(t.protocol);
      const legacy = accepted.filter((p) => LEGACY.has(p));
      const where = `${mx.host} (${mx.address ?? '?'})`;
      const versionLines = t.versions.map((v) => `${v.protocol}: ${v.accepted === true ? `accepted${v.cipher ? ` (${v.cipher})` : ''}` : v.accepted === false ? 'refused' : `unknown${v.note ? ` (${v.note})` : ''}`}`);
      if (!accepted.some((p) => GOOD.has(p))) {
        out.push({
          id: 'mail_tls_legacy_only',
          title: `MX ${mx.host} speaks only ${legacy.join(' and ') || t.protocol}: no TLS 1.2 or 1.3`,
          evidence: [`${where} after STARTTLS negotiated ${t.protocol} with ${t.cipher}`, ...versionLines].join('\n'),
          location: mx.host,
        });
      } else if (legacy.length) {
        out.push({
          id: 'mail_tls_legacy_offered',
          title: `MX ${mx.host} still accepts ${legacy.join(' and ')} beside ${accepted.filter((p) => GOOD.has(p)).join(' and ')}`,
          evidence: [where, ...versionLines].join('\n'),
          location: mx.host,
        });
      }
      const suites = [...new Set([t.cipher, ...t.versions.filter((v) => v.accepted === true && v.cipher).map((v) => v.cipher!)])];
      const bad = suites.filter((s) => INSUFFICIENT.test(s));
      const noPfs = suites.filter((s) => !INSUFFICIENT.test(s) && NO_FORWARD_SECRECY.test(s));
      if (bad.length || noPfs.length) {
        out.push({
          id: 'mail_tls_weak_cipher',
          severity: bad.length ? 'medium' : 'low',
          title: bad.length
            ? `MX ${mx.host} chose a cipher suite without adequate strength: ${bad.join(', ')}`
            : `MX ${mx.host} chose RSA key exchange (no forward secrecy): ${noPfs.join(', ')}`,
          evidence: [`${where}: suites the server chose`, ...suites.map((s) => `  ${s}${bad.includes(s) ? ' (insufficient)' : noPfs.includes(s) ? ' (no forward secrecy)' : ''}`)].join('\n'),
          location: mx.host,
        });
      }
    }
    return out;
  },
};
