import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { TlsEvidence, TlsProtocol } from '../../model/tls.js';
import { isSupported, locationOf } from './shared.js';

const LEGACY: [TlsProtocol, string, string][] = [
  ['SSLv2', 'tls_protocol_ssl2', 'SSL 2.0 is enabled'],
  ['SSLv3', 'tls_protocol_ssl3', 'SSL 3.0 is enabled'],
  ['TLSv1.0', 'tls_protocol_tls10', 'TLS 1.0 is enabled'],
  ['TLSv1.1', 'tls_protocol_tls11', 'TLS 1.1 is enabled'],
];

/** Which protocol versions answer: legacy ones enabled, modern ones missing. */
export const tlsProtocolsCheck: Check = {
  name: 'tls/protocols',
  category: 'tls',
  ids: ['tls_protocol_ssl2', 'tls_protocol_ssl3', 'tls_protocol_tls10', 'tls_protocol_tls11', 'tls12_missing', 'tls13_missing'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    const location = locationOf(tls);
    const results: CheckResult[] = [];
    const answer = (p: TlsProtocol) => tls.protocols.find((x) => x.protocol === p)?.answer ?? 'not tested';
    for (const [protocol, id, title] of LEGACY) {
      if (isSupported(tls, protocol)) results.push({ id, title, evidence: `${protocol} hello answered: ${answer(protocol)}`, location });
    }
    const tls12 = tls.protocols.find((p) => p.protocol === 'TLSv1.2');
    const tls13 = tls.protocols.find((p) => p.protocol === 'TLSv1.3');
    // A TLS 1.3-only server is modern, not broken: TLS 1.2 is "missing" only when nothing newer answers.
    if (tls12?.supported === false && tls13?.supported === false) {
      results.push({
        id: 'tls12_missing',
        title: 'Neither TLS 1.2 nor TLS 1.3 is supported',
        evidence: `TLSv1.2 hello answered: ${tls12.answer}\nTLSv1.3 hello answered: ${tls13.answer}`,
        location,
      });
    }
    if (tls13?.supported === false) {
      results.push({ id: 'tls13_missing', title: 'TLS 1.3 is not supported', evidence: `TLSv1.3 hello answered: ${tls13.answer}`, location });
    }
    return results;
  },
};
