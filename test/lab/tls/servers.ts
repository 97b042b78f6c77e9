/**
 * TLS fixture servers on 127.0.0.1 random ports: node:tls servers in several configurations,
 * gnutls-serv for RC4/3DES (which OpenSSL 3 no longer has), and misbehaving raw servers (not TLS,
 * stalls, garbage, reset after ServerHello) for the bad-input tests.
 */
import net from 'node:net';
import tls from 'node:tls';
import { getDiffieHellman, randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LeafFixture } from './certs.js';
import { alertRecord, readClientHello, serverHelloRecord } from './wire.js';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export interface NodeTlsConfig {
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  ciphers?: string;
  dhparam?: string;
  /** Key-exchange groups, OpenSSL syntax (e.g. 'X25519:P-256'); Node 24's default list starts with X25519MLKEM768. */
  ecdhCurve?: string;
  /** An OCSP response (DER) stapled to every handshake that asks for one. */
  ocspResponse?: Buffer;
}

export const MODERN: NodeTlsConfig = {
  minVersion: 'TLSv1.2',
  ciphers:
    'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256',
};
export const TLS13_ONLY: NodeTlsConfig = { minVersion: 'TLSv1.3' };
export const LEGACY_TLS10_11: NodeTlsConfig = {
  minVersion: 'TLSv1',
  maxVersion: 'TLSv1.1',
  ciphers: 'ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0',
};
export const STATIC_RSA_ONLY: NodeTlsConfig = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.2',
  ciphers: 'AES256-GCM-SHA384:AES128-GCM-SHA256:AES128-SHA256',
};
export const CBC_ONLY: NodeTlsConfig = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.2',
  ciphers: 'ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES128-SHA',
};
export const DHE_1024: NodeTlsConfig = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.2',
  ciphers: 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256',
  dhparam: dhParamsPem('modp2'),
};

/** DHparams PEM for a well-known MODP group (modp2 is the 1024-bit Oakley group). */
function dhParamsPem(group: string): string {
  const prime = getDiffieHellman(group).getPrime();
  const int = (bytes: Buffer) => {
    const body = bytes[0]! & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes;
    return Buffer.concat([Buffer.of(0x02), derLength(body.length), body]);
  };
  const seq = Buffer.concat([int(prime), int(Buffer.of(2))]);
  const der = Buffer.concat([Buffer.of(0x30), derLength(seq.length), seq]);
  return `-----BEGIN DH PARAMETERS-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END DH PARAMETERS-----\n`;
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  return n < 0x100 ? Buffer.of(0x81, n) : Buffer.of(0x82, n >> 8, n & 0xff);
}

