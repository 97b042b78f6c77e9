/**
 * A raw TCP server on loopback for hostile-target cases: every connection is handed to the case's
 * handler with the first bytes the client sent (an HTTP request head, or a TLS ClientHello), so a case
 * can answer with bytes no well-behaved HTTP library would produce. It counts connections (a refused
 * address must see none) and destroys every socket on close.
 */
import net from 'node:net';

export interface RawRequest {
  /** Everything read before the handler ran (the request head, or the first TLS record). */
  head: Buffer;
  /** True when the first byte is 0x16: a TLS handshake record, i.e. a ClientHello. */
  tls: boolean;
  /** Request path for HTTP (`/` when it cannot be read). */
  path: string;
}

export type RawHandler = (socket: net.Socket, request: RawRequest) => void;

export interface RawServer {
  host: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  /** Paths requested over plain HTTP, in order. */
  paths: string[];
  url(path?: string, scheme?: 'http' | 'https'): string;
  close(): Promise<void>;
}

export interface RawServerOptions {
  host?: string;
  port?: number;
  /**
   * What to do with a TLS ClientHello. Default: answer like a plain-HTTP server answers garbage, with an
   * immediate `400 Bad Request` (nginx, Apache and Node all do this).
   */
  onTls?: RawHandler;
  /** Wait for the full request head (`\r\n\r\n`) before calling the handler; default true. */
  waitForHead?: boolean;
}

export const PLAIN_HTTP_400 = 'HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request';

export async function startRawServer(handler: RawHandler, options: RawServerOptions = {}): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const host = options.host ?? '127.0.0.1';
  const state: RawServer = {
    host,
    port: 0,
    connections: 0,
    paths: [],
    url: (path = '/', scheme = 'http') => `${scheme}://${host.includes(':') ? `[${host}]` : host}:${state.port}${path}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = Buffer.alloc(0);
    let handled = false;
    const onData = (chunk: Buffer): void => {
      if (handled) return;
      head = Buffer.concat([head, chunk]);
      const tls = head[0] === 0x16;
      if (!tls && options.waitForHead !== false && !head.includes('\r\n\r\n') && head.length < 65_536) return;
      handled = true;
      socket.off('data', onData);
      const path = /^[A-Z]+ (\S+)/.exec(head.toString('latin1'))?.[1] ?? '/';
      if (!tls) state.paths.push(path);
      const request = { head, tls, path };
      if (tls) (options.onTls ?? ((s) => s.end(PLAIN_HTTP_400)))(socket, request);
      else handler(socket, request);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  state.port = (server.address() as net.AddressInfo).port;
  return state;
}

/** A complete HTTP/1.1 response as one buffer: status line, headers in order, body with its length. */
export function httpResponse(status: string, headers: [string, string][], body: string | Buffer = ''): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const lines = [`HTTP/1.1 ${status}`, ...headers.map(([n, v]) => `${n}: ${v}`), `Content-Length: ${b.length}`, 'Connection: close', '', ''];
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), b]);
}

/**
 * Write `total` bytes produced by `chunk` while honouring backpressure, then end. Stops quietly when
 * the client goes away (the scanner hanging up at its body cap is the expected end).
 */
export function streamBody(socket: net.Socket, total: number, chunk: Buffer): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !socket.destroyed) {
      const piece = total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent);
      sent += piece.length;
      if (!socket.write(piece)) {
        socket.once('drain', pump);
        return;
      }
    }
    if (!socket.destroyed) socket.end();
  };
  pump();
}

/** Send `data` one byte every `intervalMs` until it is sent or the client leaves. */
export function trickle(socket: net.Socket, data: Buffer, intervalMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= data.length) {
      clearInterval(timer);
      if (!socket.destroyed) socket.end();
      return;
    }
    socket.write(data.subarray(i, i + 1));
    i++;
  }, intervalMs);
  socket.on('close', () => clearInterval(timer));
}
