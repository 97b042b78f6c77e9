/**
 * The HTTP probe: follows the redirect chains that start at http://host and https://host (same host,
 * port and path), records every hop, and extracts the page's `<meta>` policies. It never judges.
 */
import { PLAIN_HTTP_CODE, plainHttpOnTlsPort, type HttpEvidence, type HttpExchange, type RedirectChain } from '../model/http.js';
import { describeEncoding } from '../net/body-decode.js';
import type { TargetInfo } from '../model/evidence.js';
import { looksLikeHtml, type PageSubresources } from '../model/page.js';
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

type Fetch = (url: string, signal?: AbortSignal) => Promise<HttpExchange>;

export async function followChain(
  net: NetContext,
  start: string,
  signal?: AbortSignal,
  fetch: Fetch = (url, hopSignal) => net.http.request({ url, ...(hopSignal ? { signal: hopSignal } : {}) }),
  firstHop?: FirstHopControl,
): Promise<RedirectChain> {
  const hops: HttpExchange[] = [];
  /** URL → index of the hop that fetched it: a URL seen twice means a loop (no cookies are kept, so it repeats). */
  const visited = new Map<string, number>();
  let url = start;
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    if (signal?.aborted) return { start, hops, outcome: 'error', error: { code: 'ABORTED', message: 'scan aborted', url } };
    let exchange: HttpExchange;
    try {
      exchange = await fetch(url, i === 0 ? firstHop?.signal : undefined);
    } catch (error) {
      const e = error instanceof NetError ? error : new NetError('NETWORK_ERROR', String(error));
      const outcome = e.code === 'TARGET_REFUSED' ? 'refused' : e.code === 'BUDGET_EXHAUSTED' ? 'budget_exhausted' : 'error';
      const message = i > 0 && outcome === 'refused' ? `the redirect to ${url} was not followed: ${e.message}` : e.message;
      return { start, hops, outcome, error: { code: e.code, message, url } };
    }
    if (i === 0) firstHop?.onResponse?.(exchange);
    hops.push(exchange);
    visited.set(url, i);
    const location = headerValues(exchange.headers, 'location')[0];
    if (!REDIRECT_STATUSES.has(exchange.status) || location === undefined) return { start, hops, outcome: 'final' };
    let next: URL;
    try {
      next = new URL(location.trim(), url);
    } catch {
      return { start, hops, outcome: 'error', error: { code: 'BAD_LOCATION', message: `redirect to an invalid URL (${JSON.stringify(location.slice(0, 200))}), not followed`, url } };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return {
        start,
        hops,
        outcome: 'error',
        error: { code: 'BAD_LOCATION', message: `redirect to a ${next.protocol} URL, which is never followed (only http: and https: are)`, url },
      };
    }
    next.hash = '';
    const seenAt = visited.get(next.href);
    if (seenAt !== undefined) {
      const where = next.href === url ? 'redirects to itself' : `redirects back to ${next.href}, already fetched at hop ${seenAt + 1}`;
      return {
        start,
        hops,
        outcome: 'redirect_loop',
        error: { code: 'REDIRECT_LOOP', message: `redirect loop: ${url} ${where}, so no page is ever reached`, url },
      };
    }
    url = next.href;
  }
  return {
    start,
    hops,
    outcome: 'too_many_redirects',
    error: {
      code: 'TOO_MANY_REDIRECTS',
      message: `hop limit reached: more than ${MAX_REDIRECTS} redirects without reaching a page (the chain continued at ${url})`,
      url,
    },
  };
}

/**
 * The two chains usually meet (http://host/ redirects to https://host/, which the other chain asks for
 * at the same moment): an identical GET is sent once and its answer recorded in both chains. A first
 * hop the probe may cancel (`samePortWatch`) is shared too, but its cancellation is not the other
 * chain's answer: a chain that finds it cancelled sends its own request.
 */
function sharedFetch(net: NetContext): Fetch {
  const sent = new Map<string, { pending: Promise<HttpExchange>; cancel?: AbortSignal }>();
  return (url, signal) => {
    const earlier = sent.get(url);
    if (earlier && !signal) {
      const cancel = earlier.cancel;
      if (!cancel) return earlier.pending;
      return earlier.pending.catch((error: unknown) => {
        if (cancel.aborted) return net.http.request({ url });
        throw error;
      });
    }
    const pending = net.http.request({ url, ...(signal ? { signal } : {}) });
    if (!earlier) sent.set(url, { pending, ...(signal ? { cancel: signal } : {}) });
    return pending;
  };
}

