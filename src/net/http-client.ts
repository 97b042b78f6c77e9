/**
 * The scan's HTTP client, on undici. It follows no redirects (the probe records each hop), keeps the
 * raw header list in order (every Set-Cookie, duplicates), caps the body, bounds every phase in time,
 * connects only to the address the pinned resolver chose, and records how TLS verification went
 * instead of failing, so headers can still be judged on a site with a bad certificate.
 */
import { Agent, buildConnector, type Client } from 'undici';
import { createSecureContext, rootCertificates, type SecureContext, type TLSSocket } from 'node:tls';
import { isIP, type Socket } from 'node:net';
import type { HttpExchange, RawHeader, TlsConnectionInfo } from '../model/http.js';
import type { HttpClient, HttpRequest, RequestBudget } from './context.js';
import { NetError } from './errors.js';
import type { PinnedResolver } from './resolve.js';
import { decodeBody } from './body-decode.js';
import { describeNetFailure } from './error-words.js';
import type { ConnectGate } from './connect-gate.js';

export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; Scorifya/0.1; website security scorecard)';
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export interface HttpClientOptions {
  resolver: PinnedResolver;
  budget: RequestBudget;
  ca?: string[];
  timeoutMs: number;
  bodyLimit?: number;
  userAgent?: string;
  /** Connections per origin (HTTP/1.1 runs one request per connection at a time). Default 4. */
  connections?: number;
  /** Requests at once on one HTTP/2 connection. Default 1 (no multiplexing). */
  streams?: number;
  /** Checks and records every connection before its socket opens (the policy, again, and a log). */
  gate?: ConnectGate;
}

interface ConnectionFacts {
  remoteAddress: string;
  tls?: TlsConnectionInfo;
}

/** Thrown inside the handler to stop reading once the body cap is reached; not an error to callers. */
class BodyCapReached extends Error {}

