/**
 * The side-by-side bench's fixtures (bench/tls.ts): real loopback servers, one line each. To add one,
 * add a line to FIXTURES: an id (what `--fixtures` selects and the docs table names), a label, and a
 * function that starts the server from the lab certificates. The other issue-22 fixtures (DH groups,
 * Heartbleed / CCS / Ticketbleed / ROBOT responders, renegotiation, OCSP) go here the same way.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LeafFixture, TlsLabCerts } from '../certs.js';
import {
  CBC_ONLY, DHE_1024, LEGACY_TLS10_11, MODERN, STATIC_RSA_ONLY, TLS13_ONLY,
  freePort, startGnutls, startNodeTls, type RunningServer,
} from '../servers.js';

export interface BenchFixture {
  id: string;
  label: string;
  start(certs: TlsLabCerts): Promise<RunningServer>;
}

export const FIXTURES: BenchFixture[] = [
  { id: 'modern', label: 'Node TLS 1.2–1.3, ECDHE + AEAD only', start: (c) => startNodeTls(c.good, MODERN) },
  { id: 'node-defaults', label: 'Node 24 defaults', start: (c) => startNodeTls(c.good, {}) },
  { id: 'tls13-only', label: 'Node TLS 1.3 only', start: (c) => startNodeTls(c.good, TLS13_ONLY) },
  { id: 'legacy-tls10-11', label: 'Node TLS 1.0 + 1.1 only, CBC', start: (c) => startNodeTls(c.good, LEGACY_TLS10_11) },
  { id: 'static-rsa', label: 'Node TLS 1.2, static RSA key exchange only', start: (c) => startNodeTls(c.good, STATIC_RSA_ONLY) },
  { id: 'cbc-only', label: 'Node TLS 1.2, ECDHE + CBC only', start: (c) => startNodeTls(c.good, CBC_ONLY) },
  { id: 'dhe-1024', label: 'Node TLS 1.2, DHE with the 1024-bit Oakley group 2', start: (c) => startNodeTls(c.good, DHE_1024) },
  { id: 'gnutls-rc4-3des', label: 'gnutls-serv TLS 1.0–1.3 with RC4 and 3DES', start: (c) => startGnutls(c.good) },
  { id: 'openssl-tls12', label: 'openssl s_server TLS 1.2, default renegotiation', start: (c) => startOpensslServer(c.good, ['-tls1_2']) },
  { id: 'self-signed', label: 'Node modern, self-signed certificate', start: (c) => startNodeTls(c.selfSigned, MODERN) },
];

export function selectFixtures(ids: string[] | undefined): BenchFixture[] {
  if (!ids?.length) return FIXTURES;
  const unknown = ids.filter((id) => !FIXTURES.some((f) => f.id === id));
  if (unknown.length) throw new Error(`unknown fixture(s): ${unknown.join(', ')}; known: ${FIXTURES.map((f) => f.id).join(', ')}`);
  return FIXTURES.filter((f) => ids.includes(f.id));
}

/**
 * `openssl s_server -www` (one connection at a time, as OpenSSL's test server is) with extra flags. Its
 * defaults differ from Node's in what the bench compares: client-initiated renegotiation is allowed.
 */
export async function startOpensslServer(cert: LeafFixture, args: string[]): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-openssl-'));
  // s_server sends only the first certificate of -cert; the intermediates go in -cert_chain.
  writeFileSync(join(dir, 'cert.pem'), cert.certPem);
  writeFileSync(join(dir, 'chain.pem'), cert.chainPem.slice(cert.certPem.length) || cert.certPem);
  writeFileSync(join(dir, 'key.pem'), cert.keyPem);
  const port = await freePort();
  const child = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'cert.pem'), '-cert_chain', join(dir, 'chain.pem'), '-key', join(dir, 'key.pem'), '-www', '-quiet', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = Date.now() + 5000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      import('node:net').then(({ connect }) => {
        const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
    });
    if (up) break;
    if (Date.now() > end || child.exitCode !== null) {
      child.kill();
      throw new Error(`openssl s_server did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    close: async () => {
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
