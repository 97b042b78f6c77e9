import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { HttpEvidence } from '../../model/http.js';
import { headerValues } from '../../model/headers.js';
import type { CheckResult } from '../../model/finding.js';
import { protectionReason } from '../../model/protection.js';
import { httpsEndpoint } from './endpoint.js';

/**
 * HTTPS behaviour seen from the two redirect chains: is there HTTPS, and does http lead to it? "No
 * HTTPS" only when nothing answered in TLS (./endpoint.ts). HTTPS that answers but serves no page is
 * judged by the TLS checks from the TLS probe's evidence; without that evidence it is not judged.
 */
export const httpsRedirectCheck: Check = {
  name: 'https/redirects',
  category: 'tls',
  ids: ['no_https', 'no_https_redirect', 'redirect_offhost_first', 'redirect_not_https_first'],
  causes: {
    no_https: ['no_https_response', 'plain_http_on_https_port', 'https_redirect_loop', 'redirects_to_http'],
    no_https_redirect: ['no_redirect', 'redirect_stays_on_http', 'redirect_back_to_http'],
  },
  reads: ['http'],
  /**
   * Not judged when HTTPS answers but no page could be fetched over it and the TLS probe's evidence is
   * not there to say why (checks/https/endpoint.ts). Redirects come before any block, so they are the
   * site's even when the page is a protection layer's. But when the http:// chain itself ended on the
   * layer's answer at an http: URL while https answered, whether the site sends plain http to HTTPS
   * cannot be seen: not judged, rather than reported as "served without redirecting".
   */
  cannotJudge(evidence) {
    const endpoint = httpsEndpoint(evidence);
    if (endpoint?.kind === 'blocked' && !endpoint.tlsJudged) return `HTTPS not judged: ${endpoint.reason}`;
    // Called before the runner looks at missing evidence (its words come first): no http, nothing to say.
    const probed = evidence.http as { status: string; data?: HttpEvidence } | undefined;
    if (probed?.status !== 'ok' || !probed.data) return undefined;
    const http = probed.data;
    const verdict = http.protection;
    if (!verdict || verdict.kind === 'login_redirect' || !verdict.chains.includes('http')) return undefined;
    const httpFinal = http.http.outcome === 'final' ? http.http.hops.at(-1) : undefined;
    const httpsFinal = http.https.outcome === 'final' ? http.https.hops.at(-1) : undefined;
    if (!httpFinal?.url.startsWith('http:') || !httpsFinal?.url.startsWith('https:')) return undefined;
    return protectionReason(verdict, 'the redirect from http:// to HTTPS', `the plain http:// request (${httpFinal.url})`);
  },
  run(evidence) {
    const http = dataOf<HttpEvidence>(evidence, 'http');
    const results: CheckResult[] = [];
    const httpFinal = http.http.outcome === 'final' ? http.http.hops.at(-1) : undefined;
    const endpoint = httpsEndpoint(evidence)!;
    const reachesHttps = endpoint.kind === 'reached';

    if (endpoint.kind === 'absent') {
      results.push({ id: 'no_https', cause: endpoint.cause, title: endpoint.title, evidence: endpoint.evidence, location: http.https.start });
    }

    const first = http.http.hops[0];
    if (first) {
      const chain = http.http.hops.map((h) => `${h.status} ${h.url}${headerValues(h.headers, 'location')[0] ? ` → ${headerValues(h.headers, 'location')[0]}` : ''}`).join('\n');
      if (httpFinal && httpFinal.url.startsWith('http:') && reachesHttps) {
        // Served at once, redirected but never to https, or sent to https and back: three different fixes.
        const cause = http.http.hops.length === 1 ? 'no_redirect' : http.http.hops.some((h) => h.url.startsWith('https:')) ? 'redirect_back_to_http' : 'redirect_stays_on_http';
        results.push({ id: 'no_https_redirect', cause, title: 'Plain http is served without redirecting to HTTPS', evidence: chain, location: http.http.start });
      }
      const location = headerValues(first.headers, 'location')[0];
      if (location && first.status >= 300 && first.status < 400) {
        try {
          const next = new URL(location.trim(), first.url);
          const start = new URL(first.url);
          // The Observatory's redirection rule: the first hop must go to https on the same host, or the
          // visitor's next request still travels in plain http (redirection-not-to-https-on-initial-redirection).
          const reachedHttps = http.http.hops.some((h) => h.url.startsWith('https:'));
          if (next.hostname === start.hostname && next.protocol === 'http:' && reachedHttps) {
            results.push({
              id: 'redirect_not_https_first',
              title: `The first http redirect stays on plain http (${next.href}) before upgrading to HTTPS`,
              evidence: chain,
              location: http.http.start,
            });
          }
          if (next.hostname !== start.hostname) {
            results.push({
              id: 'redirect_offhost_first',
              title: `The first http redirect leaves ${start.hostname} for ${next.hostname} before upgrading to HTTPS`,
              evidence: chain,
              location: http.http.start,
            });
          }
        } catch {
          // an invalid Location is recorded by the probe as the chain's error
        }
      }
    }
    return results;
  },
};
