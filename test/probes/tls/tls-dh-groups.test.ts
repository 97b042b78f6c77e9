/**
 * Diffie-Hellman groups as every client sees them, against real servers (openssl s_server,
 * gnutls-serv) and a simulated responder for what no real stack sends (a composite modulus, a
 * malformed or stalled ServerKeyExchange).
 */
import { describe, expect, it } from 'vitest';
import { tlsLabPerFile } from '../../lab/tls/lab-per-file.js';
import { DH_FILES, skeBody, startGnutlsFfdheWithFallback, startOpensslDhe, startSimulatedDhe } from '../../lab/tls/dh-servers.js';
import type { RunningServer } from '../../lab/tls/servers.js';
import { runTlsTool } from '../../../src/engine/index.js';
import { RawTlsProber } from '../../../src/net/tls/raw-prober.js';
import { probeDhGroups } from '../../../src/probes/tls/dh-groups.js';
import { judgeGroups } from '../../../src/checks/tls/dh-groups.js';
import { knownPrime } from '../../../src/checks/tls/dh-primes.js';

const lab = tlsLabPerFile();

async function scanOf(start: () => Promise<RunningServer>) {
  const server = await lab.start(start);
  const { report, evidence } = await runTlsTool(`localhost:${server.port}`, {
    allowPrivate: true,
    resolve: [`localhost:${server.port}:127.0.0.1`],
    ca: [lab.certs.rootPem],
    timeoutMs: 15_000,
  });
  expect(evidence.tls?.status).toBe('ok');
  const tls = (evidence.tls as { data: import('../../../src/model/tls.js').TlsEvidence }).data;
  return { report, tls, ids: report.findings.map((f) => f.id) };
}

async function rawDh(start: () => Promise<RunningServer>, timeoutMs = 3000) {
  const server = await lab.start(start);
  const prober = new RawTlsProber({ address: '127.0.0.1', port: server.port, timeoutMs });
  const t0 = performance.now();
  const groups = await probeDhGroups(prober, 'TLSv1.2');
  return { groups, ms: performance.now() - t0, hellos: prober.handshakes };
}

describe('DH groups from real servers', () => {
  it('a server with RFC 7919 groups and a 1024-bit fallback: legacy clients get 1024 bits, RFC 7919 clients ffdhe', async () => {
    const { tls, ids, report } = await scanOf(() => startGnutlsFfdheWithFallback(lab.certs.good));
    expect(tls.dhGroups?.legacy.group?.bits).toBe(1024);
    expect(knownPrime(tls.dhGroups!.legacy.group!.p)).toBeUndefined();
    const modern = tls.dhGroups?.rfc7919?.group;
    expect(modern && knownPrime(modern.p)?.source).toBe('RFC 7919');
    expect(tls.dhBits).toBe(1024);
    expect(ids).toContain('weak_dh');
    expect(ids).not.toContain('tls_dh_known_prime');
    const weak = report.findings.find((f) => f.id === 'weak_dh')!;
    expect(weak.evidence).toContain('Clients that do not offer the RFC 7919 groups get: 1024-bit (a group of its own)');
    expect(weak.evidence).toMatch(/Clients offering the RFC 7919 groups get: \d+-bit \(ffdhe\d+, RFC 7919\)/);
  });

  it('a DSA-style 2048-bit prime: not a safe prime, medium', async () => {
    const { tls, report } = await scanOf(() => startOpensslDhe(lab.certs.good, DH_FILES.dsa2048));
    expect(tls.dhGroups?.legacy.group?.bits).toBe(2048);
    // OpenSSL's s_server has no RFC 7919 negotiation in TLS 1.2: both clients get the same group.
    expect(tls.dhGroups?.rfc7919?.group?.p).toBe(tls.dhGroups?.legacy.group?.p);
    const unsafe = report.findings.filter((f) => f.id.startsWith('tls_dh') || f.id === 'weak_dh');
    expect(unsafe.map((f) => [f.id, f.severity])).toEqual([['tls_dh_unsafe_prime', 'medium']]);
    expect(unsafe[0]!.title).toContain('every client');
  });

  it('RFC 5114 group 24: named, not a safe prime by design, low', async () => {
    const { report } = await scanOf(() => startOpensslDhe(lab.certs.good, DH_FILES.rfc5114));
    const dh = report.findings.filter((f) => f.id.startsWith('tls_dh') || f.id === 'weak_dh');
    expect(dh.map((f) => [f.id, f.severity])).toEqual([['tls_dh_unsafe_prime', 'low']]);
    expect(dh[0]!.title).toContain('RFC 5114 group 24');
    expect(dh[0]!.evidence).toContain('256 bits');
  });

  it('our own 1024-bit safe prime: weak_dh only (not shared, so not Logjam precomputation)', async () => {
    const { ids } = await scanOf(() => startOpensslDhe(lab.certs.good, DH_FILES.safe1024));
    expect(ids.filter((id) => id.startsWith('tls_dh') || id === 'weak_dh')).toEqual(['weak_dh']);
  });
});

describe('DH groups from a simulated responder (not a TLS stack)', () => {
  it('a composite modulus: tls_dh_composite', async () => {
    // Two 512-bit-ish odd factors: a 1024-bit modulus that is not prime.
    const p = (2n ** 511n + 187n) * (2n ** 513n + 35n);
    const { groups } = await rawDh(() => startSimulatedDhe(lab.certs.good, { ske: skeBody(p, 2n, 12345n) }));
    expect(groups.legacy.group?.p).toBe(p.toString(16));
    const judged = judgeGroups(groups);
    expect(judged.map((j) => j.kind)).toEqual(['composite']);
  });

  it('a ServerKeyExchange whose prime runs past its end: no group, said in words', async () => {
    const body = Uint8Array.from([0x04, 0x00, 1, 2, 3]); // claims 1024 bytes of p, sends 3
    const { groups, ms } = await rawDh(() => startSimulatedDhe(lab.certs.good, { ske: body }));
    expect(groups.legacy.group).toBeNull();
    expect(groups.legacy.answer).toMatch(/DH prime p claims 1024 bytes, only 3 are there/);
    expect(groups.rfc7919).toBeNull();
    expect(ms).toBeLessThan(3000);
  });

  it('an oversized prime (40,000 bits): refused, not tested', async () => {
    const { groups } = await rawDh(() => startSimulatedDhe(lab.certs.good, { ske: skeBody(2n ** 40_000n + 1n, 2n, 5n) }));
    expect(groups.legacy.group).toBeNull();
    expect(groups.legacy.answer).toMatch(/larger than any client accepts/);
  });

  it('a ServerKeyExchange claiming 16 MB: stopped at once', async () => {
    const raw = Uint8Array.from([22, 3, 3, 0, 4, 12, 0xff, 0xff, 0xff]);
    const { groups, ms } = await rawDh(() => startSimulatedDhe(lab.certs.good, { raw }));
    expect(groups.legacy.answer).toMatch(/claims 16777215 bytes/);
    expect(ms).toBeLessThan(3000);
  });

  it('a stall after the Certificate: bounded by the hello time limit', async () => {
    const { groups, ms } = await rawDh(() => startSimulatedDhe(lab.certs.good, { stall: true }), 800);
    expect(groups.legacy.group).toBeNull();
    expect(groups.legacy.answer).toMatch(/no answer within the time limit/);
    expect(ms).toBeLessThan(2500);
  });
});
