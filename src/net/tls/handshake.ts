/**
 * One full TLS handshake through node:tls to a pinned address, to learn what only a completed
 * handshake reveals: the certificate chain and whether it validates, the negotiated suite, ALPN,
 * a stapled OCSP response, and the ephemeral key size. Time-capped; the socket is always destroyed.
 * Validation is recorded, never enforced (rejectUnauthorized: false), because a bad certificate is
 * exactly what the scan wants to describe.
 */
import net from 'node:net';
import tls from 'node:tls';
import { CLOSED, earlyDataOf, endedBeforeTicket, firstLine, noTicketWithin, ticketWaitMs, type EarlyDataOutcome } from './session-handshakes.js';

export interface HandshakeOptions {
  address: string;
  port: number;
  /** SNI; undefined for IP literals. */
  serverName?: string;
  /** Extra trusted roots (PEM) on top of Node's bundled roots. */
  ca: readonly string[];
  timeoutMs: number;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** OpenSSL cipher string (TLS 1.3 names included); defaults to everything OpenSSL can offer. */
  ciphers?: string;
  /** Append `@SECLEVEL=0` so legacy servers (TLS 1.0/1.1, SHA-1, small keys) can be reached. Default true. */
  legacy?: boolean;
  alpn?: string[];
  requestOCSP?: boolean;
  /**
   * When TLS 1.3 is negotiated, keep the connection open after the handshake for the server's first
   * session ticket and hand `onResult` its 0-RTT verdict (so the certificate handshake answers the
   * early-data question without a connection of its own). The result still resolves at the handshake;
   * `onResult` is called exactly once, with null when the handshake failed or negotiated an older
   * version, and the socket is destroyed then.
   */
  earlyData?: { minTicketWaitMs: number; onResult: (outcome: EarlyDataOutcome | null) => void };
  signal?: AbortSignal;
}

export interface HandshakeSuccess {
  ok: true;
  protocol: string;
  cipher: { name: string; standardName: string };
  alpn: string | null;
  authorized: boolean;
  authorizationError?: string;
  /** DER of each certificate: leaf first, as Node assembled the chain. */
  chain: Buffer[];
  ephemeral: { type?: string; name?: string; size?: number };
  ocspStapled: boolean;
  /** The stapled OCSP response's bytes (DER), null when none was stapled. */
  ocspResponse: Buffer | null;
  elapsedMs: number;
}

export interface HandshakeFailure {
  ok: false;
  /** Node/OpenSSL error code, or TIMEOUT / CLOSED. */
  code: string;
  message: string;
  /** Whether the failure is the server refusing parameters (an alert) rather than the connection dying. */
  alert: boolean;
  elapsedMs: number;
}

export type HandshakeResult = HandshakeSuccess | HandshakeFailure;

/**
 * Everything OpenSSL 3 can offer. TLS 1.3 suites must be named: Node caps the maximum version at
 * TLS 1.2 when the cipher string contains none.
 */
const ALL_CIPHERS =
  'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256:ALL:COMPLEMENTOFALL';

/**
 * Building a secure context with Node's ~150 roots costs far more than the handshake (it was 40 % of
 * a batch's CPU), so one context per distinct (roots, versions, ciphers) is made once and shared. It
 * is what tls.connect would build from the same options; clients resume no session without being
 * handed one, so sharing changes nothing on the wire.
 */
const contexts = new Map<string, tls.SecureContext>();
function sharedContext(opts: HandshakeOptions): tls.SecureContext {
  const options = {
    ca: [...tls.rootCertificates, ...opts.ca],
    minVersion: opts.minVersion ?? 'TLSv1',
    maxVersion: opts.maxVersion ?? 'TLSv1.3',
    ciphers: (opts.ciphers ?? ALL_CIPHERS) + (opts.legacy === false ? '' : ':@SECLEVEL=0'),
  } satisfies tls.SecureContextOptions;
  const key = `${options.minVersion}|${options.maxVersion}|${options.ciphers}|${opts.ca.join('')}`;
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext(options);
    if (contexts.size >= 64) contexts.delete(contexts.keys().next().value!);
    contexts.set(key, context);
  }
  return context;
}

