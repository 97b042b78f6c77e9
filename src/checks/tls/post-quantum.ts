import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { PostQuantumEvidence, TlsEvidence } from '../../model/tls.js';
import { locationOf } from './shared.js';

/**
 * Post-quantum hybrid key exchange (ML-KEM combined with a classical group), both ways informational:
 * accepting it protects recorded traffic against a future quantum computer ("harvest now, decrypt
 * later"), but no browser fails without it today, so its absence costs no points.
 */
export const tlsPostQuantumCheck: Check = {
  name: 'tls/post-quantum',
  category: 'tls',
  ids: ['tls_pq_hybrid_supported', 'tls_pq_hybrid_missing'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    // Absent in evidence recorded before this was measured; null when TLS 1.3 did not answer (tls13_missing says that).
    const pq = tls.postQuantum ?? null;
    if (!pq) return [];
    const accepted = pq.groups.filter((g) => g.accepted === true).map((g) => g.group);
    const results: CheckResult[] = [];
    if (accepted.length > 0) {
      results.push({
        id: 'tls_pq_hybrid_supported',
        title: `The server accepts post-quantum hybrid key exchange (${accepted.join(', ')})${preferenceWords(pq)}`,
        evidence: proof(pq),
        location: locationOf(tls),
      });
    } else if (pq.groups.every((g) => g.accepted === false)) {
      // Only when every hybrid was refused outright: an unanswered hello is not proof of absence.
      results.push({
        id: 'tls_pq_hybrid_missing',
        title: 'The server does not accept post-quantum hybrid key exchange',
        evidence: proof(pq),
        location: locationOf(tls),
      });
    }
    return results;
  },
};

function preferenceWords(pq: PostQuantumEvidence): string {
  if (!pq.preferred) return '';
  return pq.preferred.hybrid ? ` and prefers ${pq.preferred.group}` : `, but prefers the classical ${pq.preferred.group}`;
}

function proof(pq: PostQuantumEvidence): string {
  const lines = pq.groups.map((g) => `${g.group}: ${g.accepted === null ? 'could not tell' : g.accepted ? 'accepted' : 'refused'} (${g.answer})`);
  const offered = 'offered with x25519, secp256r1 and secp384r1, no key share';
  lines.push(pq.preferred ? `Preferred group (${offered}): ${pq.preferred.group}` : `Preferred group: not known (${pq.preferredAnswer})`);
  return lines.join('\n');
}
