import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { TlsEvidence } from '../../model/tls.js';
import { browserReach } from './browser-reach.js';
import { locationOf } from './shared.js';

/**
 * A server that accepts only what current browsers refuse: its HTTPS exists but serves no visitor. One finding says so (critical, with the same cap as no_https), beside the protocol and
 * cipher findings that name each legacy piece; the site is never told it has no HTTPS.
 */
export const tlsNoBrowserCheck: Check = {
  name: 'tls/no-browser',
  category: 'tls',
  ids: ['tls_no_browser_can_connect'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    const reach = browserReach(tls);
    if (reach.reachable !== false) return [];
    const answers = tls.protocols.filter((p) => p.protocol !== 'SSLv2' || p.supported).map((p) => `${p.protocol} hello answered: ${p.answer}`);
    const tls12 = tls.ciphers.find((c) => c.protocol === 'TLSv1.2' && c.suites.length);
    const suites = tls12 ? [`TLSv1.2 suites accepted: ${tls12.suites.map((s) => s.name).join(', ')}`] : [];
    return [
      {
        id: 'tls_no_browser_can_connect',
        title: `Current browsers cannot connect: the server accepts ${reach.accepts}`,
        evidence: [...answers, ...suites].join('\n'),
        location: locationOf(tls),
      },
    ];
  },
};
