/**
 * DHE lab servers on 127.0.0.1: openssl s_server and gnutls-serv with a DH group file from
 * test/lab/tls/dh/ (a 1024-bit safe prime of our own, a DSA-style non-safe 2048-bit prime, RFC 5114's
 * 2048-bit group with a 256-bit subgroup; the DSA-style file holds p and g only, as PKCS#3 DH parameters,
 * because s_server silently ignores X9.42 parameters and uses its built-in group), and a simulated responder (not a TLS stack) that answers
 * a DHE hello with ServerHello, Certificate, a ServerKeyExchange of our choosing and ServerHelloDone:
 * the only way to show a composite modulus or a malformed ServerKeyExchange, since no real stack sends one.
 */
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LeafFixture } from './certs.js';
import { freePort, waitForPort, type RunningServer } from './servers.js';
import { handshakeMessage, readClientHello, records, encodeServerHelloBody, alertRecord } from './wire.js';

export const DH_FILES = {
  safe1024: join(import.meta.dirname, 'dh', 'safe-1024.pem'),
  dsa2048: join(import.meta.dirname, 'dh', 'dsa-2048.pem'),
  rfc5114: join(import.meta.dirname, 'dh', 'rfc5114-2048-256.pem'),
} as const;

async function startChild(cert: LeafFixture, args: (dir: string, port: number) => string[], command: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-dh-'));
  writeFileSync(join(dir, 'cert.pem'), cert.chainPem);
  writeFileSync(join(dir, 'key.pem'), cert.keyPem);
  const port = await freePort();
  const child: ChildProcess = spawn(command, args(dir, port), { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 5000).catch((err) => {
    child.kill();
    throw new Error(`${command} did not start: ${(err as Error).message} ${stderr}`);
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

/** openssl s_server, TLS 1.2 only, DHE (and ECDHE) suites, the given DH parameters file. */
export function startOpensslDhe(cert: LeafFixture, dhparam: string): Promise<RunningServer> {
  return startChild(
    cert,
    (dir, port) => [
      's_server', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem'),
      '-dhparam', dhparam, '-tls1_2', '-cipher', 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0', '-www', '-quiet',
    ],
    'openssl',
  );
}

/**
 * gnutls-serv with DHE only: it negotiates an RFC 7919 group with a client that lists one and falls
 * back to `dhparams` (our 1024-bit group) with a client that lists none; "as every client sees it".
 */
export function startGnutlsFfdheWithFallback(cert: LeafFixture, dhparams = DH_FILES.safe1024): Promise<RunningServer> {
  return startChild(
    cert,
    (dir, port) => [
      '--port', String(port), '--x509certfile', join(dir, 'cert.pem'), '--x509keyfile', join(dir, 'key.pem'),
      '--dhparams', dhparams, '--priority', 'NORMAL:-VERS-TLS1.3:-KX-ALL:+DHE-RSA:%PROFILE_VERY_WEAK', '--quiet',
    ],
    'gnutls-serv',
  );
}

export interface SimulatedSke {
  /** The ServerKeyExchange body to send (dh_p, dh_g, dh_Ys, then any signature bytes). */
  ske?: Uint8Array;
  /** Raw bytes to send after the ServerHello and Certificate instead of a well-formed ServerKeyExchange. */
  raw?: Uint8Array;
  /** Stop after the Certificate and send nothing more (a stall). */
  stall?: boolean;
}

/** A DH ServerKeyExchange body: p, g, Ys with 2-byte lengths, then a dummy signature. */
export function skeBody(p: bigint, g: bigint, ys: bigint): Uint8Array {
  const vec = (n: bigint) => {
    let hex = n.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    const b = Buffer.from(hex, 'hex');
    return [b.length >> 8, b.length & 0xff, ...b];
  };
  return Uint8Array.from([...vec(p), ...vec(g), ...vec(ys), 0x04, 0x01, 0x00, 0x02, 0xaa, 0xbb]);
}

/** SIMULATED: not a TLS stack. Answers any TLS 1.2 hello offering TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 as described. */
export function startSimulatedDhe(cert: LeafFixture, spec: SimulatedSke): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.once('data', (data: Buffer) => {
      let hello;
      try {
        hello = readClientHello(data);
      } catch {
        s.destroy();
        return;
      }
      if (hello.version !== 0x0303 || !hello.suites.includes(0x009e)) return void s.end(alertRecord(2, 40));
      const der = Buffer.from(cert.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      const certList = [der.length >> 16, (der.length >> 8) & 0xff, der.length & 0xff, ...der];
      const certBody = Uint8Array.from([certList.length >> 16, (certList.length >> 8) & 0xff, certList.length & 0xff, ...certList]);
      const flight = [
        ...handshakeMessage(2, encodeServerHelloBody({ version: 0x0303, cipherSuite: 0x009e, extensions: [[0xff01, Uint8Array.of(0)]] })),
        ...handshakeMessage(11, certBody),
      ];
      s.write(records(22, Uint8Array.from(flight)));
      if (spec.stall) return;
      if (spec.raw) return void s.write(spec.raw);
      s.write(records(22, Uint8Array.from([...handshakeMessage(12, spec.ske!), ...handshakeMessage(14, new Uint8Array(0))])));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