function listen(server: net.Server, sockets: Set<net.Socket>): Promise<RunningServer> {
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export function startNodeTls(cert: LeafFixture, config: NodeTlsConfig = MODERN): Promise<RunningServer> {
  const server = tls.createServer(
    {
      key: cert.keyPem,
      cert: cert.chainPem,
      minVersion: config.minVersion ?? 'TLSv1.2',
      maxVersion: config.maxVersion ?? 'TLSv1.3',
      // SHA-1 and RSA-1024 leaves only load below the default security level.
      ...(config.ciphers ? { ciphers: config.ciphers.includes('@SECLEVEL') ? config.ciphers : `${config.ciphers}:@SECLEVEL=0` } : { ciphers: `${tls.DEFAULT_CIPHERS}:@SECLEVEL=0` }),
      ...(config.dhparam ? { dhparam: config.dhparam } : {}),
      ...(config.ecdhCurve ? { ecdhCurve: config.ecdhCurve } : {}),
      honorCipherOrder: true,
    },
    (socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'),
  );
  server.on('tlsClientError', () => undefined);
  if (config.ocspResponse) server.on('OCSPRequest', (_cert: Buffer, _issuer: Buffer, done: (err: Error | null, response?: Buffer) => void) => done(null, config.ocspResponse));
  return listen(server, new Set());
}

/** A plain TCP service that answers like an HTTP server. */
export function startNotTls(): Promise<RunningServer> {
  const server = net.createServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')));
  return listen(server, new Set());
}

/** Accepts, reads, never answers. */
export function startStall(): Promise<RunningServer> {
  const server = net.createServer((s) => s.resume());
  return listen(server, new Set());
}

/** Answers any hello with random bytes that are not a TLS record. */
export function startGarbage(): Promise<RunningServer> {
  const server = net.createServer((s) =>
    s.once('data', () => {
      const junk = randomBytes(300);
      junk[0] = 0x00;
      s.end(junk);
    }),
  );
  return listen(server, new Set());
}

/**
 * Answers a hello offering TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (or TLS_AES_128_GCM_SHA256 for
 * TLS 1.3) with a real ServerHello, then resets the connection: it looks like TLS, but no handshake
 * can ever complete.
 */
export function startResetAfterHello(): Promise<RunningServer> {
  const server = net.createServer((s) =>
    s.once('data', (data: Buffer) => {
      let hello;
      try {
        hello = readClientHello(data);
      } catch {
        s.resetAndDestroy();
        return;
      }
      const versions = hello.extensions.get(0x2b);
      const tls13 = versions !== undefined && Buffer.from(versions).includes(Buffer.from([3, 4]));
      const wanted = tls13 ? 0x1301 : 0xc02f;
      if (!hello.suites.includes(wanted) || (!tls13 && hello.version !== 0x0303)) {
        s.end(alertRecord(2, tls13 ? 40 : 70));
        return;
      }
      const extensions: [number, Uint8Array][] = tls13
        ? [[0x2b, Uint8Array.of(3, 4)], [0x33, Uint8Array.from([0, 0x1d, 0, 32, ...randomBytes(32)])]]
        : [[0xff01, Uint8Array.of(0)]];
      s.write(serverHelloRecord({ version: 0x0303, cipherSuite: wanted, extensions }), () => s.resetAndDestroy());
    }),
  );
  return listen(server, new Set());
}

export const GNUTLS_LEGACY_PRIORITY = 'NORMAL:+VERS-TLS1.0:+VERS-TLS1.1:+3DES-CBC:+ARCFOUR-128';

/** gnutls-serv with RC4 and 3DES enabled (Debian's gnutls-bin). */
export async function startGnutls(cert: LeafFixture, priority = GNUTLS_LEGACY_PRIORITY): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-gnutls-'));
  writeFileSync(join(dir, 'cert.pem'), cert.chainPem);
  writeFileSync(join(dir, 'key.pem'), cert.keyPem);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'gnutls-serv',
    ['--port', String(port), '--x509certfile', join(dir, 'cert.pem'), '--x509keyfile', join(dir, 'key.pem'), '--priority', priority, '--quiet'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 5000).catch((err) => {
    child.kill();
    throw new Error(`gnutls-serv did not start: ${(err as Error).message} ${stderr}`);
  });
  return {
    port,
    close: async () => {
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const okay = await new Promise<boolean>((resolve) => {
      const c = net.connect({ host: '127.0.0.1', port }, () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (okay) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} not listening after ${timeoutMs} ms`);
}

/**
 * A stand-in for the SSL 2.0 / SSL 3.0 servers that no maintained library can run any more: it answers
 * an SSL 2.0 CLIENT-HELLO with a SERVER-HELLO listing `ssl2Kinds`, an SSL 3.0 hello with a ServerHello
 * for the first offered suite in `ssl3Suites` (alert 40 when none), and anything newer with alert 70.
 * Wire format only: it never completes a handshake.
 */
export function startFakeLegacy(opts: { ssl2Kinds: number[]; ssl3Suites: number[] }): Promise<RunningServer> {
  const server = net.createServer((s) =>
    s.once('data', (data: Buffer) => {
      if ((data[0]! & 0x80) !== 0 && data[2] === 1) {
        const specs = opts.ssl2Kinds.flatMap((k) => [k >> 16, (k >> 8) & 0xff, k & 0xff]);
        const cert = randomBytes(16);
        const msg = [4, 0, 1, 0, 2, 0, cert.length, 0, specs.length, 0, 16, ...cert, ...specs, ...randomBytes(16)];
        s.end(Buffer.from([0x80 | (msg.length >> 8), msg.length & 0xff, ...msg]));
        return;
      }
      let hello;
      try {
        hello = readClientHello(data);
      } catch {
        s.destroy();
        return;
      }
      if (hello.version !== 0x0300) return void s.end(alertRecord(2, 70));
      const chosen = hello.suites.find((id) => opts.ssl3Suites.includes(id));
      if (chosen === undefined) return void s.end(alertRecord(2, 40));
      s.end(serverHelloRecord({ version: 0x0300, cipherSuite: chosen }));
    }),
  );
  return listen(server, new Set());
}
