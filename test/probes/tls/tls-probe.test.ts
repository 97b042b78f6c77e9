import { describe, expect, it } from 'vitest';
import type { TlsLabCerts } from '../../lab/tls/certs.js';
import { tlsLabPerFile } from '../../lab/tls/lab-per-file.js';
import {
  CBC_ONLY,
  DHE_1024,
  LEGACY_TLS10_11,
  MODERN,
  STATIC_RSA_ONLY,
  TLS13_ONLY,
  startGnutls,
  startNodeTls,
  type RunningServer,
} from '../../lab/tls/servers.js';
import { probeTls } from '../../../src/probes/tls.js';
import type { TlsEvidence } from '../../../src/model/tls.js';

const lab = tlsLabPerFile();

async function probe(start: () => Promise<RunningServer>, host = 'localhost'): Promise<TlsEvidence> {
  const server = await lab.start(start);
  const result = await probeTls({ host, port: server.port, address: '127.0.0.1', ca: [lab.certs.rootPem], handshakeTimeoutMs: 10_000 });
  if (result.status !== 'ok') throw new Error(`probe unavailable: ${result.reason}`);
  return result.data;
}

const supported = (e: TlsEvidence) => e.protocols.filter((p) => p.supported).map((p) => p.protocol);
const suites = (e: TlsEvidence, protocol: string) => e.ciphers.find((c) => c.protocol === protocol)?.suites.map((s) => s.name) ?? [];

