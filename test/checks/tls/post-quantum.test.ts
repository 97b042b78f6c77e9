import { describe, expect, it } from 'vitest';
import { tlsPostQuantumCheck } from '../../../src/checks/tls/post-quantum.js';
import type { PostQuantumEvidence, TlsEvidence } from '../../../src/model/tls.js';
import { SCORING_TABLE } from '../../../src/scoring/table.js';
import { NOW, evidenceOf, modernTls } from './fixtures.js';

const run = (tls: TlsEvidence) => tlsPostQuantumCheck.run(evidenceOf(tls), { now: NOW });

function withPq(accepted: (boolean | null)[], preferred: PostQuantumEvidence['preferred']): TlsEvidence {
  const tls = modernTls();
  const names = ['X25519MLKEM768', 'SecP256r1MLKEM768', 'SecP384r1MLKEM1024'];
  tls.postQuantum = {
    groups: names.map((group, i) => ({
      group,
      code: [0x11ec, 0x11eb, 0x11ed][i]!,
      accepted: accepted[i]!,
      answer: accepted[i] ? `HelloRetryRequest for ${group}` : accepted[i] === false ? 'alert 40 handshake_failure' : 'no answer within the time limit (0 bytes received)',
    })),
    preferred,
    preferredAnswer: preferred ? `HelloRetryRequest for ${preferred.group}` : 'no answer within the time limit (0 bytes received)',
  };
  return tls;
}

describe('post-quantum check', () => {
  it('reports accepted hybrids and the preferred one, informational and free of points', () => {
    const [r, ...rest] = run(withPq([true, false, true], { group: 'X25519MLKEM768', code: 0x11ec, hybrid: true }));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({
      id: 'tls_pq_hybrid_supported',
      title: 'The server accepts post-quantum hybrid key exchange (X25519MLKEM768, SecP384r1MLKEM1024) and prefers X25519MLKEM768',
      location: 'www.example.com:443',
    });
    expect(r!.evidence).toContain('SecP256r1MLKEM768: refused (alert 40 handshake_failure)');
    expect(r!.evidence).toContain('Preferred group (offered with x25519, secp256r1 and secp384r1, no key share): X25519MLKEM768');
    expect(SCORING_TABLE.tls_pq_hybrid_supported).toMatchObject({ severity: 'info', points: 0 });
    expect(SCORING_TABLE.tls_pq_hybrid_missing).toMatchObject({ severity: 'info', points: 0 });
    expect(SCORING_TABLE.tls_pq_hybrid_supported!.cap).toBeUndefined();
  });

  it('says so when the server accepts a hybrid but prefers a classical group', () => {
    const [r] = run(withPq([true, false, false], { group: 'x25519', code: 0x1d, hybrid: false }));
    expect(r!.title).toBe('The server accepts post-quantum hybrid key exchange (X25519MLKEM768), but prefers the classical x25519');
  });

  it('leaves the preference out when it could not be told', () => {
    const [r] = run(withPq([true, null, null], null));
    expect(r!.title).toBe('The server accepts post-quantum hybrid key exchange (X25519MLKEM768)');
    expect(r!.evidence).toContain('SecP256r1MLKEM768: could not tell');
    expect(r!.evidence).toContain('Preferred group: not known (no answer within the time limit');
  });

  it('calls hybrids missing only when every one was refused outright', () => {
    expect(run(withPq([false, false, false], { group: 'x25519', code: 0x1d, hybrid: false })).map((r) => r.id)).toEqual(['tls_pq_hybrid_missing']);
    expect(run(withPq([false, null, false], { group: 'x25519', code: 0x1d, hybrid: false }))).toEqual([]);
  });

  it('says nothing without TLS 1.3, or on evidence recorded before post-quantum groups were probed', () => {
    const none = modernTls();
    none.postQuantum = null;
    expect(run(none)).toEqual([]);
    const old = modernTls() as Partial<TlsEvidence>;
    delete old.postQuantum;
    expect(run(old as TlsEvidence)).toEqual([]);
  });
});