export function createHttpClient(options: HttpClientOptions): HttpClient & { close(): Promise<void> } {
  const facts = new Map<string, ConnectionFacts>();
  /** Origins where a connection (TCP, and TLS for https) was established at least once. */
  const connected = new Set<string>();
  const connector = buildConnector({
    rejectUnauthorized: false,
    secureContext: trustStore(options.ca ?? []),
    timeout: options.timeoutMs,
    maxCachedSessions: 0,
    // HTTP/2 when the server offers it: many requests then share one connection (fewer handshakes,
    // no head-of-line wait for a free connection), which is what costs round trips on a real network.
    allowH2: true,
  });

  const agent = new Agent({
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    maxHeaderSize: 64 * 1024,
    keepAliveTimeout: 2_000,
    connections: options.connections ?? 4,
    allowH2: true,
    connect(connectOpts, callback) {
      const { hostname, protocol } = connectOpts;
      const port = Number(connectOpts.port) || (protocol === 'https:' ? 443 : 80);
      const host = hostname.replace(/^\[|\]$/g, '');
      options.resolver.resolve(host, port).then(
        (address) => {
          try {
            options.gate?.(address, port, protocol === 'https:' ? 'https' : 'http');
          } catch (err) {
            return callback(err as Error, null);
          }
          const servername = isIP(host) ? undefined : host;
          connector({ ...connectOpts, hostname: address, ...(servername ? { servername } : {}) }, (err, socket) => {
            if (err || !socket) return callback(err ?? new Error('connect failed'), null);
            connected.add(originKey(protocol, host, port));
            facts.set(originKey(protocol, host, port), describeSocket(socket, address, protocol === 'https:'));
            callback(null, socket);
          });
        },
        (err: unknown) => callback(err as Error, null),
      );
    },
  });

  // undici runs one request at a time per connection unless told otherwise, HTTP/2 included; a
  // connection that negotiated h2 may carry `streams` requests at once (HTTP/1.1 never pipelines).
  const streams = options.streams ?? 1;
  agent.on('connect', (origin: URL, targets: readonly unknown[]) => {
    const client = targets.at(-1) as Client | undefined;
    if (streams > 1 && client && isH2(origin.protocol, origin.hostname, Number(origin.port) || (origin.protocol === 'https:' ? 443 : 80))) {
      client.pipelining = streams;
    }
  });
  const isH2 = (protocol: string, hostname: string, port: number) =>
    facts.get(originKey(protocol, hostname.replace(/^\[|\]$/g, ''), port))?.tls?.alpn === 'h2';

  async function request(req: HttpRequest): Promise<HttpExchange> {
    const url = new URL(req.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new NetError('UNSUPPORTED_SCHEME', `only http and https can be fetched, not ${url.protocol}`);
    }
    if (req.signal?.aborted) throw abortError(req.signal, url);
    // Once an origin is known to speak HTTP/2, its requests take stream slots, not connection slots.
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const kind = streams > 1 && isH2(url.protocol, url.hostname, port) ? 'stream' : 'connection';
    return options.budget.run(() => send(url, req), kind);
  }

  function send(url: URL, req: HttpRequest): Promise<HttpExchange> {
    const started = performance.now();
    const limit = req.bodyLimit ?? options.bodyLimit ?? DEFAULT_BODY_LIMIT;
    const timeoutMs = req.timeoutMs ?? options.timeoutMs;
    const method = req.method ?? 'GET';
    const headers = defaultHeaders(req.headers ?? [], options.userAgent ?? DEFAULT_USER_AGENT);

    return new Promise<HttpExchange>((resolve, reject) => {
      let status = 0;
      let statusText = '';
      let raw: RawHeader[] = [];
      const chunks: Buffer[] = [];
      let kept = 0;
      let total = 0;
      let truncated = false;
      let truncatedBy: 'size_cap' | 'stalled' | undefined;
      let abort: ((reason?: Error) => void) | undefined;
      let settled = false;

      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        req.signal?.removeEventListener('abort', onAbort);
        const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
        const conn = facts.get(originKey(url.protocol, url.hostname.replace(/^\[|\]$/g, ''), port));
        const rawBody = Buffer.concat(chunks);
        const contentEncoding = raw.filter(([n]) => n.toLowerCase() === 'content-encoding').map(([, v]) => v).join(',');
        const decoding = method === 'HEAD' || !contentEncoding ? Promise.resolve(undefined) : decodeBody(rawBody, contentEncoding, limit);
        void decoding.then((decoded) => {
          resolve({
            url: url.href,
            method,
            status,
            statusText,
            headers: raw,
            body: (decoded?.body ?? rawBody).toString('utf8'),
            bodyBytes: total,
            bodyTruncated: truncated,
            ...(truncated && truncatedBy ? { truncatedBy } : {}),
            ...(decoded ? { encoding: decoded.encoding } : {}),
            remoteAddress: conn?.remoteAddress ?? '',
            ...(conn?.tls ? { tls: conn.tls } : {}),
            durationMs: Math.round(performance.now() - started),
          });
        });
      };
      const fail = (error: unknown) => {
        if (settled) return;
        if (error instanceof BodyCapReached || (status > 0 && truncated)) return finish();
        settled = true;
        clearTimeout(deadline);
        req.signal?.removeEventListener('abort', onAbort);
        const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
        const duringTls = url.protocol === 'https:' && !connected.has(originKey(url.protocol, url.hostname.replace(/^\[|\]$/g, ''), port));
        reject(toNetError(error, url, timeoutMs, duringTls));
      };
      const onAbort = () => {
        const err = abortError(req.signal!, url);
        abort?.(err);
        fail(err);
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const deadline = setTimeout(() => {
        if (status > 0) {
          // Headers arrived but the body stalls: keep what we have and say it was cut.
          truncated = true;
          truncatedBy = 'stalled';
          abort?.(new BodyCapReached());
          finish();
        } else {
          const neverConnected = !connected.has(originKey(url.protocol, url.hostname.replace(/^\[|\]$/g, ''), Number(url.port) || (url.protocol === 'https:' ? 443 : 80)));
          const err = neverConnected
            ? new NetError(
                'CONNECT_TIMEOUT',
                url.protocol === 'https:'
                  ? `no TLS handshake with ${url.host} completed within ${timeoutMs} ms (the server accepted nothing or stalled mid-handshake)`
                  : `could not connect to ${url.host} within ${timeoutMs} ms`,
              )
            : new NetError('TIMEOUT', `no response from ${url.host} within ${timeoutMs} ms`);
          abort?.(err);
          fail(err);
        }
      }, timeoutMs);

      agent.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method,
          headers: headers.flat(),
          ...(req.body !== undefined ? { body: req.body } : {}),
          reset: false,
          // OPTIONS and TRACE are safe methods too (RFC 9110 §9.2.1): undici would otherwise give each
          // one a connection of its own instead of a stream on the shared HTTP/2 connection.
          idempotent: SAFE_METHODS.has(method),
        },
        {
          onConnect(abortFn: (reason?: Error) => void) {
            abort = abortFn;
          },
          onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, statusMessage?: string) {
            status = statusCode;
            statusText = statusMessage ?? '';
            raw = pairHeaders(rawHeaders);
            return true;
          },
          onData(chunk: Buffer) {
            total += chunk.length;
            if (kept < limit) {
              const room = limit - kept;
              chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
              kept += Math.min(room, chunk.length);
            }
            if (total > limit) {
              truncated = true;
              truncatedBy = 'size_cap';
              abort?.(new BodyCapReached());
              finish();
              return false;
            }
            return true;
          },
          onComplete() {
            finish();
          },
          onError(error: Error) {
            fail(error);
          },
        } as never,
      );
    });
  }

  // destroy, not close: by now every request has settled for the scan, and one abandoned mid-connect
  // (timed out, or stopped because the port speaks plain HTTP) must not hold the scan open.
  return { request, close: () => agent.destroy().catch(() => undefined) };
}

