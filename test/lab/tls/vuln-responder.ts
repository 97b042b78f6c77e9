/**
 * SIMULATED vulnerable (and fixed) TLS servers for the Heartbleed, CCS injection and ROBOT probes.
 * No TLS stack we can run today is vulnerable (OpenSSL 3.5 and Node 24 have none of these bugs; the
 * real-stack "not vulnerable" checks run against them in the tests), so this minimal raw responder
 * answers a TLS 1.2 ClientHello with ServerHello, Certificate (a real RSA certificate) and
 * ServerHelloDone, then behaves towards what the client sends next the way a vulnerable server does
 * (as the advisories and the ROBOT paper describe it) or the way a fixed one does. Every behaviour here
 * is simulated; none of it is a real server's bug.
 */
import net from 'node:net';
import { X509Certificate, constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { alertRecord, handshakeMessage, readClientHello, records, serverHelloRecord } from './wire.js';
import type { LeafFixture } from './certs.js';
import type { RunningServer } from './servers.js';

export type ResponderMode =
  | 'heartbleed-vulnerable' // answers a heartbeat with the length it claims: memory past the payload
  | 'heartbleed-fixed' // drops a heartbeat whose claim exceeds its payload, echoes a well-formed one
  | 'ccs-vulnerable' // takes an early CCS, fails to decrypt the next record: alert 21 decryption_failed
  | 'ccs-fixed' // refuses an early CCS: alert 10 unexpected_message
  | 'robot-strong' // alert 51 when the block does not start 00 02, alert 20 after Finished otherwise
  | 'robot-weak' // the same alert for every block, except a bare close when the 00 before the 48-byte secret is missing
  | 'robot-fixed' // every ClientKeyExchange ends the same way: alert 20 after the garbage Finished
  | 'stall-after-flight' // hostile: the flight, then nothing
  | 'garbage-after-flight' // hostile: the flight, then bytes that are no TLS record
  | 'huge-after-flight'; // hostile: the flight, then endless handshake records

export interface ResponderOptions {
  mode: ResponderMode;
  cert: LeafFixture;
  /** Suite to answer with (must be offered); default TLS_RSA_WITH_AES_128_GCM_SHA256, else the first offered. */
  suite?: number;
}

const leafDer = (cert: LeafFixture) => new X509Certificate(cert.certPem).raw;

export function startVulnResponder(opts: ResponderOptions): Promise<RunningServer & { connections: number }> {
  const der = leafDer(opts.cert);
  const key = createPrivateKey(opts.cert.keyPem);
  const sockets = new Set<net.Socket>();
  const state = { port: 0, connections: 0, close: async () => undefined as void };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let helloDone = false;
    let ccsSeen = false;
    let badPadding: 'first' | 'separator' | null = null;
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!helloDone) {
        if (buf.length < 5 || buf.length < 5 + buf.readUInt16BE(3)) return;
        const hello = readClientHello(buf.subarray(0, 5 + buf.readUInt16BE(3)));
        buf = buf.subarray(5 + buf.readUInt16BE(3));
        helloDone = true;
        const suite = opts.suite ?? (hello.suites.includes(0x009c) ? 0x009c : hello.suites[0]!);
        const exts: [number, Uint8Array][] = [[0xff01, Uint8Array.of(0)]];
        if (opts.mode.startsWith('heartbleed') && hello.extensions.has(0x000f)) exts.push([0x000f, Uint8Array.of(1)]);
        const certs = Buffer.concat([Buffer.from([0, 0, 0, der.length >> 16, (der.length >> 8) & 0xff, der.length & 0xff]), der]);
        certs.writeUIntBE(certs.length - 3, 0, 3);
        const flight = Buffer.concat([
          serverHelloRecord({ version: 0x0303, cipherSuite: suite, extensions: exts }),
          records(22, handshakeMessage(11, certs)),
          records(22, handshakeMessage(14, new Uint8Array(0))),
        ]);
        socket.write(flight);
      }
      // The client's records after the flight, one at a time.
      while (buf.length >= 5 && buf.length >= 5 + buf.readUInt16BE(3)) {
        const type = buf[0]!;
        const body = buf.subarray(5, 5 + buf.readUInt16BE(3));
        buf = buf.subarray(5 + body.length);
        onRecord(type, body);
      }
    });

    let flooding = false;
    function onRecord(type: number, body: Buffer): void {
      const mode = opts.mode;
      if (mode === 'garbage-after-flight') return void socket.end(Buffer.alloc(300, 0xee));
      if (mode === 'huge-after-flight' && !flooding) {
        flooding = true;
        const block = Buffer.from(records(22, new Uint8Array(16384).fill(1)));
        let sent = 0;
        // 4 MiB of handshake records at most, so a client that does not stop reading still ends.
        const flood = (): void => {
          if (!socket.destroyed && (sent += block.length) < 4 * 1024 * 1024) socket.write(block, flood);
        };
        return flood();
      }
      if (type === 24 && mode.startsWith('heartbleed')) {
        const claim = body.readUInt16BE(1);
        const carried = body.length - 3 - 16;
        if (mode === 'heartbleed-fixed' && claim > carried) return; // RFC 6520: discard silently
        const memory = Buffer.alloc(claim, 0x4d); // stands in for the server's memory past the payload
        body.copy(memory, 0, 3, 3 + Math.min(claim, carried));
        socket.write(records(24, Buffer.concat([Buffer.from([2, claim >> 8, claim & 0xff]), memory, Buffer.alloc(16)])));
        return;
      }
      if (type === 20 && mode.startsWith('ccs')) {
        if (mode === 'ccs-fixed') return void socket.end(alertRecord(2, 10));
        if (ccsSeen) return void socket.end(alertRecord(2, 21));
        ccsSeen = true;
        return;
      }
      if (mode.startsWith('robot')) {
        if (type === 22 && body[0] === 16) {
          const block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, body.subarray(6));
          if (block[0] !== 0 || block[1] !== 2) badPadding = 'first';
          else if (block[block.length - 49] !== 0) badPadding = 'separator'; // no 00 before a 48-byte secret
          if (mode === 'robot-strong' && badPadding === 'first') return void socket.end(alertRecord(2, 51));
          return;
        }
        if (type === 22) {
          // The (garbage) Finished.
          if (mode === 'robot-weak' && badPadding === 'separator') return void socket.destroy();
          return void socket.end(alertRecord(2, 20));
        }
      }
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      state.port = (server.address() as net.AddressInfo).port;
      state.close = () =>
        new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        });
      resolve(state as RunningServer & { connections: number });
    });
  });
}
