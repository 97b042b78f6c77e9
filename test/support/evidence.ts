/** Hand-written evidence for pure check tests: a site whose http:// redirects to https:// by default. */
import type { Evidence } from '../../src/model/evidence.js';
import type { HttpEvidence, HttpExchange, RawHeader, RedirectChain } from '../../src/model/http.js';
import { ok } from '../../src/model/probed.js';
import { extractMetaPolicies } from '../../src/probes/html-meta.js';
import { extractSubresources } from '../../src/probes/page-resources.js';

export function exchange(url: string, status: number, headers: RawHeader[] = [], body = '', extra: Partial<HttpExchange> = {}): HttpExchange {
  return {
    url,
    method: 'GET',
    status,
    statusText: '',
    headers,
    body,
    bodyBytes: body.length,
    bodyTruncated: false,
    remoteAddress: '192.0.2.10',
    ...(url.startsWith('https:') ? { tls: { authorized: true, protocol: 'TLSv1.3' } } : {}),
    durationMs: 1,
    ...extra,
  };
}

export const finalChain = (start: string, ...hops: HttpExchange[]): RedirectChain => ({ start, hops, outcome: 'final' });

export function evidenceWith(http: HttpEvidence, startedAt = '2026-11-25T12:00:00.000Z'): Evidence {
  return {
    schemaVersion: 1,
    target: { input: 'https://site.example/', url: 'https://site.example/', host: 'site.example', schemeGiven: true, resolved: ['192.0.2.10'], pinned: '192.0.2.10' },
    startedAt,
    durationMs: 10,
    http: ok(http),
  };
}

/** A site whose https page sends `headers` (and `body`), with http:// redirecting to it. */
export function siteWithHeaders(headers: RawHeader[], body = '<html><head></head><body>hi</body></html>'): Evidence {
  const page = exchange('https://site.example/', 200, [['Content-Type', 'text/html'], ...headers], body);
  return evidenceWith({
    http: finalChain('http://site.example/', exchange('http://site.example/', 301, [['Location', 'https://site.example/']]), page),
    https: finalChain('https://site.example/', page),
    primary: 'https',
    meta: extractMetaPolicies(body),
    subresources: extractSubresources(body, page.url),
  });
}

/** A response header set that passes every header rule. */
export const GOOD_HEADERS: RawHeader[] = [
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'],
  ['Content-Security-Policy', "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

export function withHeader(name: string, value: string | null, base: RawHeader[] = GOOD_HEADERS): RawHeader[] {
  const rest = base.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  return value === null ? rest : [...rest, [name, value]];
}
