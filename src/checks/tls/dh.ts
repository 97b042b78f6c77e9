import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { TlsEvidence } from '../../model/tls.js';
import { acceptedSuites, listByProtocol, locationOf } from './shared.js';
import { describeDhViews } from './dh-groups.js';

/** Finite-field DHE with a group smaller than 2048 bits (Logjam territory below 1024). */
export const tlsDhCheck: Check = {
  name: 'tls/dh',
  category: 'tls',
  ids: ['weak_dh'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    if (tls.dhBits === null || tls.dhBits >= 2048) return [];
    const dhe = acceptedSuites(tls, (s) => s.kx === 'DHE');
    return [
      {
        id: 'weak_dh',
        severity: tls.dhBits < 1024 ? 'critical' : 'high',
        title: `DHE key exchange uses a ${tls.dhBits}-bit group`,
        evidence: [`Ephemeral DH group: ${tls.dhBits} bits`, describeDhViews(tls.dhGroups), listByProtocol(dhe)].filter(Boolean).join('\n'),
        location: locationOf(tls),
      },
    ];
  },
};
