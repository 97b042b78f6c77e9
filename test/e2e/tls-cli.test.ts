/** `scorifya tls` end to end: the built CLI against lab TLS servers, terminal and JSON output, exit codes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { createTlsLabCerts, type TlsLabCerts } from '../lab/tls/certs.js';
import { LEGACY_TLS10_11, MODERN, startNodeTls, startNotTls, type RunningServer } from '../lab/tls/servers.js';

let certs: TlsLabCerts;
let modern: RunningServer;
let legacyExpired: RunningServer;
let plain: RunningServer;
let caFile: string;

beforeAll(async () => {
  certs = await createTlsLabCerts();
  [modern, legacyExpired, plain] = await Promise.all([startNodeTls(certs.good, MODERN), startNodeTls(certs.expired, LEGACY_TLS10_11), startNotTls()]);
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-tls-cli-'));
  caFile = join(dir, 'root.pem');
  writeFileSync(caFile, certs.rootPem);
});
afterAll(async () => {
  await Promise.all([modern, legacyExpired, plain].map((s) => s?.close()));
});

const args = (port: number) => [`localhost:${port}`, '--allow-private', '--resolve', `localhost:${port}:127.0.0.1`, '--ca', caFile];

describe('scorifya tls', () => {
  it('prints the protocol table, suites, chain, post-quantum groups and only the informational post-quantum finding for a modern server', async () => {
    const r = await runCli(['tls', ...args(modern.port)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/TLSv1\.3\s+yes/);
    expect(r.stdout).toMatch(/TLSv1\.0\s+no\s+alert 70 protocol_version/);
    expect(r.stdout).toContain('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
    expect(r.stdout).toContain('CN=Scorifya TLS Lab Intermediate');
    expect(r.stdout).toContain('post-quantum: X25519MLKEM768 yes, SecP256r1MLKEM768 no, SecP384r1MLKEM1024 no; prefers X25519MLKEM768');
    expect(r.stdout).toMatch(/Findings \(TLS & HTTPS 30 \/ 30 points\)\n {2}\[info\] +0 +tls_pq_hybrid_supported +The server accepts post-quantum hybrid key exchange \(X25519MLKEM768\) and prefers X25519MLKEM768\n/);
    expect(r.stdout).not.toMatch(/\[(low|medium|high|critical)\]/);
  });

  it('--json carries the evidence and the scored findings', async () => {
    const r = await runCli(['tls', ...args(legacyExpired.port), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tls.status).toBe('ok');
    const ids = out.findings.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['cert_expired', 'tls_protocol_tls10', 'tls_protocol_tls11', 'tls12_missing', 'no_aead']));
    expect(out.findings.find((f: { id: string }) => f.id === 'cert_expired')).toMatchObject({ category: 'tls', severity: 'critical', pointsLost: 30 });
  });

  it('a port that does not speak TLS is not measured (exit 3) with the reason', async () => {
    const r = await runCli(['tls', ...args(plain.port)]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not measured: port \d+ speaks plain HTTP \(it answered a TLS ClientHello with "HTTP\/1\.1 400 Bad Request"\)/);
  });

  it('refuses a loopback target without --allow-private (exit 2)', async () => {
    const r = await runCli(['tls', `127.0.0.1:${modern.port}`]);
    expect(r.code).toBe(2);
  });
});
