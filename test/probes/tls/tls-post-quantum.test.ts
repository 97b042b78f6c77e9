/**
 * Post-quantum hybrid groups against real Node 24 (OpenSSL 3.5) servers on loopback: the default
 * group list, a classical-only list, and one that accepts hybrids but prefers a classical group.
 */
import { describe, expect, it } from 'vitest';
import { tlsLabPerFile } from '../../lab/tls/lab-per-file.js';
import { MODERN, startNodeTls, type NodeTlsConfig } from '../../lab/tls/servers.js';
import { probeTls } from '../../../src/probes/tls.js';
import { tlsPostQuantumCheck } from '../../../src/checks/tls/post-quantum.js';
import type { TlsEvidence } from '../../../src/model/tls.js';
import { evidenceOf } from '../../checks/tls/fixtures.js';

const lab = tlsLabPerFile();

async function probe(config: NodeTlsConfig): Promise<TlsEvidence> {
  const server = await lab.start(() => startNodeTls(lab.certs.good, config));
  const result = await probeTls({ host: 'localhost', port: server.port, address: '127.0.0.1', ca: [lab.certs.rootPem], handshakeTimeoutMs: 10_000 });
  if (result.status !== 'ok') throw new Error(`probe unavailable: ${result.reason}`);
  return result.data;
}

const accepted = (e: TlsEvidence) => e.postQuantum?.groups.filter((g) => g.accepted).map((g) => g.group);
const findings = (e: TlsEvidence) => tlsPostQuantumCheck.run(evidenceOf(e), { now: new Date() });

describe('post-quantum hybrid key exchange against lab servers', () => {
  it("Node 24's default groups: X25519MLKEM768 accepted and preferred, the other hybrids refused", async () => {
    const e = await probe(MODERN);
    expect(e.postQuantum?.groups).toEqual([
      { group: 'X25519MLKEM768', code: 0x11ec, accepted: true, answer: 'HelloRetryRequest for X25519MLKEM768' },
      { group: 'SecP256r1MLKEM768', code: 0x11eb, accepted: false, answer: 'alert 40 handshake_failure' },
      { group: 'SecP384r1MLKEM1024', code: 0x11ed, accepted: false, answer: 'alert 40 handshake_failure' },
    ]);
    expect(e.postQuantum?.preferred).toEqual({ group: 'X25519MLKEM768', code: 0x11ec, hybrid: true });
    const [f] = findings(e);
    expect(f).toMatchObject({ id: 'tls_pq_hybrid_supported', title: 'The server accepts post-quantum hybrid key exchange (X25519MLKEM768) and prefers X25519MLKEM768' });
  });

  it('a classical-only group list: every hybrid refused, x25519 preferred, hybrids reported missing', async () => {
    const e = await probe({ ...MODERN, ecdhCurve: 'X25519:P-256:P-384' });
    expect(accepted(e)).toEqual([]);
    expect(e.postQuantum?.preferred).toEqual({ group: 'x25519', code: 0x1d, hybrid: false });
    expect(findings(e).map((f) => f.id)).toEqual(['tls_pq_hybrid_missing']);
  });

  it('hybrids accepted but a classical group first: the preference says so', async () => {
    const e = await probe({ ...MODERN, ecdhCurve: 'P-256:SecP384r1MLKEM1024:SecP256r1MLKEM768' });
    expect(accepted(e)).toEqual(['SecP256r1MLKEM768', 'SecP384r1MLKEM1024']);
    expect(e.postQuantum?.preferred).toEqual({ group: 'secp256r1', code: 0x17, hybrid: false });
    expect(findings(e)[0]!.title).toBe('The server accepts post-quantum hybrid key exchange (SecP256r1MLKEM768, SecP384r1MLKEM1024), but prefers the classical secp256r1');
  });

  it('a TLS 1.2-only server is not asked (the hybrids exist only in TLS 1.3)', async () => {
    const e = await probe({ ...MODERN, maxVersion: 'TLSv1.2' });
    expect(e.postQuantum).toBeNull();
    expect(findings(e)).toEqual([]);
  });
});