/** Lets the probe watch and cancel a chain's first request (see `abortTlsWaitOnPlainHttp`). */
export interface FirstHopControl {
  signal?: AbortSignal;
  onResponse?: (exchange: HttpExchange) => void;
}

export async function probeHttp(net: NetContext, target: TargetInfo, signal?: AbortSignal): Promise<Probed<HttpEvidence>> {
  const urls = startUrls(target);
  const fetch = sharedFetch(net);
  const plainPort = samePortWatch(target, net.timeoutMs);
  const chains = await Promise.all([
    followChain(net, urls.http, signal, fetch, { onResponse: plainPort.onPlainResponse }),
    followChain(net, urls.https, signal, fetch, { ...(plainPort.signal ? { signal: plainPort.signal } : {}), onResponse: plainPort.onTlsResponse }),
  ]);
  plainPort.done();
  const [http, https] = await confirmPlainHttp(chains, fetch, signal);
  const primary = https.outcome === 'final' ? 'https' : http.outcome === 'final' ? 'http' : 'none';
  if (http.hops.length === 0 && https.hops.length === 0) {
    // On a URL with a port both schemes try the same port and fail the same way: say it once.
    const reasons = [...new Set([http.error?.message, https.error?.message].filter(Boolean))].join('; ');
    return unavailable(`no HTTP response from the target: ${reasons}`, https.error?.code ?? http.error?.code);
  }
  const page = primary === 'none' ? undefined : (primary === 'https' ? https : http).hops.at(-1);
  const isHtml = page ? looksLikeHtml(headerValues(page.headers, 'content-type'), page.body) : false;
  // The HTML parser loads only once a page is in hand, not before the first request.
  const meta = page && isHtml ? (await import('./html-meta.js')).extractMetaPolicies(page.body) : { csp: [], cspReportOnly: [], referrer: [], xFrameOptions: [], other: [] };
  const subresources = page && isHtml ? await pageSubresources(page) : undefined;
  const notes = measurementNotes(http, https, page);
  if (subresources?.cut && !page?.bodyTruncated) notes.push(`${page!.url}: ${subresources.cut}`);
  // Like the HTML parser, the protection table loads once the answers are in, not before the first request.
  const { classifyMainPage, layerCookiesSeen } = await import('./protection.js');
  const { describeProtection, protectionAdvice } = await import('../model/protection.js');
  const protection = classifyMainPage({ http, https, primary }, target.host);
  if (protection) notes.unshift(`${describeProtection(protection)}; ${protectionAdvice(protection)}`);
  for (const [layer, names] of layerCookiesSeen({ http, https })) {
    notes.push(`cookies set by ${layer} (${names.join(', ')}) belong to the protection layer, not the site: they are not judged as the site's cookies`);
  }
  return ok({ http, https, primary, meta, ...(subresources ? { subresources } : {}), ...(protection ? { protection } : {}), ...(notes.length ? { notes } : {}) });
}

/** The page's subresources, once; a body cut at the cap makes the list incomplete (the note says so already). */
async function pageSubresources(page: HttpExchange): Promise<PageSubresources> {
  const found = (await import('./page-resources.js')).extractSubresources(page.body, page.url);
  if (!page.bodyTruncated || found.cut) return found;
  return { ...found, complete: false, cut: 'the body was cut at the body cap; resources named after that point were not seen' };
}

/** Failures of a https request after which the port is asked in plain HTTP: its answer was not TLS, or it closed. */
const PLAIN_HTTP_SUSPECTS = new Set(['NOT_TLS', 'TLS_CLOSED']);

/**
 * When the https chain's first request got no TLS answer (bytes that are not TLS, or a close), the
 * same port is asked once in plain HTTP: a status line proves that it speaks plain HTTP, and every
 * chain that failed on that URL says so in the one phrase all surfaces use (plainHttpOnTlsPort). With
 * an explicit port that request is the http chain's own first one, shared, so it costs nothing; on the
 * default port it is one request to http://host:443/. A port that answers neither keeps its words.
 */
