/**
 * Whole sites for the "what is wrong with HTTPS" cases: one loopback port that answers plain HTTP with
 * a redirect to https:// on the same port, and TLS with one configuration. The TLS side is a node:tls
 * web server (modern, TLS 1.0/1.1 only, NULL or anonymous suites only), or a TLS server in front of
 * which the port only forwards bytes: gnutls-serv (RC4 only, which OpenSSL 3 cannot serve) or the
 * fake legacy server (SSL 3.0 only, never completes a handshake). The last case is a port that speaks
 * only plain HTTP, as a misconfigured port 443 does: every request gets the page, a ClientHello a 400.
 */
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import { listenTlsOrPlain } from '../tls-or-plain.js';
import type { LeafFixture } from './certs.js';
import { LEGACY_TLS10_11, MODERN, startFakeLegacy, startGnutls, type NodeTlsConfig, type RunningServer } from './servers.js';
import { GOOD_HEADERS } from '../../support/evidence.js';

export type HttpsSiteKind = 'modern' | 'tls10-11-only' | 'null-anon-only' | 'rc4-only' | '3des-only' | 'ssl3-only' | 'plain-http-on-tls-port';

/** TLS 1.2 with suites that encrypt nothing or authenticate no one: OpenSSL 3 still serves them at level 0. */
export const NULL_ANON_ONLY: NodeTlsConfig = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.2',
  ciphers: 'NULL-SHA256:NULL-SHA:AECDH-AES128-SHA:@SECLEVEL=0',
};

/** gnutls-serv with RC4 as its only cipher, on TLS 1.2 and older. */
export const GNUTLS_RC4_ONLY = 'NONE:+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0:+ARCFOUR-128:+SHA1:+RSA:+ECDHE-RSA:+COMP-NULL:+SIGN-ALL:+CURVE-ALL';

/**
 * gnutls-serv with 3DES as its only cipher on TLS 1.2: Chromium and Firefox refuse it, Safari still
 * offers 3DES, and OpenSSL 3 (our HTTP client) has none, so it is the case of a site our client cannot
 * fetch although some current browser can.
 */
export const GNUTLS_3DES_ONLY = 'NONE:+VERS-TLS1.2:+3DES-CBC:+SHA1:+RSA:+ECDHE-RSA:+COMP-NULL:+SIGN-ALL:+CURVE-ALL';

export interface HttpsSite {
  port: number;
  /** The site's URL on 127.0.0.1 for `scheme`. */
  url(scheme?: 'http' | 'https', path?: string): string;
  /** Requests the web server answered, by scheme (the plain side and, when it is ours, the TLS side). */
  requests: { http: number; https: number };
  close(): Promise<void>;
}

const PAGE = '<!doctype html><html><head><title>lab</title></head><body>lab</body></html>';

export async function startHttpsSite(kind: HttpsSiteKind, cert: LeafFixture): Promise<HttpsSite> {
  const site: HttpsSite = { port: 0, url: (scheme = 'https', path = '/') => `${scheme}://127.0.0.1:${site.port}${path}`, requests: { http: 0, https: 0 }, close: async () => undefined };
  const page = (scheme: 'http' | 'https') => (req: http.IncomingMessage, res: http.ServerResponse) => {
    site.requests[scheme]++;
    if (scheme === 'http' && kind !== 'plain-http-on-tls-port') {
      res.writeHead(301, { Location: `https://${req.headers.host ?? `127.0.0.1:${site.port}`}${req.url ?? '/'}`, 'Content-Length': '0' });
      return void res.end();
    }
    res.writeHead(200, Object.fromEntries([...GOOD_HEADERS, ['Content-Type', 'text/html; charset=utf-8'], ['Set-Cookie', 'sid=1; Path=/']]));
    res.end(PAGE);
  };
  const plain = http.createServer(page('http'));
  let backend: RunningServer | undefined;
  let onTls: (socket: net.Socket) => void;
  if (kind === 'rc4-only' || kind === '3des-only' || kind === 'ssl3-only') {
    backend =
      kind === 'ssl3-only'
        ? await startFakeLegacy({ ssl2Kinds: [], ssl3Suites: [0x002f, 0x0035, 0x000a, 0x0005] })
        : await startGnutls(cert, kind === 'rc4-only' ? GNUTLS_RC4_ONLY : GNUTLS_3DES_ONLY);
    const port = backend.port;
    onTls = (socket) => {
      const upstream = net.connect({ host: '127.0.0.1', port });
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    };
  } else if (kind === 'plain-http-on-tls-port') {
    onTls = (socket) => plain.emit('connection', socket);
  } else {
    const config: NodeTlsConfig = kind === 'modern' ? MODERN : kind === 'tls10-11-only' ? LEGACY_TLS10_11 : NULL_ANON_ONLY;
    const secure = https.createServer(
      {
        key: cert.keyPem,
        cert: cert.chainPem,
        minVersion: config.minVersion ?? 'TLSv1.2',
        maxVersion: config.maxVersion ?? 'TLSv1.3',
        ciphers: config.ciphers!.includes('@SECLEVEL') ? config.ciphers : `${config.ciphers}:@SECLEVEL=0`,
      },
      page('https'),
    );
    secure.on('tlsClientError', () => undefined);
    onTls = (socket) => secure.emit('connection', socket);
  }

  const listener = await listenTlsOrPlain(onTls, (socket) => plain.emit('connection', socket));
  site.port = listener.port;
  site.close = async () => {
    await listener.close();
    await backend?.close();
  };
  return site;
}
