/**
 * A lab web server on 127.0.0.1 that speaks plain HTTP and HTTPS on the same port (it peeks at the
 * first byte: 0x16 starts a TLS handshake). Each test describes its routes; anything else is a 404.
 * It can also misbehave on purpose: stall, reset, flood, or send malformed headers.
 */
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IssuedCert } from './ca.js';

export interface RouteResponse {
  status?: number;
  /** Raw header pairs, sent in order and as given (duplicates allowed). */
  headers?: [string, string][];
  body?: string | Buffer;
  /** Misbehaviours instead of a normal answer. */
  behaviour?: 'stall' | 'reset' | 'close' | 'malformed-headers' | 'flood';
  /** For 'flood': how many bytes to send. */
  floodBytes?: number;
}

export type RouteHandler = (req: http.IncomingMessage, scheme: 'http' | 'https') => RouteResponse;

export interface LabServer {
  port: number;
  /** URL on 127.0.0.1 for the given scheme. */
  url(scheme?: 'http' | 'https', path?: string): string;
  /** Number of TCP connections accepted so far (to prove a refused scan opened none). */
  connections: number;
  requests: { method: string; url: string; scheme: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export interface LabServerOptions {
  cert?: IssuedCert;
  routes: Record<string, RouteHandler | RouteResponse>;
  /** Only serve one of the schemes; the other gets the connection closed at once. */
  only?: 'http' | 'https';
  host?: string;
  /** Listen on this port (default: any free one); a dual-stack lab serves one port on 127.0.0.1 and ::1. */
  port?: number;
}

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const sockets = new Set<net.Socket>();
  // TLS sockets wrap the raw TCP socket; a reset must be done on the raw one, found by client port.
  const rawSockets = new Map<number, net.Socket>();
  const state: LabServer = {
    port: 0,
    connections: 0,
    requests: [],
    url: (scheme = 'http', path = '/') => `${scheme}://127.0.0.1:${state.port}${path}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => outer.close(() => resolve()));
    },
  };

  const handle = (scheme: 'http' | 'https') => (req: http.IncomingMessage, res: http.ServerResponse) => {
    state.requests.push({ method: req.method ?? '', url: req.url ?? '', scheme, headers: req.headers });
    const path = (req.url ?? '/').split('?')[0]!;
    const route = options.routes[path] ?? options.routes['*'];
    const answer: RouteResponse = !route
      ? { status: 404, body: 'not found' }
      : typeof route === 'function'
        ? route(req, scheme)
        : route;
    respond(answer, req, res, rawSockets);
  };

  const plain = http.createServer(handle('http'));
  const secure = options.cert
    ? https.createServer({ key: options.cert.keyPem, cert: options.cert.chainPem }, handle('https'))
    : undefined;

  const outer = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    rawSockets.set(socket.remotePort ?? 0, socket);
    socket.on('close', () => {
      sockets.delete(socket);
      rawSockets.delete(socket.remotePort ?? 0);
    });
    socket.on('error', () => {});
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) return;
      socket.unshift(first);
      const isTls = first[0] === 0x16;
      if ((isTls && (!secure || options.only === 'http')) || (!isTls && options.only === 'https')) {
        socket.destroy();
        return;
      }
      (isTls ? secure! : plain).emit('connection', socket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    outer.once('error', reject);
    outer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      outer.off('error', reject);
      resolve();
    });
  });
  state.port = (outer.address() as AddressInfo).port;
  return state;
}

function respond(answer: RouteResponse, req: http.IncomingMessage, res: http.ServerResponse, raw: Map<number, net.Socket>): void {
  const socket = raw.get(req.socket.remotePort ?? 0) ?? req.socket;
  switch (answer.behaviour) {
    case 'stall':
      return; // never answer; the client's timeout must fire
    case 'reset':
      socket.resetAndDestroy();
      return;
    case 'close':
      socket.destroy();
      return;
    case 'malformed-headers':
      socket.end('HTTP/1.1 200 OK\r\nBad Header Without Colon\r\nX\u0000Y: z\r\n\r\nhello');
      return;
    case 'flood': {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let left = answer.floodBytes ?? 50 * 1024 * 1024;
      const pump = () => {
        while (left > 0) {
          left -= chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => {});
      pump();
      return;
    }
  }
  const body = answer.body ?? '';
  const headers = answer.headers ?? [['Content-Type', 'text/html; charset=utf-8']];
  const flat: string[] = [];
  for (const [n, v] of headers) flat.push(n, v);
  res.writeHead(answer.status ?? 200, flat);
  res.end(body);
}
