/**
 * A lab site with one page per header scenario: http:// redirects to https:// on the same path, and
 * the https page sends the scenario's headers. One server, many paths, so a test can scan each case.
 */
import type { RawHeader } from '../../src/model/http.js';
import { createLabCa, type LabCa } from './ca.js';
import { startLabServer, type LabServer, type RouteResponse } from './http-server.js';

export const LAB_HOST = 'api.target.test';

export interface HeaderSite {
  server: LabServer;
  ca: LabCa;
  /** Options that point a scan at this lab (allowPrivate, resolve pin, CA). */
  scanOptions: { allowPrivate: true; resolve: string[]; ca: string[]; timeoutMs: number };
  url(path: string, scheme?: 'http' | 'https'): string;
  close(): Promise<void>;
}

export interface Scenario {
  headers: RawHeader[];
  body?: string;
  /** Override what plain http answers (default: 301 to the https page). */
  http?: RouteResponse | ((req: import('node:http').IncomingMessage) => RouteResponse);
}

export async function startHeaderSite(scenarios: Record<string, Scenario | RouteResponse>): Promise<HeaderSite> {
  const ca = await createLabCa();
  // 127.0.0.1 is in the certificate too, so tools that cannot pin names (peers in benches) can use the IP.
  const cert = await ca.issue({ dnsNames: [LAB_HOST], ipAddresses: ['127.0.0.1'] });
  let port = 0;
  const routes: Record<string, (req: import('node:http').IncomingMessage, scheme: 'http' | 'https') => RouteResponse> = {};
  for (const [path, scenario] of Object.entries(scenarios)) {
    routes[path] = (req, scheme) => {
      // A raw RouteResponse (it names a status or a misbehaviour) is served as is on both schemes.
      if ('behaviour' in scenario || 'status' in scenario) return scenario as RouteResponse;
      const s = scenario as Scenario;
      // Redirect to the name the client used, so a client that connected by IP stays on the IP.
      if (scheme === 'http' && typeof s.http === 'function') return s.http(req);
      if (scheme === 'http') return s.http ?? { status: 301, headers: [['Location', `https://${req.headers.host ?? `${LAB_HOST}:${port}`}${req.url}`]] };
      return { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8'], ...s.headers], body: s.body ?? '<!doctype html><html><head><title>lab</title></head><body>lab page</body></html>' };
    };
  }
  const server = await startLabServer({ cert, routes });
  port = server.port;
  return {
    server,
    ca,
    scanOptions: { allowPrivate: true, resolve: [`${LAB_HOST}:${port}:127.0.0.1`], ca: [ca.certPem], timeoutMs: 3000 },
    url: (path, scheme = 'http') => `${scheme}://${LAB_HOST}:${port}${path}`,
    close: () => server.close(),
  };
}
