/**
 * Two node:tls handshakes that ask about what happens after a handshake, not in it:
 * - whether the server lets the client renegotiate (a second full handshake on the same
 *   connection, started by the client: TLS ≤ 1.2 only);
 * - whether a TLS 1.3 session ticket allows early data (0-RTT), read from the session OpenSSL
 *   stores from the server's NewSessionTicket.
 * Each connects to the pinned address only, is capped in time, sends no application data, and
 * always destroys its socket. Certificates are not judged here (rejectUnauthorized: false).
 */
import net from 'node:net';
import tls from 'node:tls';
import { maxEarlyDataOf } from './session-asn1.js';

export interface SessionHandshakeOptions {
  address: string;
  port: number;
  /** SNI; undefined for IP literals. */
  serverName?: string;
  /** Cap for the whole exchange (handshake and what follows). */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What the exchange showed, as facts: accepted, refused, or could not tell (with the words why). */
export interface SessionOutcome {
  outcome: 'accepted' | 'refused' | 'inconclusive';
  detail: string;
}

/** What the renegotiation test's first handshake learnt: the session ticket it was issued (RFC 5077), with the negotiated protocol and suite (IANA name). */
export interface FirstHandshake {
  ticket: Buffer | null;
  protocol: string;
  suite: string;
  elapsedMs: number;
}

export interface EarlyDataOutcome extends SessionOutcome {
  /** max_early_data_size of the first ticket; null when no ticket was read. */
  maxEarlyDataSize: number | null;
}

/** Everything OpenSSL can offer up to TLS 1.2, legacy included: the point is to reach the server, not to judge its suites. */
const LEGACY_CIPHERS = 'ALL:COMPLEMENTOFALL:@SECLEVEL=0';
const contexts = new Map<string, tls.SecureContext>();
function context(kind: 'reneg' | 'tls13'): tls.SecureContext {
  let c = contexts.get(kind);
  if (!c) {
    c =
      kind === 'reneg'
        ? tls.createSecureContext({ minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: LEGACY_CIPHERS })
        : tls.createSecureContext({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    contexts.set(kind, c);
  }
  return c;
}

/** Opens the connection and settles once: the callback decides, the timer, abort, errors and close end it. */
function connect<T>(
  opts: SessionHandshakeOptions,
  kind: 'reneg' | 'tls13',
  onFailure: (why: string, stage: 'handshake' | 'after') => T,
  setup: (socket: tls.TLSSocket, finish: (result: T) => void, fail: (why: string) => void) => void,
): Promise<T> {
  if (net.isIP(opts.address) === 0) return Promise.reject(new TypeError(`needs a pinned IP address, got '${opts.address}'`));
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    const socket = tls.connect({
      host: opts.address,
      port: opts.port,
      ...(opts.serverName ? { servername: opts.serverName } : {}),
      secureContext: context(kind),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    const finish = (result: T): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const fail = (why: string) => finish(onFailure(why, connected ? 'after' : 'handshake'));
    const timer = setTimeout(() => fail(`no answer within ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onAbort = () => fail('the scan was cancelled');
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => (connected = true));
    // Read (and drop) whatever the server sends, so that its close is seen even after data.
    socket.resume();
    socket.on('error', (err: NodeJS.ErrnoException) => fail(`${err.code ?? 'ERROR'}: ${firstLine(err.message)}`));
    socket.on('close', () => fail(CLOSED));
    socket.on('end', () => fail(CLOSED));
    setup(socket, finish, fail);
  });
}

export const CLOSED = 'the server closed the connection';
export const firstLine = (s: string) => s.split('\n')[0]!.replace(/^[0-9A-F]+:error:[0-9A-F]+:/, '').trim();

/**
 * Completes a TLS ≤ 1.2 handshake, then starts a renegotiation from the client side. A second
 * handshake that completes means the server accepts client-initiated renegotiation; a
 * no_renegotiation alert, another alert or a close means it refuses; silence is not a verdict.
 */
/**
 * `onHandshake` hears the first handshake and says whether to go on (the caller may still be deciding
 * whether renegotiation applies); when it says no, the connection is closed and the outcome is
 * inconclusive ("not asked"), for the caller to replace with its own verdict.
 */
export function tryClientRenegotiation(opts: SessionHandshakeOptions & { minAnswerWaitMs: number; onHandshake?: (first: FirstHandshake) => boolean | Promise<boolean> }): Promise<SessionOutcome> {
  const started = performance.now();
  return connect<SessionOutcome>(
    opts,
    'reneg',
    (why, stage) => {
      if (stage === 'handshake') return { outcome: 'inconclusive', detail: `the first handshake did not complete (${why})` };
      if (/NO_RENEGOTIATION/.test(why)) return { outcome: 'refused', detail: 'the server answered the renegotiation with a no_renegotiation alert' };
      if (/^no answer within/.test(why)) return { outcome: 'inconclusive', detail: `the server did not answer the renegotiation (${why})` };
      if (/UNSAFE_LEGACY_RENEGOTIATION/.test(why)) return { outcome: 'inconclusive', detail: 'the server lacks secure renegotiation, and OpenSSL (the client) refuses insecure renegotiation' };
      if (why === CLOSED) return { outcome: 'refused', detail: 'the server closed the connection instead of renegotiating' };
      return { outcome: 'refused', detail: `the server ended the connection on the renegotiation (${why})` };
    },
    (socket, finish, fail) => {
      socket.once('secureConnect', () => {
        const protocol = socket.getProtocol() ?? 'TLS';
        // The first handshake is the one the Ticketbleed test needs (the best TLS ≤ 1.2, every suite
        // offered): its session ticket, if any, is in hand now, before the renegotiation changes anything.
        const ticket = socket.getTLSTicket();
        const first = { ticket: ticket && ticket.length > 0 ? Buffer.from(ticket) : null, protocol, suite: socket.getCipher().standardName, elapsedMs: Math.round(performance.now() - started) };
        void Promise.resolve(opts.onHandshake?.(first) ?? true).then((goOn) => {
          if (goOn) renegotiate(protocol, first.elapsedMs);
          else finish({ outcome: 'inconclusive', detail: 'not asked: renegotiation does not apply' });
        });
      });
      const renegotiate = (protocol: string, took: number): void => {
        const asked = socket.renegotiate({ rejectUnauthorized: false }, (err) => {
          if (!err) finish({ outcome: 'accepted', detail: `a second handshake, started by the client on a ${protocol} connection, completed` });
          // An error here is also emitted on the socket, where the failure handler words it.
        });
        if (!asked) return finish({ outcome: 'inconclusive', detail: `OpenSSL could not start a renegotiation on the ${protocol} connection` });
        // A renegotiation costs the server what the first handshake did: wait as long as that took (at
        // least `minAnswerWaitMs`), not the whole cap, so a server that ignores it does not hold the scan.
        const waitMs = Math.round(Math.max(opts.minAnswerWaitMs, Math.min(2 * took, opts.timeoutMs - took)));
        const wait = setTimeout(() => fail(`no answer within ${waitMs} ms`), waitMs);
        socket.once('close', () => clearTimeout(wait));
      };
    },
  );
}

/**
 * Completes a TLS 1.3 handshake and waits for the first session ticket; reads max_early_data from
 * the session OpenSSL made of it. Servers send tickets when the client's Finished arrives, so the
 * ticket comes about one round trip after the handshake ends here: the wait is as long as the
 * handshake took (two round trips with TCP's), at least `minTicketWaitMs`, within the cap. No
 * ticket means no resumption, and without resumption no early data.
 */
export function readEarlyDataTicket(opts: SessionHandshakeOptions & { minTicketWaitMs: number }): Promise<EarlyDataOutcome> {
  const started = performance.now();
  return connect<EarlyDataOutcome>(
    opts,
    'tls13',
    (why, stage) => (stage === 'handshake' ? { outcome: 'inconclusive', maxEarlyDataSize: null, detail: `the TLS 1.3 handshake did not complete (${why})` } : endedBeforeTicket(why)),
    (socket, finish) => {
      // Listening before the handshake makes Node ask OpenSSL for the sessions it creates from tickets.
      socket.on('session', (session: Buffer) => finish(earlyDataOf(session)));
      socket.once('secureConnect', () => {
        const waitMs = ticketWaitMs(performance.now() - started, opts.minTicketWaitMs, opts.timeoutMs);
        const wait = setTimeout(() => finish(noTicketWithin(waitMs)), waitMs);
        socket.once('close', () => clearTimeout(wait));
      });
    },
  );
}

/**
 * How long to wait for a TLS 1.3 session ticket once the handshake is done: servers send it when the
 * client's Finished arrives, about one round trip later, so as long as the handshake took (two round
 * trips with TCP's), at least `minWaitMs`, within the cap.
 */
export function ticketWaitMs(tookMs: number, minWaitMs: number, timeoutMs: number): number {
  return Math.round(Math.max(minWaitMs, Math.min(tookMs, timeoutMs - tookMs)));
}

/** The 0-RTT verdict of the first TLS 1.3 session ticket, from the session OpenSSL made of it. */
export function earlyDataOf(session: Buffer): EarlyDataOutcome {
  const field = maxEarlyDataOf(session);
  if (!field.ok) return { outcome: 'inconclusive', maxEarlyDataSize: null, detail: `the session ticket could not be read: ${field.reason}` };
  if (field.maxEarlyData > 0) return { outcome: 'accepted', maxEarlyDataSize: field.maxEarlyData, detail: `the session ticket allows ${field.maxEarlyData} bytes of early data (0-RTT)` };
  return { outcome: 'refused', maxEarlyDataSize: 0, detail: 'the session ticket carries no early_data extension' };
}

export const noTicketWithin = (waitMs: number): EarlyDataOutcome => ({
  outcome: 'refused',
  maxEarlyDataSize: null,
  detail: `no session ticket within ${waitMs} ms of the handshake: no resumption, so no early data`,
});

export const endedBeforeTicket = (why: string): EarlyDataOutcome => ({
  outcome: 'inconclusive',
  maxEarlyDataSize: null,
  detail: `the connection ended before a session ticket arrived (${why})`,
});
