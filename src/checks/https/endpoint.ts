/**
 * What the redirect chains and the TLS probe say together about the site's HTTPS: a page was reached
 * over it, there is none, or it exists and no page could be fetched over it. "None" needs proof that
 * nothing answered in TLS (no listener, an answer that is not TLS, plain HTTP on the port, silence);
 * a handshake our HTTP client could not finish is never that on its own. When the TLS probe saw the
 * same endpoint its evidence decides, and it also says why the page could not be fetched: a server
 * that accepts only what current browsers refuse is named so, in the words of browser-reach.
 */
import type { Evidence } from '../../model/evidence.js';
import { NO_TLS_ANSWER_CODES, PLAIN_HTTP_CODE, plainHttpOnTlsPort, type HttpEvidence, type RedirectChain } from '../../model/http.js';
import type { Probed } from '../../model/probed.js';
import type { TlsEvidence } from '../../model/tls.js';
import { browserReach } from '../tls/browser-reach.js';

export type HttpsEndpoint =
  /** A chain ended on an https page. */
  | { kind: 'reached' }
  /** No HTTPS: the no_https finding, with its title, proof and cause (content/findings/no_https.md). */
  | { kind: 'absent'; title: string; evidence: string; cause: NoHttpsCause }
  /**
   * HTTPS answers, but no page could be fetched over it: `reason` says why, in words. `tlsJudged`: the
   * TLS probe's evidence is there, so the TLS checks judge the endpoint (no_https must not).
   */
  | { kind: 'blocked'; reason: string; tlsJudged: boolean };

/** TLS probe codes that mean it found no TLS on the port (its own, and the HTTP probe's it repeats). */
const TLS_PROBE_NO_TLS = new Set(['CONNECT_FAILED', ...NO_TLS_ANSWER_CODES]);

type ChainError = NonNullable<RedirectChain['error']>;

export type NoHttpsCause = 'no_https_response' | 'plain_http_on_https_port' | 'https_redirect_loop' | 'redirects_to_http';

/** Undefined when the HTTP probe's evidence is not there (the checks that need it do not run). */
export function httpsEndpoint(evidence: Evidence): HttpsEndpoint | undefined {
  const probed = evidence.http as Probed<HttpEvidence> | undefined;
  if (probed?.status !== 'ok') return undefined;
  const http = probed.data;
  const finalUrl = (chain: RedirectChain) => (chain.outcome === 'final' ? chain.hops.at(-1)?.url : undefined);
  if ([http.https, http.http].some((chain) => finalUrl(chain)?.startsWith('https:'))) return { kind: 'reached' };

  // The request that failed on an https URL: the https chain's own first, else the http chain's redirect.
  const failedChain = [http.https, http.http].find((c) => c.outcome === 'error' && c.error?.url.startsWith('https:'));
  const failure = failedChain?.error;
  if (!failedChain || !failure) {
    // The https address answered but led nowhere secure (back to http, a loop, the hop limit).
    const why = http.https.error ? http.https.error.message : 'the https chain did not end on an https page';
    const cause: NoHttpsCause =
      http.https.outcome === 'redirect_loop' || http.https.outcome === 'too_many_redirects' ? 'https_redirect_loop' : http.https.outcome === 'final' ? 'redirects_to_http' : 'no_https_response';
    return { kind: 'absent', title: 'The site is not served over HTTPS', evidence: `${http.https.start}: ${why}`, cause };
  }

  const url = new URL(failure.url);
  const port = Number(url.port) || 443;
  const tls = sameEndpoint(evidence, url.hostname.replace(/^\[|\]$/g, ''), port) ? (evidence.tls as Probed<TlsEvidence> | undefined) : undefined;
  if (tls?.status === 'unavailable' && tls.code === PLAIN_HTTP_CODE) return plainHttp(port, `${failedChain.start}: ${tls.reason}`);

  const speaksTls = tls?.status === 'ok' ? true : tls?.code === 'HANDSHAKE_INTERRUPTED' ? true : tls?.code && TLS_PROBE_NO_TLS.has(tls.code) ? false : undefined;
  if (speaksTls === false || (speaksTls === undefined && NO_TLS_ANSWER_CODES.includes(failure.code))) {
    if (failure.code === PLAIN_HTTP_CODE) return plainHttp(port, `${failedChain.start}: ${failure.message}`);
    return { kind: 'absent', title: 'The site is not served over HTTPS', evidence: `${failedChain.start}: ${failure.message}`, cause: 'no_https_response' };
  }
  if (tls?.status === 'ok') return { kind: 'blocked', reason: blockedWords(tls.data, url, port, failure), tlsJudged: true };
  const unknown =
    tls === undefined
      ? 'the TLS probe, which would tell which protocol or cipher suite the server needs, is not part of this scan (a full scan or `scorifya tls` runs it)'
      : `the TLS probe could not tell either (${tls.reason})`;
  return {
    kind: 'blocked',
    reason: speaksTls ? `our HTTP client could not fetch ${failure.url}: ${failure.message}` : `our HTTP client could not fetch ${failure.url}: ${failure.message}; ${unknown}`,
    tlsJudged: false,
  };
}

function plainHttp(port: number, evidence: string): HttpsEndpoint {
  return { kind: 'absent', title: `The site is not served over HTTPS: ${plainHttpOnTlsPort(port)}`, evidence, cause: 'plain_http_on_https_port' };
}

/** The TLS probe looks at the target's host on its port (443 without one); only that endpoint's evidence explains a failure. */
function sameEndpoint(evidence: Evidence, host: string, port: number): boolean {
  return host.toLowerCase() === evidence.target.host.toLowerCase() && port === (evidence.target.port ?? 443);
}

function blockedWords(tls: TlsEvidence, url: URL, port: number, failure: ChainError): string {
  const reach = browserReach(tls);
  if (reach.reachable === false) {
    return `the HTTPS endpoint ${url.hostname}:${port} accepts ${reach.accepts}, which our HTTP client, like current browsers, refuses`;
  }
  const best = tls.ciphers.find((c) => c.suites.length);
  const accepts = best ? `the server accepts ${best.protocol} with ${best.suites[0]!.name}` : 'the server answers in TLS';
  return `our HTTP client could not fetch ${failure.url} (${failure.message}), although ${accepts}, as the TLS probe found`;
}
