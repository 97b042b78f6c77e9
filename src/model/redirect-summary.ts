/**
 * The redirect chains hop by hop, as a report shows them (issue 23 item 4): each response's URL and
 * status, where it sends the visitor, the HSTS it sends, the cookies it sets, and whether the next
 * hop downgrades to plain http or leaves the scanned host. Built once from the HTTP evidence, so every
 * renderer shows the same facts.
 */
import type { HttpEvidence, RedirectChain } from './http.js';
import { headerValues } from './headers.js';

export interface RedirectHopSummary {
  url: string;
  status: number;
  /** The next URL (Location resolved against this one), for a redirect. */
  location?: string;
  /** The first Strict-Transport-Security field, when sent (browsers apply only the first). */
  hsts?: string;
  /** Names of the cookies this response sets. */
  cookies: string[];
  /** The redirect goes from https to plain http. */
  downgrade: boolean;
  /** The redirect leaves the scanned host. */
  offHost: boolean;
}

export interface RedirectChainSummary {
  start: string;
  outcome: RedirectChain['outcome'];
  hops: RedirectHopSummary[];
  /** Why the chain stopped, when it did not end on a page. */
  error?: string;
}

function summariseChain(chain: RedirectChain, host: string): RedirectChainSummary {
  const hops = chain.hops.map((h): RedirectHopSummary => {
    const raw = h.status >= 300 && h.status < 400 ? headerValues(h.headers, 'location')[0] : undefined;
    let next: URL | undefined;
    try {
      next = raw ? new URL(raw.trim(), h.url) : undefined;
    } catch {
      next = undefined;
    }
    const hsts = headerValues(h.headers, 'strict-transport-security')[0];
    const cookies = headerValues(h.headers, 'set-cookie').map((v) => v.split(';')[0]!.split('=')[0]!.trim()).filter(Boolean);
    return {
      url: h.url,
      status: h.status,
      ...(next ? { location: next.href } : {}),
      ...(hsts !== undefined ? { hsts } : {}),
      cookies,
      downgrade: !!next && h.url.startsWith('https:') && next.protocol === 'http:',
      offHost: !!next && next.hostname !== host,
    };
  });
  return { start: chain.start, outcome: chain.outcome, hops, ...(chain.error ? { error: `${chain.error.code}: ${chain.error.message}` } : {}) };
}

export function summariseRedirects(http: HttpEvidence): { http: RedirectChainSummary; https: RedirectChainSummary } {
  const host = new URL(http.https.start).hostname;
  return { http: summariseChain(http.http, host), https: summariseChain(http.https, host) };
}
