/**
 * Turns one request's events into an HttpExchange, whichever transport carried it (undici over
 * HTTP/1.1, our node:http2 session over HTTP/2): the body cap and its truncation flags, bounded
 * decoding, the request's deadline, its abort signal, and failures in words. A transport only reports
 * what it saw; every rule about the result lives here once.
 */
import type { HttpExchange, RawHeader } from '../model/http.js';
import type { ConnectionFacts } from './connect.js';
import { decodeBody } from './body-decode.js';
import { describeNetFailure } from './error-words.js';
import { NetError } from './errors.js';

/** What a transport calls as the exchange progresses. */
export interface ExchangeSink {
  /** The transport's way to stop this request (abort the stream or the connection). */
  onStart(abort: (reason?: Error) => void): void;
  /** The final response's status and its header fields in arrival order, duplicates kept. */
  onHeaders(status: number, statusText: string, headers: RawHeader[]): void;
  /** A body chunk; returns false once the body cap is reached (the transport stops reading). */
  onData(chunk: Buffer): boolean;
  onComplete(): void;
  onError(error: unknown): void;
}

export interface ExchangeParams {
  url: URL;
  method: string;
  bodyLimit: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The connection that carried the request (its address and TLS facts), once known. */
  connection(): ConnectionFacts | undefined;
  /** Whether a connection (TCP, and TLS for https) to the origin was ever established. */
  everConnected(): boolean;
}

/**
 * Response header bytes a client reads, over both protocols: Chromium's own limit (256 KiB; measured
 * with Debian's Chromium in test/compare/header-size-chromium.test.ts: 250 KB of fields load, 260 KB end
 * in ERR_RESPONSE_HEADERS_TOO_BIG over HTTP/1.1 and in an HTTP/2 error over h2). A page a browser renders
 * is judged; one it refuses is not measured, with the reason.
 */
export const MAX_RESPONSE_HEADER_BYTES = 256 * 1024;

/** Thrown into the transport to stop reading once the body cap is reached; not an error to callers. */
export class BodyCapReached extends Error {}

/** Run `start` (which begins the transport's request) and assemble its events into an exchange. */
export function assembleExchange(params: ExchangeParams, start: (sink: ExchangeSink) => void): Promise<HttpExchange> {
  const { url, method, bodyLimit: limit, timeoutMs, signal } = params;
  const started = performance.now();
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

    const settle = () => {
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
    };
    const finish = () => {
      if (settled) return;
      settle();
      const conn = params.connection();
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
      settle();
      const duringTls = url.protocol === 'https:' && !params.everConnected();
      reject(toNetError(error, url, timeoutMs, duringTls));
    };
    const onAbort = () => {
      const err = abortError(signal!, url);
      abort?.(err);
      fail(err);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadline = setTimeout(() => {
      if (status > 0) {
        // Headers arrived but the body stalls: keep what we have and say it was cut.
        truncated = true;
        truncatedBy = 'stalled';
        abort?.(new BodyCapReached());
        finish();
        return;
      }
      const err = params.everConnected()
        ? new NetError('TIMEOUT', `no response from ${url.host} within ${timeoutMs} ms`)
        : new NetError(
            'CONNECT_TIMEOUT',
            url.protocol === 'https:'
              ? `no TLS handshake with ${url.host} completed within ${timeoutMs} ms (the server accepted nothing or stalled mid-handshake)`
              : `could not connect to ${url.host} within ${timeoutMs} ms`,
          );
      abort?.(err);
      fail(err);
    }, timeoutMs);

    start({
      onStart(abortFn) {
        abort = abortFn;
        // Settled while it waited for a connection or a stream (deadline, abort): the transport must
        // not send it now, when nobody waits for it and its budget slot is already free.
        if (settled) abortFn(new NetError('ABORTED', `the request to ${url.host} ended before it could be sent`));
      },
      onHeaders(statusCode, message, headers) {
        status = statusCode;
        statusText = message;
        raw = headers;
      },
      onData(chunk) {
        total += chunk.length;
        if (kept < limit) {
          const room = limit - kept;
          chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
          kept += Math.min(room, chunk.length);
        }
        if (total <= limit) return true;
        truncated = true;
        truncatedBy = 'size_cap';
        abort?.(new BodyCapReached());
        finish();
        return false;
      },
      onComplete: finish,
      onError: fail,
    });
  });
}

export function abortError(signal: AbortSignal, url: URL): NetError {
  const reason = signal.reason as unknown;
  if (reason instanceof NetError) return reason;
  return new NetError('ABORTED', `the request to ${url.host} was cancelled`);
}

function toNetError(error: unknown, url: URL, timeoutMs: number, duringTls: boolean): NetError {
  if (error instanceof NetError) return error;
  const { code, message } = describeNetFailure(error, url.host, timeoutMs, duringTls);
  return new NetError(code, message, { cause: error });
}
