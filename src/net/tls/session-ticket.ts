/**
 * One TLS ≤ 1.2 handshake through node:tls to a pinned address, only to learn whether the server issues
 * a session ticket (RFC 5077) and to keep it: the Ticketbleed test presents it again in a raw hello.
 * In TLS 1.2 the NewSessionTicket arrives before the server's Finished, so the ticket is in hand when
 * the handshake completes; nothing is sent after it. Time-capped; the socket is always destroyed.
 * The certificate is not judged here (the certificate handshake does that).
 */
import net from 'node:net';
import tls from 'node:tls';

export interface TicketOptions {
  address: string;
  port: number;
  serverName?: string;
  /** The best TLS ≤ 1.2 version the server speaks: the ticket is issued for it. */
  maxVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2';
  timeoutMs: number;
  signal?: AbortSignal;
}

export type TicketResult =
  | {
      ok: true;
      /** The ticket the server issued, null when it sent none. */
      ticket: Buffer | null;
      /** Negotiated protocol and suite (IANA name): the resumption hello must offer the same. */
      protocol: string;
      suite: string;
      elapsedMs: number;
    }
  | { ok: false; code: string; message: string; elapsedMs: number };

/** A ticket larger than this is not sent back: the hello must fit one record (RFC 5077 allows 65535; real ones are a few hundred bytes). */
export const MAX_TICKET = 16 * 1024;

// Without `ca` the context carries no extra roots: building one is cheap, and it is made once per version.
const contexts = new Map<string, tls.SecureContext>();
function contextFor(maxVersion: TicketOptions['maxVersion']): tls.SecureContext {
  let context = contexts.get(maxVersion);
  if (!context) {
    context = tls.createSecureContext({ minVersion: 'TLSv1', maxVersion, ciphers: 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' });
    contexts.set(maxVersion, context);
  }
  return context;
}

export function fetchSessionTicket(opts: TicketOptions): Promise<TicketResult> {
  if (net.isIP(opts.address) === 0) return Promise.reject(new TypeError(`fetchSessionTicket needs a pinned IP address, got '${opts.address}'`));
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect({
      host: opts.address,
      port: opts.port,
      ...(opts.serverName ? { servername: opts.serverName } : {}),
      secureContext: contextFor(opts.maxVersion),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    const finish = (result: TicketResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const fail = (code: string, message: string) => finish({ ok: false, code, message, elapsedMs: elapsed() });
    const timer = setTimeout(() => fail('TIMEOUT', `no completed handshake within ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onAbort = () => fail('ABORTED', 'the scan was cancelled');
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const ticket = socket.getTLSTicket();
      finish({
        ok: true,
        ticket: ticket && ticket.length > 0 ? Buffer.from(ticket) : null,
        protocol: socket.getProtocol() ?? 'unknown',
        suite: socket.getCipher().standardName,
        elapsedMs: elapsed(),
      });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ERROR', err.message));
    socket.on('close', () => fail('CLOSED', 'the server closed the connection before the handshake completed'));
  });
}
