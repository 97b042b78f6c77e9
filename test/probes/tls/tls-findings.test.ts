/**
 * Lab server → probe → checks → scoring, through the focused tool: each fixture must produce exactly
 * the findings it was built to show, and the healthy one none. Every TLS 1.3 server on Node 24's default
 * groups also accepts X25519MLKEM768, so those add the informational tls_pq_hybrid_supported.
 */
import { describe, expect, it } from 'vitest';
import type { LeafFixture, TlsLabCerts } from '../../lab/tls/certs.js';
import { tlsLabPerFile } from '../../lab/tls/lab-per-file.js';
import { CBC_ONLY, DHE_1024, LEGACY_TLS10_11, MODERN, STATIC_RSA_ONLY, startGnutls, startNodeTls, type NodeTlsConfig, type RunningServer } from '../../lab/tls/servers.js';
import { runTlsTool } from '../../../src/engine/index.js';

const lab = tlsLabPerFile();

async function findingIds(start: () => Promise<RunningServer>) {
  const server = await lab.start(start);
  const { report, evidence } = await runTlsTool(`localhost:${server.port}`, {
    allowPrivate: true,
    resolve: [`localhost:${server.port}:127.0.0.1`],
    ca: [lab.certs.rootPem],
    timeoutMs: 15_000,
  });
  expect(evidence.tls?.status).toBe('ok');
  return { ids: report.findings.map((f) => f.id).sort(), report };
}

const CERT_CASES: [keyof TlsLabCerts, string[]][] = [
  ['good', []],
  ['expired', ['cert_expired']],
  ['notYetValid', ['cert_not_yet_valid']],
  ['expiringSoon', ['cert_expiring_soon']],
  ['wrongHost', ['cert_hostname_mismatch']],
  ['selfSigned', ['cert_self_signed']],
  ['rsa1024', ['cert_weak_key']],
  ['sha1', ['cert_weak_signature']],
  // Lab certificates chain to a private (--ca) root: no public lifetime or CT rule applies.
  ['longValidity', []],
  ['withScts', []],
  // No AIA URL to fetch the intermediate from, and it is no known CA: the issuer is unknown, not merely
  // missing (issue 22). A chain AIA completes is cert_incomplete_chain (tls-trust.test.ts).
  ['missingIntermediate', ['cert_untrusted']],
];

const SERVER_CASES: [string, NodeTlsConfig, string[]][] = [
  [
    'TLS 1.0 + 1.1',
    LEGACY_TLS10_11,
    ['no_aead', 'no_forward_secrecy', 'tls12_missing', 'tls13_missing', 'tls_beast_cbc_tls10', 'tls_lucky13_cbc', 'tls_no_browser_can_connect', 'tls_protocol_tls10', 'tls_protocol_tls11'],
  ],
  // AES128-SHA256 is a CBC suite: LUCKY13 (informational).
  ['static RSA only', STATIC_RSA_ONLY, ['no_forward_secrecy', 'tls13_missing', 'tls_lucky13_cbc']],
  ['CBC only', CBC_ONLY, ['cbc_only_tls12', 'no_aead', 'tls13_missing', 'tls_lucky13_cbc']],
  // Oakley group 2, the shared 1024-bit prime of the Logjam paper.
  ['DHE 1024', DHE_1024, ['tls13_missing', 'tls_dh_known_prime', 'weak_dh']],
];

describe('lab fixtures produce exactly their findings', () => {
  it.each(CERT_CASES)('certificate %s → %j', async (leaf, expected) => {
    const { ids } = await findingIds(() => startNodeTls(lab.certs[leaf] as LeafFixture, MODERN));
    expect(ids).toEqual([...expected, 'tls_pq_hybrid_supported'].sort());
  });

  it.each(SERVER_CASES)('server %s', async (_name, config, expected) => {
    const { ids } = await findingIds(() => startNodeTls(lab.certs.good, config));
    expect(ids).toEqual(expected);
  });

  it('gnutls RC4 + 3DES', async () => {
    const { ids, report } = await findingIds(() => startGnutls(lab.certs.good));
    // GnuTLS 3.7 speaks TLS 1.3 but has no ML-KEM hybrids: every one is refused. gnutls-serv lets the
    // client renegotiate (safely, RFC 5746), and offers CBC on TLS 1.0 (BEAST) and everywhere (LUCKY13).
    expect(ids).toEqual(['no_forward_secrecy', 'tls_beast_cbc_tls10', 'tls_client_renegotiation', 'tls_lucky13_cbc', 'tls_pq_hybrid_missing', 'tls_protocol_tls10', 'tls_protocol_tls11', 'weak_cipher_3des', 'weak_cipher_rc4']);
    expect(report.caps.map((c) => c.id).sort()).toEqual(['tls_protocol_tls10', 'tls_protocol_tls11', 'weak_cipher_3des', 'weak_cipher_rc4']);
  });

  it('the severity of an expiring certificate says how soon', async () => {
    const { report } = await findingIds(() => startNodeTls(lab.certs.expiringSoon, MODERN));
    expect(report.findings[0]).toMatchObject({ id: 'cert_expiring_soon', severity: 'high', pointsLost: 6 });
    expect(report.findings[0]!.title).toMatch(/expires in [45] day/);
  });
});
