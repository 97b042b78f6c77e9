/**
 * Hostile TLS endpoints: a handshake that stalls or is reset halfway, a certificate with 10,000
 * subject alternative names, and one with absurd fields (terminal escapes and 300 units in the subject,
 * a validity from 1950 to 9999, a 20-byte serial). The certificates are generated at start-up.
 */
import 'reflect-metadata';
import https from 'node:https';
import type net from 'node:net';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { startRawServer, type RawServer } from './raw-server.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** The first bytes of a ServerHello record (TLS 1.2, 80 bytes announced) and then nothing more. */
const PARTIAL_SERVER_HELLO = Buffer.from([0x16, 0x03, 0x03, 0x00, 0x50, 0x02, 0x00, 0x00, 0x4c, 0x03, 0x03]);

export type TlsCaseId = 'tls-stall-mid-handshake' | 'tls-reset-mid-handshake' | 'tls-10000-sans' | 'tls-absurd-fields';
export const TLS_CASE_IDS: TlsCaseId[] = ['tls-stall-mid-handshake', 'tls-reset-mid-handshake', 'tls-10000-sans', 'tls-absurd-fields'];

export interface TlsLabServer {
  port: number;
  url(path?: string): string;
  close(): Promise<void>;
}

export async function startTlsCase(id: TlsCaseId): Promise<TlsLabServer> {
  if (id === 'tls-stall-mid-handshake' || id === 'tls-reset-mid-handshake') {
    const onTls = (socket: net.Socket) => {
      socket.write(PARTIAL_SERVER_HELLO);
      if (id === 'tls-reset-mid-handshake') setTimeout(() => socket.resetAndDestroy(), 20);
    };
    // A TLS-only port: plain HTTP gets the connection closed, as a TLS server does with garbage.
    const server: RawServer = await startRawServer((socket) => socket.destroy(), { onTls, waitForHead: false });
    return { port: server.port, url: (path = '/') => server.url(path, 'https'), close: () => server.close() };
  }
  const { certPem, keyPem } = await hostileCertificate(id);
  const server = https.createServer({ key: keyPem, cert: certPem }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<html><head><title>tls lab</title></head></html>');
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (path = '/') => `https://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

async function hostileCertificate(id: 'tls-10000-sans' | 'tls-absurd-fields'): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const sans =
    id === 'tls-10000-sans'
      ? Array.from({ length: 10_000 }, (_, i) => ({ type: 'dns' as const, value: `host-${i}.many-names.test` }))
      : [{ type: 'dns' as const, value: 'absurd.test' }, { type: 'ip' as const, value: '127.0.0.1' }];
  const name =
    id === 'tls-10000-sans'
      ? new x509.Name([{ CN: ['many-names.test'] }])
      : new x509.Name([
          { CN: ['absurd\u001b[2J\u001b[31m.test\u0007 \u202e gnp.exe'] },
          { O: ['\u009b31mEvil Corp\u0000Ltd'] },
          ...Array.from({ length: 300 }, (_, i) => ({ OU: [`unit ${i} ${'x'.repeat(50)}`] })),
        ]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: id === 'tls-absurd-fields' ? '7f'.repeat(20) : '01',
    name,
    notBefore: id === 'tls-absurd-fields' ? new Date('1950-01-01T00:00:00Z') : new Date(Date.now() - 86_400_000),
    notAfter: id === 'tls-absurd-fields' ? new Date('9999-12-31T23:59:59Z') : new Date(Date.now() + 30 * 86_400_000),
    keys,
    signingAlgorithm: RSA,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.SubjectAlternativeNameExtension(sans)],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    certPem: cert.toString('pem') + '\n',
    keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`,
  };
}
