/**
 * Hostile plain-HTTP servers, one per case, each on its own loopback port. A case's handler answers
 * every request the same way (a scan asks for many paths); a TLS ClientHello on the same port gets
 * the immediate `400 Bad Request` a plain-HTTP server sends, unless the case says otherwise.
 */
import type net from 'node:net';
import { brotliBomb, deflateBomb, gzipBomb } from './bombs.js';
import { httpResponse, startRawServer, streamBody, trickle, type RawHandler, type RawServer, type RawServerOptions } from './raw-server.js';

const HTML = [['Content-Type', 'text/html; charset=utf-8']] as [string, string][];

/** Answer with a status line and headers, then stream `total` bytes of `chunk` (no Content-Length games). */
function bigBody(total: number, chunk: Buffer, type = 'text/html'): RawHandler {
  return (socket) => {
    socket.write(`HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${total}\r\nConnection: close\r\n\r\n`);
    streamBody(socket, total, chunk);
  };
}

function encoded(encoding: string, body: () => Buffer): RawHandler {
  return (socket) => socket.end(httpResponse('200 OK', [...HTML, ['Content-Encoding', encoding]], body()));
}

/** Raw bytes, exactly as given, then close. */
const raw = (bytes: string | Buffer): RawHandler => (socket) => socket.end(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);

const redirectTo = (location: string | ((req: { path: string }, server: RawServer) => string)): ((server: () => RawServer) => RawHandler) =>
  (server) => (socket, req) =>
    socket.end(httpResponse('302 Found', [['Location', typeof location === 'string' ? location : location(req, server())]], ''));

/** A handler that needs its own server (to build absolute URLs on its own port). */
type HandlerFactory = (server: () => RawServer) => RawHandler;

export interface HttpCaseDef {
  handler?: RawHandler;
  /** For handlers that need their own server (absolute URLs on its own port). */
  factory?: HandlerFactory;
  server?: RawServerOptions;
  /** Expensive set-up (building a bomb) done before the server listens, not inside a request. */
  prepare?: () => void;
}

const nested = (depth: number) => `<!doctype html><html><head><title>deep</title></head><body>${'<div>'.repeat(depth)}x${'</div>'.repeat(depth)}</body></html>`;

export const HTTP_CASES = {
  /** Accepts the connection and never sends a byte, on either scheme. */
  'stall-after-accept': { handler: () => undefined, server: { onTls: () => undefined } },
  /** Status line and headers at once, then the body one byte per second. */
  'one-byte-per-second': {
    handler: (socket: net.Socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n');
      trickle(socket, Buffer.from(`<html><head><title>slow</title></head><body>${'.'.repeat(99_950)}`), 1000);
    },
  },
  /** 100 MB body: the scan keeps its cap and hangs up. */
  'body-100mb': { handler: bigBody(100 * 1024 * 1024, Buffer.from('<p>filler filler filler filler</p>\n'.repeat(2000))) },
  /** 50 MB of HTML. */
  'html-50mb': {
    handler: (socket: net.Socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<!doctype html><html><head><title>big</title>');
      streamBody(socket, 50 * 1024 * 1024, Buffer.from('<meta name="x" content="y">'.repeat(4000)));
    },
  },
  /** 100,000 nested elements in a 700 KB page. */
  'nested-100k': { handler: (socket: net.Socket) => socket.end(httpResponse('200 OK', HTML, nested(100_000))) },
  'gzip-bomb': { handler: encoded('gzip', () => gzipBomb(1024)), prepare: () => gzipBomb(1024) },
  'deflate-bomb': { handler: encoded('deflate', () => deflateBomb(1024)), prepare: () => deflateBomb(1024) },
  'brotli-bomb': { handler: encoded('br', () => brotliBomb(1024)), prepare: () => brotliBomb(1024) },
  'redirect-loop': { handler: (socket: net.Socket, req) => socket.end(httpResponse('302 Found', [['Location', req.path]], '')) },
  'redirect-chain-50': {
    handler: (socket: net.Socket, req) => {
      const n = Number(/^\/hop\/(\d+)/.exec(req.path)?.[1] ?? 0);
      if (n >= 50) socket.end(httpResponse('200 OK', HTML, '<html><body>the end</body></html>'));
      else socket.end(httpResponse('302 Found', [['Location', `/hop/${n + 1}`]], ''));
    },
  },
  'redirect-file': { factory: redirectTo('file:///etc/passwd') },
  'redirect-gopher': { factory: redirectTo((_req, s) => `gopher://127.0.0.1:${s.port}/_GET%20/`) },
  'redirect-data': { factory: redirectTo('data:text/html,<script>alert(1)</script>') },
  'redirect-javascript': { factory: redirectTo('javascript:alert(document.domain)') },
  'status-garbage': { handler: raw('HTTP/1.1 2xx Maybe\r\nContent-Length: 0\r\n\r\n') },
  'status-bad-version': { handler: raw('HTTP/9.7 200 OK\r\nContent-Length: 0\r\n\r\n') },
  'status-not-http': { handler: raw('SMTP 220 mail.example ESMTP ready\r\n\r\n') },
  'status-huge-code': { handler: raw('HTTP/1.1 99999 Whatever\r\nContent-Length: 0\r\n\r\n') },
  'headers-30000': {
    handler: raw(`HTTP/1.1 200 OK\r\n${Array.from({ length: 30_000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\nContent-Length: 0\r\n\r\n`),
  },
  'header-1mb': { handler: raw(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(1024 * 1024)}\r\nContent-Length: 0\r\n\r\n`) },
  'header-nul': { handler: raw('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Frame-Options: DE\u0000NY\r\nContent-Length: 0\r\n\r\n') },
  /** C0 controls are refused by every HTTP parser; C1 controls (0x80–0x9f, "obs-text") pass and must be escaped. */
  'header-control-bytes': {
    handler: raw(
      'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nServer: Apache/2.2.3 \x9b2J\x9b31mPWNED\x9b0m\r\nX-Powered-By: PHP/5.4.1\x85\x9d0;title\x9c\r\nContent-Length: 13\r\n\r\n<html></html>',
    ),
  },
  'set-cookie-15000': {
    handler: raw(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n${Array.from({ length: 15_000 }, (_, i) => `Set-Cookie: c${i}=${i}`).join('\r\n')}\r\nContent-Length: 13\r\n\r\n<html></html>`),
  },
  /** A plain-HTTP server that waits for a request line a ClientHello never completes: TLS sees silence. */
  'plain-http-silent-to-tls': {
    handler: (socket: net.Socket) => socket.end(httpResponse('200 OK', HTML, '<html><head><title>plain</title></head></html>')),
    server: { onTls: () => undefined },
  },
  /** A plain-HTTP server that answers a ClientHello with 400 at once (what nginx and Node do). */
  'plain-http-400-to-tls': {
    handler: (socket: net.Socket) => socket.end(httpResponse('200 OK', HTML, '<html><head><title>plain</title></head></html>')),
  },
  /** An HTTP/0.9 server: no status line, no headers, just the document, then close. */
  'http09': { handler: raw('<html><head><title>0.9</title></head><body>hello from 1991</body></html>\n') },
} satisfies Record<string, HttpCaseDef>;

export type HttpCaseId = keyof typeof HTTP_CASES;

export async function startHttpCase(id: HttpCaseId, host = '127.0.0.1'): Promise<RawServer> {
  const def: HttpCaseDef = HTTP_CASES[id];
  def.prepare?.();
  let server: RawServer | undefined;
  const handler: RawHandler = def.factory ? def.factory(() => server!) : def.handler!;
  server = await startRawServer(handler, { host, ...def.server });
  return server;
}
