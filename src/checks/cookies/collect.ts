/**
 * Every Set-Cookie the scan saw: each hop of both redirect chains (redirect responses set cookies
 * too, and a cookie set on the plain-http hop is exposed even if the final page is https).
 */
import type { HttpEvidence, RedirectChain } from '../../model/http.js';
import { parseSetCookie, type ParsedSetCookie } from './parse.js';
import { protectionLayerOfCookie } from '../../model/protection-layers.js';

export interface ObservedCookie {
  /** The Set-Cookie value as received. */
  raw: string;
  /** undefined when a browser would ignore the line (no name and no value). */
  cookie: ParsedSetCookie | undefined;
  /** URL of the response that set it. */
  url: string;
  chain: 'http' | 'https';
  /** 0-based index of the hop in its chain. */
  hop: number;
  hops: number;
  /** Status of the response that set it (a 3xx is a redirect hop). */
  status: number;
}

export function collectCookies(http: HttpEvidence): ObservedCookie[] {
  // https first: a cookie seen on both chains is reported where the real site sets it. A protection
  // layer's own cookies (__cf_bm, incap_ses_*, datadome …) are the layer's, not the site's: the site
  // cannot change their flags, so they are never judged as its cookies (the HTTP probe notes them).
  return [...fromChain(http.https, 'https'), ...fromChain(http.http, 'http')].filter((c) => !c.cookie || !protectionLayerOfCookie(c.cookie.name));
}

function fromChain(chain: RedirectChain | undefined, label: 'http' | 'https'): ObservedCookie[] {
  const found: ObservedCookie[] = [];
  if (!chain) return found;
  chain.hops.forEach((hop, index) => {
    for (const [name, value] of hop.headers) {
      if (name.toLowerCase() !== 'set-cookie') continue;
      found.push({ raw: value, cookie: parseSetCookie(value), url: hop.url, chain: label, hop: index, hops: chain.hops.length, status: hop.status });
    }
  });
  return found;
}

/** Where a cookie came from, in words, for evidence lines. */
export function describeOrigin(observed: ObservedCookie): string {
  const redirect = observed.status >= 300 && observed.status < 400;
  const which = redirect || observed.hop < observed.hops - 1 ? `redirect hop ${observed.hop + 1} (${observed.status})` : 'final response';
  return `${which} of the chain that started at ${observed.chain}:// (${observed.url})`;
}

/** The Set-Cookie line for evidence, shortened so a 4 KiB value does not swamp a report. */
export function evidenceLine(raw: string, max = 300): string {
  return `Set-Cookie: ${raw.length > max ? `${raw.slice(0, max)}… (${raw.length} characters)` : raw}`;
}
