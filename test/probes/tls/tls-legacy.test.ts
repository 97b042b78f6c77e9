/** SSL 2.0 and 3.0 detection, against a wire-format stand-in (no maintained TLS library serves them). */
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeLegacy, type RunningServer } from '../../lab/tls/servers.js';
import { probeTls } from '../../../src/probes/tls.js';
import { TLS_CHECKS } from '../../../src/checks/tls/index.js';
import { evidenceOf } from '../../checks/tls/fixtures.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('legacy SSL detection', () => {
  it('finds SSL 2.0 and SSL 3.0 with their ciphers, and explains the missing certificate', async () => {
    const server = await startFakeLegacy({ ssl2Kinds: [0x010080, 0x0700c0, 0x020080], ssl3Suites: [0x000a, 0x0005] });
    servers.push(server);
    const result = await probeTls({ host: 'localhost', port: server.port, address: '127.0.0.1', ca: [], handshakeTimeoutMs: 10_000 });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    const tls = result.data;
    expect(tls.protocols.filter((p) => p.supported).map((p) => p.protocol)).toEqual(['SSLv2', 'SSLv3']);
    expect(tls.ciphers.find((c) => c.protocol === 'SSLv3')!.suites.map((s) => s.name)).toEqual(['TLS_RSA_WITH_RC4_128_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA']);
    expect(tls.ciphers.find((c) => c.protocol === 'SSLv2')!.suites.map((s) => s.name)).toEqual([
      'SSL_CK_RC4_128_WITH_MD5',
      'SSL_CK_DES_192_EDE3_CBC_WITH_MD5',
      'SSL_CK_RC4_128_EXPORT40_WITH_MD5',
    ]);
    expect(tls.certificate.status).toBe('unavailable');
    const ids = TLS_CHECKS.flatMap((c) => c.run(evidenceOf(tls), { now: new Date() })).map((r) => r.id).sort();
    expect(ids).toEqual([
      'no_aead',
      'no_forward_secrecy',
      'tls12_missing',
      'tls13_missing',
      // CBC on SSL 3.0: BEAST and LUCKY13 (informational).
      'tls_beast_cbc_tls10',
      'tls_lucky13_cbc',
      // Nothing but SSL: no current browser can connect.
      'tls_no_browser_can_connect',
      'tls_protocol_ssl2',
      'tls_protocol_ssl3',
      // The stand-in's ServerHello carries no renegotiation_info, as an unpatched SSL 3.0 server's would not.
      'tls_secure_renegotiation_missing',
      'weak_cipher_3des',
      'weak_cipher_export',
      'weak_cipher_rc4',
    ]);
  });
});
