/**
 * A SIMULATED Ticketbleed-vulnerable (and fixed) server. No stack we can run has the F5 bug, so this is
 * a raw TCP front on loopback: a connection whose ClientHello presents a session ticket is answered here,
 * the way the public description of CVE-2016-9244 says a vulnerable or a fixed server answers; every
 * other connection is passed through to a real Node TLS server, which completes the handshake and issues
 * the real ticket the probe then presents. Every behaviour here is simulated; none is a real server's bug.
 */
import net from 'node:net';
import tls from 'node:tls';
import { constants } from 'node:crypto';
import { alertRecord, handshakeMessage, readClientHello, records, serverHelloRecord } from './wire.js';
import type { LeafFixture } from './certs.js';
import type { RunningServer } from './servers.js';

export type TicketbleedMode =
  | 'vulnerable' // resumes and echoes 32 session-id bytes: ours, then 0x4d standing in for memory
  | 'fixed' // resumes and echoes exactly our session id
  | 'declines' // starts a full handshake with a fresh 32-byte session id
  | 'no-tickets' // the real server behind issues no tickets
  | 'alert' // answers the resumption hello with alert 40
  | 'stall' // answers the resumption hello with nothing
  | 'truncated' // half a ServerHello, then a close
  | 'oversized-id' // a ServerHello whose session id length is 64
  | 'garbage'; // bytes that are no TLS record

export const MEMORY_BYTE = 0x4d;

export interface TicketbleedResponder extends RunningServer {
  /** Connections that presented a ticket. */
  resumptions: number;
}

export async function startTicketbleedResponder(mode: TicketbleedMode, cert: LeafFixture): Promise<TicketbleedResponder> {
  const backend = tls.createServer(
    { key: cert.keyPem, cert: cert.chainPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ...(mode === 'no-tickets' ? { secureOptions: constants.SSL_OP_NO_TICKET } : {}) },
    (s) => s.end(),
  );
  backend.on('tlsClientError', () => undefined);
  await new Promise<void>((done) => backend.listen(0, '127.0.0.1', done));
  const backendPort = (backend.address() as net.AddressInfo).port;
  const sockets = new Set<net.Socket>();
  const state = { port: 0, resumptions: 0, close: async () => undefined as void };
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 5 || buf.length < 5 + buf.readUInt16BE(3)) return;
      socket.off('data', onData);
      const hello = readClientHello(buf.subarray(0, 5 + buf.readUInt16BE(3)));
      const ticket = hello.extensions.get(0x0023);
      if (!ticket || ticket.length === 0) return passThrough(socket, buf, backendPort, sockets);
      state.resumptions++;
      // Session id: after the 5-byte record header, 4-byte handshake header, version and random.
      const sid = buf.subarray(44, 44 + buf[43]!);
      answer(socket, mode, sid, hello.suites[0]!);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((done) => front.listen(0, '127.0.0.1', done));
  state.port = (front.address() as net.AddressInfo).port;
  state.close = () =>
    new Promise<void>((done) => {
      for (const s of sockets) s.destroy();
      front.close(() => backend.close(() => done()));
    });
  return state as TicketbleedResponder;
}

function passThrough(socket: net.Socket, first: Buffer, port: number, sockets: Set<net.Socket>): void {
  const upstream = net.connect({ host: '127.0.0.1', port });
  sockets.add(upstream);
  upstream.on('close', () => sockets.delete(upstream));
  upstream.on('error', () => socket.destroy());
  upstream.write(first);
  socket.pipe(upstream);
  upstream.pipe(socket);
}

function answer(socket: net.Socket, mode: TicketbleedMode, sid: Buffer, suite: number): void {
  const resumed = (sessionId: Uint8Array) =>
    Buffer.concat([serverHelloRecord({ version: 0x0303, cipherSuite: suite, sessionId, extensions: [[0xff01, Uint8Array.of(0)]] }), records(20, Uint8Array.of(1)), records(22, new Uint8Array(40).fill(0x11))]);
  switch (mode) {
    case 'vulnerable': {
      const echoed = Buffer.alloc(32, MEMORY_BYTE);
      sid.copy(echoed);
      return void socket.write(resumed(echoed));
    }
    case 'fixed':
      return void socket.write(resumed(sid));
    case 'declines': {
      const fresh = Buffer.alloc(32, MEMORY_BYTE);
      sid.copy(fresh); // even starting with our byte, a full handshake is not a resumption
      return void socket.write(Buffer.concat([serverHelloRecord({ version: 0x0303, cipherSuite: suite, sessionId: fresh }), records(22, handshakeMessage(11, Uint8Array.of(0, 0, 0)))]));
    }
    case 'alert':
      return void socket.end(alertRecord(2, 40));
    case 'stall':
    case 'no-tickets':
      return;
    case 'truncated':
      return void socket.end(resumed(sid).subarray(0, 30));
    case 'oversized-id': {
      const hello = Buffer.from(serverHelloRecord({ version: 0x0303, cipherSuite: suite, sessionId: new Uint8Array(32) }));
      hello[5 + 4 + 34] = 64;
      return void socket.write(hello);
    }
    case 'garbage':
      return void socket.end(Buffer.alloc(300, 0xee));
  }
}
