/**
 * Sends one raw ClientHello to a pinned address and reads until the server's answer can be
 * classified: ServerHello, alert, close, timeout, garbage, or too many bytes. Time and bytes are
 * bounded, the socket is always destroyed, and nothing here resolves names: the caller passes the
 * address the scan's NetContext pinned.
 */
import net from 'node:net';
import { parseServerFlight, type AlertInfo, type ServerHelloInfo, type Sslv2ServerHelloInfo } from './server-hello.js';
import { parseFullFlight, type ServerFlightInfo } from './dh-flight.js';

export interface HelloExchangeOptions {
  /** IP address returned by NetContext.resolveHost(); never a name. */
  address: string;
  port: number;
  hello: Uint8Array;
  /** Cap on connect + answer, in milliseconds. */
  timeoutMs: number;
  /** Stop reading after this many bytes without a decision. */
  maxBytes?: number;
  /** Accept an SSL 2.0 SERVER-HELLO as an answer. */
  sslv2?: boolean;
  /** Read past the ServerHello up to the ServerKeyExchange (or ServerHelloDone): answers `server_flight`. */
  readFlight?: boolean;
  signal?: AbortSignal;
}

/** How a one-hello exchange can end besides the answer its reader decides. */
export type ExchangeEnd =
  | { kind: 'closed'; bytesReceived: number }
  | { kind: 'timeout'; bytesReceived: number }
  | { kind: 'too_large'; bytesReceived: number }
  | { kind: 'connect_error'; code: string; message: string };

export type HelloAnswer =
  | ServerHelloInfo
  | ServerFlightInfo
  | Sslv2ServerHelloInfo
  | AlertInfo
  | { kind: 'invalid'; reason: string }
  /** The port answered the ClientHello in plain HTTP (its status line): it does not speak TLS. */
  | { kind: 'plain_http'; statusLine: string }
  | ExchangeEnd;

export type HelloOutcome = HelloAnswer & { elapsedMs: number };

const DEFAULT_MAX_BYTES = 64 * 1024;

export function exchangeHello(opts: HelloExchangeOptions): Promise<HelloOutcome> {
  return sendHelloAndRead('exchangeHello', { ...opts, maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES }, (received) => {
    const http = plainHttpAnswer(received);
    if (http === 'wait') return undefined;
    if (http) return { kind: 'plain_http', statusLine: http };
    const flight = opts.readFlight ? parseFullFlight(received) : parseServerFlight(received, { sslv2: opts.sslv2 });
    return flight.kind === 'incomplete' ? undefined : flight;
  });
}

/**
 * Connects to the pinned address, sends one hello and hands everything received so far to `decide`
 * until it returns an answer; time and bytes are bounded, the socket is always destroyed, and a
 * close, reset, stall or flood ends it with what it was. The raw exchanges share this (the
 * ServerHello passes, the Ticketbleed resumption).
 */
export function sendHelloAndRead<A extends { kind: string }>(
  caller: string,
  opts: { address: string; port: number; hello: Uint8Array; timeoutMs: number; maxBytes: number; signal?: AbortSignal },
  decide: (received: Buffer) => A | undefined,
): Promise<(A | ExchangeEnd) & { elapsedMs: number }> {
  if (net.isIP(opts.address) === 0) {
    return Promise.reject(new TypeError(`${caller} needs a pinned IP address, got '${opts.address}'`));
  }
  const started = performance.now();
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let settled = false;
    const socket = net.connect({ host: opts.address, port: opts.port });
    const finish = (outcome: A | ExchangeEnd): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({ ...outcome, elapsedMs: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', bytesReceived: received.length }), opts.timeoutMs);
    const onAbort = (): void => finish({ kind: 'timeout', bytesReceived: received.length });
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    socket.setNoDelay(true);
    socket.once('connect', () => socket.write(opts.hello));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = decide(received);
      if (answer) return finish(answer);
      if (received.length >= opts.maxBytes) finish({ kind: 'too_large', bytesReceived: received.length });
    });
    socket.on('end', () => finish({ kind: 'closed', bytesReceived: received.length }));
    socket.on('close', () => finish({ kind: 'closed', bytesReceived: received.length }));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A reset after some bytes is still "the server hung up on us".
      if (received.length > 0 || err.code === 'ECONNRESET' || err.code === 'EPIPE') {
        return finish({ kind: 'closed', bytesReceived: received.length });
      }
      finish({ kind: 'connect_error', code: err.code ?? 'ERROR', message: err.message });
    });
  });
}

/**
 * A plain-HTTP server answers a ClientHello with `HTTP/1.1 400 …` at once. Recognising that by its
 * first bytes says "this port speaks HTTP, not TLS" immediately instead of as an unparseable record.
 * Returns the status line (printable, bounded), 'wait' while the first five bytes could still be it.
 */
function plainHttpAnswer(received: Buffer): string | 'wait' | undefined {
  const start = received.subarray(0, 5).toString('latin1');
  if (!'HTTP/'.startsWith(start)) return undefined;
  if (received.length < 5) return 'wait';
  const line = received.subarray(0, 200).toString('latin1').split(/\r?\n/)[0]!;
  return line.replace(/[^\x20-\x7e]/g, '?');
}
