/**
 * One SMTP conversation with an MX, as far as transport security goes: read the 220 greeting, EHLO,
 * STARTTLS when offered, the TLS handshake over the same socket, QUIT. It never says MAIL FROM: no
 * mail is ever sent. The address has passed the connect gate before the socket opens, and the whole
 * conversation runs under one deadline (greeting pauses included).
 */
import net, { type Socket } from 'node:net';
import tls, { type PeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import type { ConnectGate } from '../connect-gate.js';
import { isReply, ReplyReader, type ReplyFailure, type SmtpReply } from './reply-reader.js';

/** The name we say EHLO with: fixed, so that an MX's logs show who asked (and nothing about the user). */
export const EHLO_NAME = 'scorifya.invalid';

export interface SmtpConversationOptions {
  /** The MX host name (SNI and the certificate name to check are the caller's business). */
  host: string;
  address: string;
  port: number;
  /** Checked before the socket opens; absent only when the caller has just passed this address through it. */
  gate?: ConnectGate;
  /** Deadline for the whole conversation, greeting wait included. */
  deadlineMs: number;
  /** The TLS client's context (trust store, or a version-pinned context for the per-version tries). */
  secureContext: SecureContext;
  /** Stop after the handshake without reading the chain (per-version tries). */
  handshakeOnly?: boolean;
  signal?: AbortSignal;
}

export interface SmtpTlsFacts {
  protocol: string;
  cipher: string;
  ephemeralKeyBits?: number;
  /** Leaf first, DER. */
  chain: Buffer[];
  leaf?: PeerCertificate;
  authorized: boolean;
  authorizationError?: string;
}

export type SmtpFailureCode = 'connect_failed' | 'timeout' | 'closed' | 'bad_greeting' | 'rejected' | 'tls_failed' | 'aborted';

export interface SmtpConversation {
  banner?: string;
  greetingCode?: number;
  ehlo?: string[];
  starttlsOffered?: boolean;
  /** The STARTTLS command's reply when it was not 220. */
  starttlsRefused?: string;
  tls?: SmtpTlsFacts;
  /** When the conversation stopped before it was complete, why (code) and what we saw (detail). */
  failure?: { code: SmtpFailureCode; detail: string };
  /** From connecting to the end of the greeting (a deliberate pause shows here). */
  greetingMs?: number;
  elapsedMs: number;
}

const clip = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n)}…` : s);

function describe(f: ReplyFailure): { code: SmtpFailureCode; detail: string } {
  switch (f.kind) {
    case 'closed':
      return { code: 'closed', detail: f.partial ? `the server closed the connection after sending "${clip(f.partial)}"` : 'the server closed the connection' };
    case 'garbage':
      return { code: 'bad_greeting', detail: `the server sent a line that is not an SMTP reply: "${clip(f.line)}"` };
    default:
      return { code: 'bad_greeting', detail: 'the server sent a line or reply longer than SMTP allows' };
  }
}

/** Talk to one MX address. Resolves with what was learned; never rejects for what the server does. */
export async function smtpConversation(o: SmtpConversationOptions): Promise<SmtpConversation> {
  const t0 = performance.now();
  const out: SmtpConversation = { elapsedMs: 0 };
  const done = (failure?: SmtpConversation['failure']): SmtpConversation => {
    if (failure) out.failure = failure;
    out.elapsedMs = Math.round(performance.now() - t0);
    return out;
  };
  try {
    o.gate?.(o.address, o.port, 'smtp');
  } catch (err) {
    return done({ code: 'connect_failed', detail: (err as Error).message });
  }
  let socket: Socket | undefined;
  let secure: TLSSocket | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stop = new Promise<{ code: SmtpFailureCode; detail: string }>((resolve) => {
    timer = setTimeout(() => resolve({ code: 'timeout', detail: `no complete answer within ${o.deadlineMs} ms` }), o.deadlineMs);
    o.signal?.addEventListener('abort', () => resolve({ code: 'aborted', detail: 'the scan stopped this conversation' }), { once: true });
  });
  const race = <T>(p: Promise<T>): Promise<T | { stopped: { code: SmtpFailureCode; detail: string } }> =>
    Promise.race([p, stop.then((s) => ({ stopped: s }))]);
  const stopped = (v: unknown): v is { stopped: { code: SmtpFailureCode; detail: string } } =>
    typeof v === 'object' && v !== null && 'stopped' in v;
  try {
    socket = net.connect({ host: o.address, port: o.port });
    socket.on('error', () => undefined);
    const connected = await race(
      new Promise<true | Error>((resolve) => {
        socket!.once('connect', () => resolve(true));
        socket!.once('error', (e) => resolve(e));
      }),
    );
    if (stopped(connected)) return done(connected.stopped);
    if (connected !== true) return done({ code: 'connect_failed', detail: `${(connected as NodeJS.ErrnoException).code ?? 'error'}: ${connected.message}` });
    const reader = new ReplyReader(socket);
    const command = async (line: string | undefined): Promise<SmtpReply | { stopped: { code: SmtpFailureCode; detail: string } } | ReplyFailure> => {
      if (line !== undefined) socket!.write(`${line}\r\n`);
      return race(reader.next());
    };

    const greeting = await command(undefined);
    if (stopped(greeting)) return done(greeting.stopped);
    if (!isReply(greeting)) return done(describe(greeting));
    out.greetingMs = Math.round(performance.now() - t0);
    out.banner = clip(greeting.lines[0] ?? '', 512);
    out.greetingCode = greeting.code;
    if (greeting.code !== 220) return done({ code: 'rejected', detail: `the greeting was ${greeting.code} ${clip(greeting.lines.join(' '))} instead of 220` });

    const ehlo = await command(`EHLO ${EHLO_NAME}`);
    if (stopped(ehlo)) return done(ehlo.stopped);
    if (!isReply(ehlo)) return done(describe(ehlo));
    if (ehlo.code !== 250) {
      // No ESMTP, so no STARTTLS (RFC 3207 is an ESMTP extension): a complete, if poor, answer.
      out.ehlo = [];
      out.starttlsOffered = false;
      socket.write('QUIT\r\n');
      return done();
    }
    out.ehlo = ehlo.lines.slice(1, 40).map((l) => clip(l, 120));
    out.starttlsOffered = out.ehlo.some((l) => /^STARTTLS\b/i.test(l.trim()));
    if (!out.starttlsOffered) {
      socket.write('QUIT\r\n');
      return done();
    }

    const start = await command('STARTTLS');
    if (stopped(start)) return done(start.stopped);
    if (!isReply(start)) return done(describe(start));
    if (start.code !== 220) {
      out.starttlsRefused = `${start.code} ${clip(start.lines.join(' '))}`;
      return done({ code: 'rejected', detail: `STARTTLS was advertised but answered ${out.starttlsRefused}` });
    }
    reader.detach();
    const handshake = await race(
      new Promise<TLSSocket | Error>((resolve) => {
        const s = tls.connect({
          socket: socket!,
          servername: o.host,
          secureContext: o.secureContext,
          rejectUnauthorized: false,
          // Trust and name are reported separately: the name is checked by the caller (RFC 6125).
          checkServerIdentity: () => undefined,
        });
        secure = s;
        s.once('secureConnect', () => resolve(s));
        s.once('error', (e) => resolve(e));
      }),
    );
    if (stopped(handshake)) return done(handshake.stopped);
    if (handshake instanceof Error) return done({ code: 'tls_failed', detail: `${(handshake as NodeJS.ErrnoException).code ?? 'error'}: ${handshake.message}` });
    secure!.on('error', () => undefined);
    out.tls = tlsFacts(handshake, o.handshakeOnly ?? false);
    handshake.write('QUIT\r\n');
    return done();
  } finally {
    clearTimeout(timer);
    const s = secure ?? socket;
    if (s) {
      s.end();
      // A server that does not close after QUIT must not hold the socket open.
      setTimeout(() => s.destroy(), 200).unref();
    }
  }
}

function tlsFacts(s: TLSSocket, handshakeOnly: boolean): SmtpTlsFacts {
  const authError = s.authorizationError as unknown;
  const facts: SmtpTlsFacts = {
    protocol: s.getProtocol() ?? 'unknown',
    cipher: s.getCipher()?.standardName ?? s.getCipher()?.name ?? 'unknown',
    chain: [],
    authorized: s.authorized,
    ...(authError ? { authorizationError: typeof authError === 'string' ? authError : String((authError as Error).message ?? authError) } : {}),
  };
  const eph = s.getEphemeralKeyInfo();
  if (eph && typeof eph === 'object' && 'size' in eph && eph.size) facts.ephemeralKeyBits = eph.size;
  if (handshakeOnly) return facts;
  const leaf = s.getPeerCertificate(true);
  if (leaf && leaf.raw) {
    facts.leaf = leaf;
    // Walk the chain as served; OpenSSL links the last one to itself.
    const seen = new Set<string>();
    for (let c: tls.DetailedPeerCertificate | undefined = leaf; c && c.raw && !seen.has(c.fingerprint256) && facts.chain.length < 10; c = c.issuerCertificate) {
      seen.add(c.fingerprint256);
      facts.chain.push(c.raw);
    }
  }
  return facts;
}
