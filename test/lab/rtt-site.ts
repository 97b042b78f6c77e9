/**
 * The site the round-trip bench scans: a hardened WordPress install (so every category runs, WordPress
 * included) with good headers, plain HTTP redirecting to HTTPS on one port, and HTTPS served either
 * over HTTP/1.1 only or with HTTP/2 offered by ALPN (a Node http2 server that still speaks HTTP/1.1).
 * Names: example.test (the DNS lab's well-configured zone) and mta-sts.example.test.
 */
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import { createLabCa, type LabCa } from './ca.js';
import { hardenedWordPress } from './wordpress/sites.js';
import type { RouteResponse } from './http-server.js';
import { GOOD_HEADERS } from '../support/evidence.js';
import { listenTlsOrPlain } from './tls-or-plain.js';

export const RTT_HOST = 'example.test';

export interface RttSite {
  port: number;
  ca: LabCa;
  requests: number;
  close(): Promise<void>;
}

export async function startRttSite(options: { h2: boolean; ca?: LabCa }): Promise<RttSite> {
  const ca = options.ca ?? (await createLabCa());
  const cert = await ca.issue({ dnsNames: [RTT_HOST, `mta-sts.${RTT_HOST}`], ipAddresses: ['127.0.0.1'] });
  const routes = hardenedWordPress();
  const site: RttSite = { port: 0, ca, requests: 0, close: async () => undefined };

  type Req = http.IncomingMessage | http2.Http2ServerRequest;
  type Res = http.ServerResponse | http2.Http2ServerResponse;
  const handle = (scheme: 'http' | 'https') => (req: Req, res: Res) => {
    site.requests++;
    const host = (req.headers[':authority'] as string | undefined) ?? req.headers.host ?? `${RTT_HOST}:${site.port}`;
    let answer: RouteResponse;
    if (scheme === 'http') {
      answer = { status: 301, headers: [['Location', `https://${host}${req.url}`]], body: '' };
    } else {
      const path = (req.url ?? '/').split('?')[0]!;
      const route = routes[path] ?? routes['*']!;
      answer = typeof route === 'function' ? route(req as http.IncomingMessage, scheme) : route;
    }
    const headers: Record<string, string> = {};
    for (const [n, v] of [...(answer.headers ?? []), ...(scheme === 'https' ? GOOD_HEADERS : [])]) headers[n.toLowerCase()] = v;
    (res as http.ServerResponse).writeHead(answer.status ?? 200, headers);
    (res as http.ServerResponse).end(answer.body ?? '');
  };

  const plain = http.createServer(handle('http'));
  const tlsOptions = { key: cert.keyPem, cert: cert.chainPem };
  const secure = options.h2
    ? http2.createSecureServer({ ...tlsOptions, allowHTTP1: true }, handle('https'))
    : https.createServer(tlsOptions, handle('https'));
  secure.on('tlsClientError', () => undefined);
  const listener = await listenTlsOrPlain(
    (socket) => secure.emit('connection', socket),
    (socket) => plain.emit('connection', socket),
  );
  site.port = listener.port;
  site.close = () => listener.close();
  return site;
}