/**
 * Building a secure context from ~150 root certificates costs more than the handshake itself, so one
 * context per distinct set of extra roots is made once and shared by every connection and scan.
 */
const trustStores = new Map<string, SecureContext>();
function trustStore(extraCa: readonly string[]): SecureContext {
  const key = extraCa.join('\n');
  let context = trustStores.get(key);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, ...extraCa] });
    if (trustStores.size > 32) trustStores.clear();
    trustStores.set(key, context);
  }
  return context;
}

function originKey(protocol: string, host: string, port: number): string {
  return `${protocol}//${host.toLowerCase()}:${port}`;
}

function describeSocket(socket: Socket, address: string, secure: boolean): ConnectionFacts {
  if (!secure) return { remoteAddress: address };
  const s = socket as TLSSocket;
  const authError = s.authorizationError as unknown;
  return {
    remoteAddress: address,
    tls: {
      authorized: s.authorized,
      ...(authError ? { authorizationError: typeof authError === 'string' ? authError : String((authError as Error).message ?? authError) } : {}),
      ...(s.getProtocol() ? { protocol: s.getProtocol()! } : {}),
      ...(s.getCipher()?.standardName ? { cipher: s.getCipher().standardName } : {}),
      ...(typeof s.alpnProtocol === 'string' ? { alpn: s.alpnProtocol } : {}),
    },
  };
}

function defaultHeaders(given: RawHeader[], userAgent: string): RawHeader[] {
  const has = (name: string) => given.some(([n]) => n.toLowerCase() === name);
  const headers: RawHeader[] = [...given];
  if (!has('user-agent')) headers.push(['User-Agent', userAgent]);
  if (!has('accept')) headers.push(['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8']);
  // Identity encoding keeps body caps meaningful and signatures matchable without decompression.
  if (!has('accept-encoding')) headers.push(['Accept-Encoding', 'identity']);
  return headers;
}

/** undici hands raw headers as a flat [name, value, name, value…] list of buffers. */
function pairHeaders(rawHeaders: Buffer[]): RawHeader[] {
  const pairs: RawHeader[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    pairs.push([rawHeaders[i]!.toString('latin1'), rawHeaders[i + 1]!.toString('latin1')]);
  }
  return pairs;
}

function abortError(signal: AbortSignal, url: URL): NetError {
  const reason = signal.reason as unknown;
  if (reason instanceof NetError) return reason;
  return new NetError('ABORTED', `the request to ${url.host} was cancelled`);
}

function toNetError(error: unknown, url: URL, timeoutMs: number, duringTls: boolean): NetError {
  if (error instanceof NetError) return error;
  const { code, message } = describeNetFailure(error, url.host, timeoutMs, duringTls);
  return new NetError(code, message, { cause: error });
}
