/**
 * Our protocol and suite lists must equal sslscan's on the same fixtures. sslscan (Debian 2.0.7) is
 * built against OpenSSL 3 plus its own legacy hello code, so it sees RC4/3DES like we do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createTlsLabCerts, type TlsLabCerts } from '../lab/tls/certs.js';
import { CBC_ONLY, DHE_1024, LEGACY_TLS10_11, MODERN, STATIC_RSA_ONLY, TLS13_ONLY, startGnutls, startNodeTls, type NodeTlsConfig, type RunningServer } from '../lab/tls/servers.js';
import { sslscan, type SslscanResult } from '../lab/tls/sslscan.js';
import { probeTls } from '../../src/probes/tls.js';
import type { TlsEvidence } from '../../src/model/tls.js';
import { CIPHER_SUITES } from '../../src/net/tls/cipher-suites.js';

const haveSslscan = (() => {
  try {
    execFileSync('sslscan', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const NODE_FIXTURES: [string, NodeTlsConfig][] = [
  ['modern', MODERN],
  ['TLS 1.3 only', TLS13_ONLY],
  ['TLS 1.0 + 1.1', LEGACY_TLS10_11],
  ['static RSA only', STATIC_RSA_ONLY],
  ['CBC only', CBC_ONLY],
  ['DHE 1024', DHE_1024],
  ['Node defaults', {}],
];

let certs: TlsLabCerts;
const servers: RunningServer[] = [];
const results = new Map<string, { ours: TlsEvidence; theirs: SslscanResult }>();

beforeAll(async () => {
  if (!haveSslscan) throw new Error('sslscan is not installed (apt-get install sslscan; see .ci/apt/tls.txt)');
  certs = await createTlsLabCerts();
  const started: [string, RunningServer][] = [];
  for (const [name, config] of NODE_FIXTURES) started.push([name, await startNodeTls(certs.good, config)]);
  started.push(['gnutls RC4 + 3DES', await startGnutls(certs.good)]);
  servers.push(...started.map(([, s]) => s));
  // One fixture at a time, ours then sslscan: both are timed by nobody here, but a loaded machine
  // should not turn contention into handshake timeouts.
  for (const [name, server] of started) {
    const ours = await probeTls({ host: 'localhost', port: server.port, address: '127.0.0.1', ca: [certs.rootPem], handshakeTimeoutMs: 15_000 });
    if (ours.status !== 'ok') throw new Error(`${name}: ${ours.reason}`);
    results.set(name, { ours: ours.data, theirs: await sslscan(server.port) });
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('TLS probe agrees with sslscan', () => {
  it.each([...NODE_FIXTURES.map(([n]) => n), 'gnutls RC4 + 3DES'])('%s: same protocols and same suites per protocol', (name) => {
    const { ours, theirs } = results.get(name)!;
    const ourProtocols = ours.protocols.filter((p) => p.supported && p.protocol.startsWith('TLS')).map((p) => p.protocol);
    expect(ourProtocols).toEqual(theirs.protocols.filter((p) => p.startsWith('TLS')));
    for (const protocol of ourProtocols) {
      const ourSuites = ours.ciphers.find((c) => c.protocol === protocol)!.suites.map((s) => s.name);
      expect([...ourSuites].sort(), `${name} ${protocol}`).toEqual([...(theirs.suites[protocol] ?? [])].sort());
      // With server order enforced, sslscan's "preferred" suite is our first one.
      if (ours.ciphers.find((c) => c.protocol === protocol)!.serverPreference) expect(ourSuites[0]).toBe(theirs.preferred[protocol]);
    }
  });

  it('every suite sslscan printed maps to a known IANA name', () => {
    const known = new Set([...CIPHER_SUITES.values()].map((s) => s.name));
    for (const { theirs } of results.values()) for (const [printed, iana] of theirs.names) expect(known.has(iana), printed).toBe(true);
  });
});
