/** Hand-written HTTP evidence for the cookie checks: chains whose hops carry the given headers. */
import type { Evidence } from '../../src/model/evidence.js';
import type { HttpExchange, RawHeader, RedirectChain } from '../../src/model/http.js';

export function hop(url: string, headers: RawHeader[], status = 200): HttpExchange {
  return { url, method: 'GET', status, statusText: '', headers, body: '', bodyBytes: 0, bodyTruncated: false, remoteAddress: '127.0.0.1', durationMs: 1 };
}

export function chain(start: string, hops: HttpExchange[]): RedirectChain {
  return { start, hops, outcome: 'final' };
}

/** Evidence whose https chain's final response sets the given cookies (and an optional http chain). */
export function cookieEvidence(setCookies: string[], options: { url?: string; httpHops?: HttpExchange[] } = {}): Evidence {
  const url = options.url ?? 'https://www.example.com/';
  const host = new URL(url).hostname;
  return {
    schemaVersion: 1,
    target: { input: url, url, host, schemeGiven: true, resolved: ['127.0.0.1'] },
    startedAt: '2026-06-01T00:00:00.000Z',
    durationMs: 1,
    http: {
      status: 'ok',
      data: {
        http: chain(`http://${host}/`, options.httpHops ?? []),
        https: chain(url, [hop(url, setCookies.map((c): RawHeader => ['Set-Cookie', c]))]),
        primary: 'https',
        meta: { csp: [], cspReportOnly: [], referrer: [], xFrameOptions: [], other: [] },
      },
    },
  };
}

export const NOW = new Date('2026-06-01T00:00:00.000Z');
