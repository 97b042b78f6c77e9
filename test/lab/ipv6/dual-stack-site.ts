/**
 * A lab site on one port of 127.0.0.1 and, as a scenario says, of ::1: the same site on both, a
 * different one (other security headers), or nothing at all listening on ::1 (an AAAA that points
 * where nothing listens). Scans reach it by name through a `--resolve` pin that gives the name both
 * addresses, IPv6 first, as a dual-stack DNS answer would.
 */
import net from 'node:net';
import type { RawHeader } from '../../../src/model/http.js';
import { createLabCa, type LabCa } from '../ca.js';
import { startLabServer, type LabServer, type RouteResponse } from '../http-server.js';

export const DUAL_HOST = 'dual.target.test';

export type V6Scenario = 'same' | 'different' | 'nothing-listens';

export interface DualStackSite {
  port: number;
  ca: LabCa;
  v4: LabServer;
  v6?: LabServer;
  /** Options that point a scan at this lab: both addresses pinned, the lab CA trusted. */
  scanOptions: { allowPrivate: true; resolve: string[]; ca: string[]; timeoutMs: number };
  url(path?: string, scheme?: 'http' | 'https'): string;
  close(): Promise<void>;
}

export const GOOD_HEADERS: RawHeader[] = [
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
  ['Content-Security-Policy', "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'"],
  ['X-Frame-Options', 'DENY'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
];

function routes(host: string, headers: RawHeader[], port: () => number): Record<string, (req: import('node:http').IncomingMessage, scheme: 'http' | 'https') => RouteResponse> {
  return {
    '*': (req, scheme) =>
      scheme === 'http'
        ? { status: 301, headers: [['Location', `https://${req.headers.host ?? `${host}:${port()}`}${req.url}`]] }
        : { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8'], ...headers], body: '<!doctype html><html><head><title>dual</title></head><body>dual-stack lab</body></html>' },
  };
}

async function portFreeOnV6(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '::1', () => probe.close(() => resolve(true)));
  });
}

export async function startDualStackSite(
  scenario: V6Scenario,
  options: { host?: string; v6Headers?: RawHeader[] } = {},
): Promise<DualStackSite> {
  const host = options.host ?? DUAL_HOST;
  // The different site: HSTS, CSP and X-Frame-Options missing over IPv6 (an old virtual host).
  const v6Headers = options.v6Headers ?? GOOD_HEADERS.slice(3);
  const ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: [host], ipAddresses: ['127.0.0.1', '::1'] });
  // The IPv4 port must be one that ::1 can serve too (or, for nothing-listens, one nothing holds on ::1).
  for (let attempt = 0; attempt < 20; attempt++) {
    let port = 0;
    const v4 = await startLabServer({ cert, routes: routes(host, GOOD_HEADERS, () => port) });
    port = v4.port;
    let v6: LabServer | undefined;
    try {
      if (scenario === 'nothing-listens') {
        if (!(await portFreeOnV6(port))) throw new Error('port taken on ::1');
      } else {
        v6 = await startLabServer({ cert, host: '::1', port, routes: routes(host, scenario === 'same' ? GOOD_HEADERS : v6Headers, () => port) });
      }
    } catch {
      await v4.close();
      continue;
    }
    return {
      port,
      ca,
      v4,
      ...(v6 ? { v6 } : {}),
      scanOptions: { allowPrivate: true, resolve: [`${host}:${port}:::1,127.0.0.1`], ca: [ca.certPem], timeoutMs: 3000 },
      url: (path = '/', scheme = 'https') => `${scheme}://${host}:${port}${path}`,
      close: async () => {
        await Promise.all([v4.close(), v6?.close()]);
      },
    };
  }
  throw new Error('no port free on both 127.0.0.1 and ::1');
}