describe('TLS probe against lab servers', () => {
  it('modern server: TLS 1.2 + 1.3, ECDHE AEAD suites in server order, trusted chain, SCSV, secure renegotiation', async () => {
    const e = await probe(() => startNodeTls(lab.certs.good, MODERN));
    expect(supported(e)).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(suites(e, 'TLSv1.2')).toEqual([
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    ]);
    expect(suites(e, 'TLSv1.3')).toEqual(['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']);
    expect(e.ciphers.find((c) => c.protocol === 'TLSv1.2')?.serverPreference).toBe(true);
    expect(e.fallbackScsv).toBe('supported');
    expect(e.secureRenegotiation).toBe(true);
    expect(e.compression).toBe(false);
    expect(e.ocspStapled).toBe(false);
    expect(e.sni).toBe('localhost');
    expect(e.defaultClient).toMatchObject({ status: 'ok', data: { protocol: 'TLSv1.3', suite: 'TLS_AES_256_GCM_SHA384' } });
    expect(e.certificate.status).toBe('ok');
    if (e.certificate.status !== 'ok') return;
    const cert = e.certificate.data;
    expect(cert.trusted).toBe(true);
    expect(cert.chain.map((c) => c.subject)).toEqual(['CN=localhost', 'CN=Scorifya TLS Lab Intermediate', 'CN=Scorifya TLS Lab Root']);
    expect(cert.chain[0]).toMatchObject({
      subjectAltNames: ['DNS:localhost', 'IP:127.0.0.1'],
      publicKey: { algorithm: 'RSA', bits: 2048 },
      signatureAlgorithm: 'sha256WithRSAEncryption',
      signatureHash: 'SHA-256',
      isCA: false,
      selfSigned: false,
    });
    expect(cert.chain[2]!.selfSigned).toBe(true);
  });

  it('TLS 1.3-only server: one version, fallback SCSV not applicable, no renegotiation answer', async () => {
    const e = await probe(() => startNodeTls(lab.certs.good, TLS13_ONLY));
    expect(supported(e)).toEqual(['TLSv1.3']);
    expect(e.fallbackScsv).toBe('not_applicable');
    expect(e.secureRenegotiation).toBeNull();
    expect(e.compression).toBeNull();
  });

  it('TLS 1.0 + 1.1 server (SECLEVEL=0): both legacy versions and no TLS 1.2', async () => {
    const e = await probe(() => startNodeTls(lab.certs.good, LEGACY_TLS10_11));
    expect(supported(e)).toEqual(['TLSv1.0', 'TLSv1.1']);
    expect(e.protocols.find((p) => p.protocol === 'TLSv1.2')!.answer).toMatch(/TLSv1\.1/);
    expect(suites(e, 'TLSv1.0')).toEqual(['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA']);
    expect(e.defaultClient.status).toBe('unavailable');
    expect(e.certificate).toMatchObject({ status: 'ok', data: { protocol: 'TLSv1.1', trusted: true } });
  });

  it('static-RSA-only and CBC-only servers', async () => {
    const rsa = await probe(() => startNodeTls(lab.certs.good, STATIC_RSA_ONLY));
    expect(rsa.ciphers.flatMap((c) => c.suites).every((s) => s.kx === 'RSA' && !s.flags.includes('fs'))).toBe(true);
    expect(suites(rsa, 'TLSv1.2')).toEqual(['TLS_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA256']);
    const cbc = await probe(() => startNodeTls(lab.certs.good, CBC_ONLY));
    expect(cbc.ciphers.flatMap((c) => c.suites).every((s) => s.flags.includes('cbc'))).toBe(true);
    expect(suites(cbc, 'TLSv1.2')).toHaveLength(3);
  });

  it('measures a 1024-bit DHE group', async () => {
    const e = await probe(() => startNodeTls(lab.certs.good, DHE_1024));
    expect(suites(e, 'TLSv1.2')).toContain('TLS_DHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(e.dhBits).toBe(1024);
  });

  it('finds RC4 and 3DES on gnutls-serv, which OpenSSL 3 cannot offer', async () => {
    const e = await probe(() => startGnutls(lab.certs.good));
    expect(supported(e)).toEqual(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    for (const v of ['TLSv1.0', 'TLSv1.1', 'TLSv1.2']) {
      expect(suites(e, v)).toContain('TLS_RSA_WITH_RC4_128_SHA');
      expect(suites(e, v)).toContain('TLS_RSA_WITH_3DES_EDE_CBC_SHA');
    }
    expect(e.ciphers.every((c) => c.complete)).toBe(true);
  });

  it('describes each certificate problem as facts', async () => {
    const run = async (leaf: keyof TlsLabCerts, host = 'localhost') => {
      const e = await probe(() => startNodeTls(lab.certs[leaf] as TlsLabCerts['good'], MODERN), host);
      if (e.certificate.status !== 'ok') throw new Error(e.certificate.reason);
      return e.certificate.data;
    };
    expect(await run('expired')).toMatchObject({ trusted: false, verifyError: 'CERT_HAS_EXPIRED' });
    expect(await run('notYetValid')).toMatchObject({ trusted: false, verifyError: 'CERT_NOT_YET_VALID' });
    const self = await run('selfSigned');
    expect(self).toMatchObject({ trusted: false, verifyError: 'DEPTH_ZERO_SELF_SIGNED_CERT', servedCount: 1 });
    expect(self.chain[0]!.selfSigned).toBe(true);
    expect(await run('missingIntermediate')).toMatchObject({ trusted: false, verifyError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', servedCount: 1 });
    expect((await run('rsa1024')).chain[0]!.publicKey).toEqual({ algorithm: 'RSA', bits: 1024 });
    expect((await run('sha1')).chain[0]).toMatchObject({ signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'SHA-1' });
    const wrong = await run('wrongHost');
    expect(wrong.chain[0]!.subjectAltNames).toEqual(['DNS:wrong.example']);
    expect(wrong.trusted).toBe(true);
    const soon = await run('expiringSoon');
    expect(Date.parse(soon.chain[0]!.notAfter) - Date.now()).toBeLessThan(6 * 86_400_000);
  });

  it('reads embedded SCTs, and knows a --ca root is not a public one', async () => {
    const run = async (leaf: keyof TlsLabCerts) => {
      const e = await probe(() => startNodeTls(lab.certs[leaf] as TlsLabCerts['good'], MODERN));
      if (e.certificate.status !== 'ok') throw new Error(e.certificate.reason);
      return e.certificate.data;
    };
    const withScts = await run('withScts');
    expect(withScts.anchor).toBe('private');
    const { scts, error } = withScts.chain[0]!.embeddedScts!;
    expect(error).toBeUndefined();
    expect(scts.map((s) => s.logId)).toEqual([Buffer.alloc(32, 0x11).toString('base64'), Buffer.alloc(32, 0x22).toString('base64')]);
    expect(scts.every((s) => s.version === 0 && Math.abs(Date.parse(s.timestamp!) - (Date.now() - 86_400_000)) < 600_000)).toBe(true);
    const good = await run('good');
    expect(good.chain[0]!.embeddedScts).toBeNull();
    expect(good.anchor).toBe('private');
    expect((await run('selfSigned')).anchor).toBe('none');
  });

  it('sends no SNI to an IP literal', async () => {
    const e = await probe(() => startNodeTls(lab.certs.good, MODERN), '127.0.0.1');
    expect(e.sni).toBeNull();
    expect(supported(e)).toEqual(['TLSv1.2', 'TLSv1.3']);
  });
});

describe('TLS probe under the scan budget', () => {
  it('stops enumerating when the budget runs out and says the lists may be incomplete', async () => {
    const { ScanBudget } = await import('../../../src/net/budget.js');
    const server = await lab.start(() => startNodeTls(lab.certs.good, {}));
    // As in a scan: plenty of requests, a handshake cap of 12 (the probe's slots are handshakes).
    const budget = new ScanBudget(1000, 4, undefined, 4, 12);
    const result = await probeTls({ host: 'localhost', port: server.port, address: '127.0.0.1', ca: [lab.certs.rootPem], handshakeTimeoutMs: 10_000, slot: (fn) => budget.run(fn, 'handshake') });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.data.handshakes).toBeLessThanOrEqual(12);
    expect(result.data.ciphers.some((c) => !c.complete)).toBe(true);
    expect(result.data.notes.join('\n')).toMatch(/may be incomplete: .*budget of 12 TLS handshakes/);
    expect(budget.used).toBe(0);
  });
});
