/**
 * The HTTP probe: follows the redirect chains that start at http://host and https://host (same host,
 * port and path), records every hop, and extracts the page's `<meta>` policies. It never judges.
 */
import type { HttpEvidence, HttpExchange, RedirectChain } from '../model/http.js';
import type { TargetInfo } from '../model/evidence.js';
import { ok, unavailable, type Probed } from '../model/probed.js';
import type { NetContext } from '../net/context.js';
import { NetError } from '../net/errors.js';
import type { Probe } from './probe.js';
import { headerValues } from '../model/headers.js';

export const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function startUrls(target: TargetInfo): { http: string; https: string } {
  const url = new URL(target.url);
  const build = (scheme: 'http' | 'https') => {
    const u = new URL(url.href);
    u.protocol = `${scheme}:`;
    // An explicit port is the user's: both schemes are tried on it. Without one, each uses its default.
    if (target.port !== undefined) u.port = String(target.port);
    return u.href;
  };
  return { http: build('http'), https: build('https') };
}

type Fetch = (url: string) => Promise<HttpExchange>;

export async function followChain(
  net: NetContext,
  start: string,
  signal?: AbortSignal,
  fetch: Fetch = (url) => net.http.request({ url }),
): Promise<RedirectChain> {
  const hops: HttpExchange[] = [];
  let url = start;
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    if (signal?.aborted) return { start, hops, outcome: 'error', error: { code: 'ABORTED', message: 'scan aborted', url } };
    let exchange: HttpExchange;
    try {
      exchange = await fetch(url);
    } catch (error) {
      const e = error instanceof NetError ? error : new NetError('NETWORK_ERROR', String(error));
      const outcome = e.code === 'TARGET_REFUSED' ? 'refused' : e.code === 'BUDGET_EXHAUSTED' ? 'budget_exhausted' : 'error';
      return { start, hops, outcome, error: { code: e.code, message: e.message, url } };
    }
    hops.push(exchange);
    const location = headerValues(exchange.headers, 'location')[0];
    if (!REDIRECT_STATUSES.has(exchange.status) || location === undefined) return { start, hops, outcome: 'final' };
    let next: URL;
    try {
      next = new URL(location.trim(), url);
    } catch {
      return { start, hops, outcome: 'error', error: { code: 'BAD_LOCATION', message: `redirect to an invalid URL: ${location}`, url } };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { start, hops, outcome: 'error', error: { code: 'BAD_LOCATION', message: `redirect to unsupported scheme ${next.protocol}`, url } };
    }
    next.hash = '';
    url = next.href;
  }
  return {
    start,
    hops,
    outcome: 'too_many_redirects',
    error: { code: 'TOO_MANY_REDIRECTS', message: `more than ${MAX_REDIRECTS} redirects`, url },
  };
}

/**
 * The two chains usually meet (http://host/ redirects to https://host/, which the other chain asks for
 * at the same moment): an identical GET is sent once and its answer recorded in both chains.
 */
function sharedFetch(net: NetContext): Fetch {
  const sent = new Map<string, Promise<HttpExchange>>();
  return (url) => {
    let pending = sent.get(url);
    if (!pending) {
      pending = net.http.request({ url });
      sent.set(url, pending);
    }
    return pending;
  };
}

export async function probeHttp(net: NetContext, target: TargetInfo, signal?: AbortSignal): Promise<Probed<HttpEvidence>> {
  const urls = startUrls(target);
  const fetch = sharedFetch(net);
  const [http, https] = await Promise.all([followChain(net, urls.http, signal, fetch), followChain(net, urls.https, signal, fetch)]);
  const primary = https.outcome === 'final' ? 'https' : http.outcome === 'final' ? 'http' : 'none';
  if (http.hops.length === 0 && https.hops.length === 0) {
    const reasons = [http.error?.message, https.error?.message].filter(Boolean).join('; ');
    return unavailable(`no HTTP response from the target: ${reasons}`, https.error?.code ?? http.error?.code);
  }
  const page = primary === 'none' ? undefined : (primary === 'https' ? https : http).hops.at(-1);
  const isHtml = page ? /html/i.test(headerValues(page.headers, 'content-type').join(',')) || /^\s*</.test(page.body) : false;
  // The HTML parser loads only once a page is in hand, not before the first request.
  const meta = page && isHtml ? (await import('./html-meta.js')).extractMetaPolicies(page.body) : { csp: [], cspReportOnly: [], referrer: [], xFrameOptions: [], other: [] };
  return ok({ http, https, primary, meta });
}

export const httpProbe: Probe = {
  key: 'http',
  label: 'HTTP and redirects',
  run: (ctx) => probeHttp(ctx.net, ctx.target, ctx.signal),
};
