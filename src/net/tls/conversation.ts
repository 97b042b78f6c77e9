/**
 * One raw TLS ≤ 1.2 conversation past the ServerHello, for the named-vulnerability probes: send a
 * ClientHello, read the server's first flight up to ServerHelloDone, send what the caller builds from
 * it (a heartbeat request, an early ChangeCipherSpec, a ClientKeyExchange …), then read the reply until
 * it can be classified: an alert, a heartbeat record, a close, silence, garbage or too many bytes.
 * Time and bytes are bounded, the socket is always destroyed, nothing here resolves names.
 */
import net from 'node:net';
import { MAX_FLIGHT, parseFlight, parseReply, type FlightAlert, type ServerFlightDone, type ServerReply } from './server-flight.js';

export interface ConversationOptions {
  /** IP address the scan pinned; never a name. */
  address: string;
  port: number;
  hello: Uint8Array;
  /** Cap on connect + first flight, in milliseconds. */
  timeoutMs: number;
  /** How long to wait for the reply to what we send after the flight. */
  replyWaitMs: number;
  /**
   * What to send once the flight is in; null ends the conversation there (e.g. the flight shows the
   * test does not apply). Called once.
   */
  next: (flight: ServerFlightDone) => Uint8Array | null;
  /** Stop reading the reply after this many bytes. */
  maxReplyBytes?: number;
  signal?: AbortSignal;
}

export type FlightFailure =
  | FlightAlert
  | { kind: 'invalid'; reason: string }
  | { kind: 'closed'; bytesReceived: number }
  | { kind: 'timeout'; bytesReceived: number }
  | { kind: 'too_large'; bytesReceived: number }
  | { kind: 'connect_error'; code: string; message: string };

export type ReplyOutcome =
  | Exclude<ServerReply, { kind: 'incomplete' }>
  | { kind: 'closed'; bytesReceived: number }
  | { kind: 'timeout'; bytesReceived: number }
  | { kind: 'too_large'; bytesReceived: number };

export type ConversationResult =
  | { stage: 'flight'; failure: FlightFailure; elapsedMs: number }
  | { stage: 'stopped'; flight: ServerFlightDone; elapsedMs: number }
  | { stage: 'reply'; flight: ServerFlightDone; reply: ReplyOutcome; elapsedMs: number };

const DEFAULT_MAX_REPLY = 24 * 1024;

export function converse(opts: ConversationOptions): Promise<ConversationResult> {
  if (net.isIP(opts.address) === 0) return Promise.reject(new TypeError(`converse needs a pinned IP address, got '${opts.address}'`));
  const maxReply = opts.maxReplyBytes ?? DEFAULT_MAX_REPLY;
  const started = performance.now();
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let flight: ServerFlightDone | undefined;
    let settled = false;
    const socket = net.connect({ host: opts.address, port: opts.port });
    const elapsed = (): number => Math.round(performance.now() - started);
    const finish = (result: ConversationResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const end = (kind: 'closed' | 'timeout' | 'too_large'): void => {
      const bytesReceived = received.length;
      if (flight) finish({ stage: 'reply', flight, reply: { kind, bytesReceived }, elapsedMs: elapsed() });
      else finish({ stage: 'flight', failure: { kind, bytesReceived }, elapsedMs: elapsed() });
    };
    let timer = setTimeout(() => end('timeout'), opts.timeoutMs);
    const onAbort = (): void => end('timeout');
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    socket.setNoDelay(true);
    socket.once('connect', () => socket.write(opts.hello));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!flight) {
        const parsed = parseFlight(received);
        if (parsed.kind === 'incomplete') {
          if (received.length > MAX_FLIGHT) end('too_large');
          return;
        }
        if (parsed.kind !== 'flight') return finish({ stage: 'flight', failure: parsed, elapsedMs: elapsed() });
        flight = parsed;
        const next = opts.next(parsed);
        if (!next) return finish({ stage: 'stopped', flight: parsed, elapsedMs: elapsed() });
        // The reply starts after the flight; whatever came with it (nothing, for a conforming server) is dropped.
        received = Buffer.alloc(0);
        clearTimeout(timer);
        timer = setTimeout(() => end('timeout'), opts.replyWaitMs);
        socket.write(next);
        return;
      }
      const reply = parseReply(received);
      if (reply.kind !== 'incomplete') return finish({ stage: 'reply', flight, reply, elapsedMs: elapsed() });
      if (received.length >= maxReply) end('too_large');
    });
    socket.on('end', () => end('closed'));
    socket.on('close', () => end('closed'));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (flight || received.length > 0 || err.code === 'ECONNRESET' || err.code === 'EPIPE') return end('closed');
      finish({ stage: 'flight', failure: { kind: 'connect_error', code: err.code ?? 'ERROR', message: err.message }, elapsedMs: elapsed() });
    });
  });
}

/** The result in words, for a verdict's detail. */
export function describeConversation(result: ConversationResult): string {
  if (result.stage === 'flight') {
    const f = result.failure;
    switch (f.kind) {
      case 'alert':
        return `the server answered the hello with alert ${f.description} ${f.name}`;
      case 'invalid':
        return `the server's first flight is not valid TLS: ${f.reason}`;
      case 'closed':
        return `the server closed the connection before ServerHelloDone (${f.bytesReceived} bytes)`;
      case 'timeout':
        return `no complete first flight within the time limit (${f.bytesReceived} bytes)`;
      case 'too_large':
        return `more than ${f.bytesReceived} bytes without ServerHelloDone`;
      case 'connect_error':
        return `connection failed: ${f.code}`;
    }
  }
  if (result.stage === 'stopped') return 'the test stopped after the first flight';
  return describeReply(result.reply);
}

export function describeReply(reply: ReplyOutcome): string {
  switch (reply.kind) {
    case 'alert':
      return reply.level === 0 ? `an ${reply.name}` : `alert ${reply.description} ${reply.name}`;
    case 'heartbeat':
      return `a ${reply.recordLength}-byte heartbeat record claiming a ${reply.payloadLength}-byte payload`;
    case 'invalid':
      return `a reply that is not valid TLS (${reply.reason})`;
    case 'closed':
      return reply.bytesReceived > 0 ? `a close after ${reply.bytesReceived} bytes` : 'a close without an alert';
    case 'timeout':
      return `no reply within the wait (${reply.bytesReceived} bytes)`;
    case 'too_large':
      return `more than ${reply.bytesReceived} bytes without an alert`;
  }
}
