/**
 * One loopback port for both schemes, as the lab sites serve them: the first byte of a connection
 * says which (0x16 opens a TLS handshake, a set high bit an SSL 2.0 hello), and the socket goes to the
 * matching handler.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TlsOrPlainListener {
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

export async function listenTlsOrPlain(onTls: (socket: net.Socket) => void, onPlain: (socket: net.Socket) => void): Promise<TlsOrPlainListener> {
  const sockets = new Set<net.Socket>();
  const outer = net.createServer((socket) => {
    listener.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) return;
      socket.unshift(first);
      // A TLS record starts with 0x16 and an SSL 2.0 hello with its high bit set; HTTP with a letter.
      (first[0] === 0x16 || first[0]! >= 0x80 ? onTls : onPlain)(socket);
    });
  });
  const listener: TlsOrPlainListener = {
    port: 0,
    connections: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => outer.close(() => resolve()));
    },
  };
  await new Promise<void>((resolve) => outer.listen(0, '127.0.0.1', resolve));
  listener.port = (outer.address() as AddressInfo).port;
  return listener;
}
