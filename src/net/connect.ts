/**
 * Opens the HTTP client's sockets to the target: the pinned address only, the connect gate before
 * every socket, our trust store, and TLS verification recorded rather than enforced (a site with a bad
 * certificate still gets its headers judged). Both transports use it: undici for HTTP/1.1 and our
 * node:http2 sessions, so a connection is opened and described one way whichever protocol it speaks.
 */
import net, { isIP, type Socket } from 'node:net';
import tls, { createSecureContext, rootCertificates, type SecureContext, type TLSSocket } from 'node:tls';
import type { TlsConnectionInfo } from '../model/http.js';
import type { ConnectGate } from './connect-gate.js';
import { NetError } from './errors.js';
import type { PinnedResolver } from './resolve.js';

export interface ConnectionFacts {
  remoteAddress: string;
  tls?: TlsConnectionInfo;
}

export interface OriginParts {
  protocol: 'http:' | 'https:';
  /** Host name or IP literal, without IPv6 brackets. */
  host: string;
  port: number;
}

export interface Connection {
  socket: Socket;
  facts: ConnectionFacts;
}

export interface ConnectOptions {
  resolver: PinnedResolver;
  gate?: ConnectGate;
  /** Extra trusted roots (PEM), added to Node's; the store is built on the first https connection. */
  ca: readonly string[];
  timeoutMs: number;
}

/** The origin of a URL as the client keys it (IPv6 brackets dropped, default port filled in). */
export function originOf(url: URL): OriginParts {
  const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
  return { protocol, host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (protocol === 'https:' ? 443 : 80) };
}

export function originKey(o: OriginParts): string {
  return `${o.protocol}//${o.host.toLowerCase()}:${o.port}`;
}

/**
 * Connect to `origin` and, for https, complete the TLS handshake offering `alpn` (HTTP/2 and HTTP/1.1
 * for an origin whose protocol is not known yet, HTTP/1.1 alone once it is). Rejects with the socket's
 * or OpenSSL's own error (net/error-words turns it into words), a TargetRefusedError from the gate, or
 * CONNECT_TIMEOUT.
 */
export async function openConnection(origin: OriginParts, alpn: string[], options: ConnectOptions): Promise<Connection> {
  const address = await options.resolver.resolve(origin.host, origin.port);
  // The Happy Eyeballs race (happy-eyeballs.ts) may have connected already: its winner carries on,
  // the gate having passed it when its attempt started.
  const parked = options.resolver.takeParked(address, origin.port);
  if (!parked) options.gate?.(address, origin.port, origin.protocol === 'https:' ? 'https' : 'http');
  const secure = origin.protocol === 'https:';
  return new Promise<Connection>((resolve, reject) => {
    const socket: Socket = secure
      ? tls.connect({
          ...(parked ? { socket: parked } : { host: address, port: origin.port }),
          ...(isIP(origin.host) ? {} : { servername: origin.host }),
          secureContext: trustStore(options.ca),
          rejectUnauthorized: false,
          ALPNProtocols: alpn,
        })
      : (parked ?? net.connect({ host: address, port: origin.port }));
    if (parked && !secure) {
      // Already connected: no 'connect' event will come.
      parked.removeAllListeners('error');
      parked.on('error', () => undefined);
      parked.setNoDelay(true);
      parked.setKeepAlive(true, 60_000);
      resolve({ socket: parked, facts: { remoteAddress: address } });
      return;
    }
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new NetError(
          'CONNECT_TIMEOUT',
          secure
            ? `no TLS handshake with ${origin.host}:${origin.port} completed within ${options.timeoutMs} ms (the server accepted nothing or stalled mid-handshake)`
            : `could not connect to ${origin.host}:${origin.port} within ${options.timeoutMs} ms`,
        ),
      );
    }, options.timeoutMs);
    const onError = (err: Error) => {
      clearTimeout(timer);
      reject(err);
    };
    socket.once('error', onError);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      // From here the transport listens for errors; until it attaches (a socket may wait for undici to
      // load) a reset must not become an uncaught 'error' event. The transport still hears it.
      socket.on('error', () => undefined);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 60_000);
      resolve({ socket, facts: describeSocket(socket, address, secure) });
    });
  });
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

/**
 * Building a secure context from ~150 root certificates costs more than the handshake itself (~40 ms),
 * so one context per distinct set of extra roots is made once, when a first https connection needs it
 * (not before a plain-http first request), and shared by every connection and scan.
 */
const trustStores = new Map<string, SecureContext>();
export function trustStore(extraCa: readonly string[]): SecureContext {
  const key = extraCa.join('\n');
  let context = trustStores.get(key);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, ...extraCa] });
    if (trustStores.size > 32) trustStores.clear();
    trustStores.set(key, context);
  }
  return context;
}