async function confirmPlainHttp(chains: RedirectChain[], fetch: Fetch, signal?: AbortSignal): Promise<RedirectChain[]> {
  const https = chains[1]!;
  const error = https.error;
  if (https.hops.length > 0 || !error || !PLAIN_HTTP_SUSPECTS.has(error.code) || signal?.aborted) return chains;
  const tlsUrl = new URL(error.url);
  const port = Number(tlsUrl.port) || 443;
  const plainUrl = new URL(tlsUrl.href);
  plainUrl.protocol = 'http:';
  plainUrl.port = String(port);
  let answer: HttpExchange;
  try {
    answer = await fetch(plainUrl.href);
  } catch {
    return chains;
  }
  if (answer.status < 100) return chains;
  const proof = `${plainUrl.href} answered ${answer.status}; a TLS handshake there got no TLS answer`;
  const confirmed = { code: PLAIN_HTTP_CODE, message: `${plainHttpOnTlsPort(port)} (${proof})`, url: error.url };
  return chains.map((chain) => (chain.error?.url === error.url && PLAIN_HTTP_SUSPECTS.has(chain.error.code) ? { ...chain, error: confirmed } : chain));
}

/**
 * With an explicit port both schemes go to the same port. When that port has already answered in
 * plain HTTP and the TLS attempt is still silent well after (a server waiting for a request line that
 * a ClientHello never completes), the TLS attempt is stopped with that explanation instead of waiting
 * out the full time limit. A port that speaks both (peeking at the first byte) answers TLS in
 * milliseconds, far inside the grace period.
 */
function samePortWatch(target: TargetInfo, timeoutMs: number) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let tlsAnswered = false;
  const samePort = target.port !== undefined;
  return {
    signal: samePort ? controller.signal : undefined,
    onTlsResponse: () => {
      tlsAnswered = true;
    },
    onPlainResponse: (exchange: HttpExchange) => {
      if (!samePort || tlsAnswered || exchange.status === 0) return;
      const graceMs = Math.min(timeoutMs, Math.max(1_000, 4 * exchange.durationMs));
      timer = setTimeout(() => {
        if (tlsAnswered) return;
        const proof = `${exchange.url} answered ${exchange.status}; a TLS handshake there got no answer within ${graceMs} ms`;
        controller.abort(new NetError(PLAIN_HTTP_CODE, `${plainHttpOnTlsPort(target.port!)} (${proof})`));
      }, graceMs);
    },
    done: () => clearTimeout(timer),
  };
}

/** What limited this measurement, in words, for the report (chains that failed, bodies cut short). */
function measurementNotes(http: RedirectChain, https: RedirectChain, page: HttpExchange | undefined): string[] {
  const notes: string[] = [];
  for (const chain of [https, http]) {
    // Plain HTTP on the TLS port is the no_https finding itself, in the same words: not said twice.
    if (chain.outcome !== 'final' && chain.error && chain.error.code !== PLAIN_HTTP_CODE) notes.push(`${chain.start}: ${chain.error.message}`);
  }
  if (page) {
    const limitNote = bodyLimitNote(page);
    if (limitNote) notes.push(`${page.url}: ${limitNote}`);
  }
  return notes;
}

/** Why only part of a body was read, in words; undefined when it was read whole. */
export function bodyLimitNote(exchange: HttpExchange): string | undefined {
  const kib = (n: number) => (n < 1024 ? `${n} bytes` : `${Math.round(n / 1024)} KiB`);
  const parts: string[] = [];
  if (exchange.bodyTruncated) {
    parts.push(
      exchange.truncatedBy === 'stalled'
        ? `the body stalled and was cut after ${kib(exchange.bodyBytes)} (the server sent it too slowly to finish within the time limit)`
        : `the body is larger than the body cap and was cut after ${kib(Buffer.byteLength(exchange.body))} of ${kib(exchange.bodyBytes)} received; the rest was not downloaded`,
    );
  }
  if (exchange.encoding) {
    const words = describeEncoding(exchange.encoding, exchange.encoding.decodedBytes);
    if (words) parts.push(words);
  }
  return parts.length ? `${parts.join('; ')}; HTML checks saw only what was read` : undefined;
}

export const httpProbe: Probe = {
  key: 'http',
  label: 'HTTP and redirects',
  run: (ctx) => probeHttp(ctx.net, ctx.target, ctx.signal),
};
