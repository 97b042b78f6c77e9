import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { TlsEvidence } from '../../model/tls.js';
import { locationOf } from './shared.js';

/** Downgrade protection, renegotiation safety and TLS compression. */
export const tlsHandshakeFeaturesCheck: Check = {
  name: 'tls/handshake-features',
  category: 'tls',
  ids: ['tls_fallback_scsv_missing', 'tls_secure_renegotiation_missing', 'tls_compression_enabled'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    const location = locationOf(tls);
    const results: CheckResult[] = [];
    if (tls.fallbackScsv === 'not_supported') {
      results.push({
        id: 'tls_fallback_scsv_missing',
        title: 'TLS_FALLBACK_SCSV is ignored: protocol downgrades are not refused',
        evidence: 'A hello for the second-highest supported version carrying TLS_FALLBACK_SCSV got a ServerHello instead of alert 86 (inappropriate_fallback)',
        location,
      });
    }
    if (tls.secureRenegotiation === false) {
      results.push({
        id: 'tls_secure_renegotiation_missing',
        title: 'Secure renegotiation (RFC 5746) is not supported',
        evidence: 'The ServerHello carried no renegotiation_info extension although the hello offered it',
        location,
      });
    }
    if (tls.compression === true) {
      results.push({
        id: 'tls_compression_enabled',
        title: 'TLS compression is enabled (CRIME)',
        evidence: 'The server chose DEFLATE when the hello offered DEFLATE and null compression',
        location,
      });
    }
    return results;
  },
};