export function tlsHandshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  if (net.isIP(opts.address) === 0) {
    return Promise.reject(new TypeError(`tlsHandshake needs a pinned IP address, got '${opts.address}'`));
  }
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let ocspStapled = false;
    let ocspResponse: Buffer | null = null;
    const options: tls.ConnectionOptions & { requestOCSP: boolean } = {
      host: opts.address,
      port: opts.port,
      ...(opts.serverName ? { servername: opts.serverName } : {}),
      secureContext: sharedContext(opts),
      rejectUnauthorized: false,
      ...(opts.alpn ? { ALPNProtocols: opts.alpn } : {}),
      requestOCSP: opts.requestOCSP ?? false,
      // Hostname is judged by the checks from the SAN list; never let Node throw on it.
      checkServerIdentity: () => undefined,
    };
    const socket = tls.connect(options);
    const early = opts.earlyData;
    let earlyDone = !early;
    const endEarly = (outcome: EarlyDataOutcome | null): void => {
      if (earlyDone) return;
      earlyDone = true;
      clearTimeout(ticketTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      early!.onResult(outcome);
    };
    let ticketTimer: NodeJS.Timeout | undefined;
    const finish = (result: HandshakeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (early && result.ok && result.protocol === 'TLSv1.3') {
        // The ticket comes about a round trip after the handshake: read (and drop) what arrives until then.
        socket.resume();
        const waitMs = ticketWaitMs(result.elapsedMs, early.minTicketWaitMs, opts.timeoutMs);
        ticketTimer = setTimeout(() => endEarly(noTicketWithin(waitMs)), waitMs);
        resolve(result);
        return;
      }
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
      endEarly(null);
    };
    const fail = (code: string, message: string, alert = false) => finish({ ok: false, code, message, alert, elapsedMs: elapsed() });
    const timer = setTimeout(() => fail('TIMEOUT', `no completed handshake within ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onAbort = () => (settled ? endEarly(endedBeforeTicket('the scan was cancelled')) : fail('ABORTED', 'the scan was cancelled'));
    // Listening before the handshake makes Node ask OpenSSL for the sessions it creates from tickets.
    if (early) socket.on('session', (session: Buffer) => settled && endEarly(earlyDataOf(session)));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    socket.on('OCSPResponse', (response: Buffer | null) => {
      ocspStapled = Boolean(response && response.length > 0);
      // Kept only when small enough to be an OCSP response (the revocation probe reads it).
      ocspResponse = response && response.length > 0 && response.length <= 64 * 1024 ? response : null;
    });
    socket.once('secureConnect', () => {
      const cipher = socket.getCipher();
      finish({
        ok: true,
        protocol: socket.getProtocol() ?? 'unknown',
        cipher: { name: cipher.name, standardName: cipher.standardName },
        alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
        authorized: socket.authorized,
        ...(socket.authorizationError ? { authorizationError: String((socket.authorizationError as Error & { code?: string }).code ?? socket.authorizationError) } : {}),
        chain: peerChain(socket),
        ephemeral: socket.getEphemeralKeyInfo() ?? {},
        ocspStapled,
        ocspResponse,
        elapsedMs: elapsed(),
      });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR';
      if (settled) return endEarly(endedBeforeTicket(`${code}: ${firstLine(err.message)}`));
      fail(code, err.message, /ALERT|NO_CIPHER|NO_SHARED_CIPHER|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE|VERSION_TOO_LOW|NO_SUITABLE/.test(code));
    });
    socket.on('close', () => (settled ? endEarly(endedBeforeTicket(CLOSED)) : fail('CLOSED', 'the server closed the connection before the handshake completed')));
    socket.on('end', () => settled && endEarly(endedBeforeTicket(CLOSED)));
  });
}

/** Walks getPeerCertificate(true) from the leaf up; stops at a self-issued root or a loop. */
function peerChain(socket: tls.TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
    if (!cert.issuerCertificate || cert.issuerCertificate === cert) break;
    cert = cert.issuerCertificate;
  }
  return chain;
}
