import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { HttpEvidence } from '../../model/http.js';
import { headerValues } from '../../model/headers.js';
import type { CheckResult } from '../../model/finding.js';
import { httpsEndpoint } from './endpoint.js';

/**
 * HTTPS behaviour seen from the two redirect chains: is there HTTPS, and does http lead to it? "No
 * HTTPS" only when nothing answered in TLS (./endpoint.ts). HTTPS that answers but serves no page is
 * judged by the TLS checks from the TLS probe's evidence; without that evidence it is not judged.
 */
export const httpsRedirectCheck: Check = {
  name: 'https/redirects',
  category: 'tls',
  ids: ['no_https', 'no_https_redirect', 'redirect_offhost_first'],
  reads: ['http'],
  cannotJudge(evidence) {
    const endpoint = httpsEndpoint(evidence);
    return endpoint?.kind === 'blocked' && !endpoint.tlsJudged ? `HTTPS not judged: ${endpoint.reason}` : undefined;
  },
  run(evidence) {
    const http = dataOf<HttpEvidence>(evidence, 'http');
    const results: CheckResult[] = [];
    const httpFinal = http.http.outcome === 'final' ? http.http.hops.at(-1) : undefined;
    const endpoint = httpsEndpoint(evidence)!;
    const reachesHttps = endpoint.kind === 'reached';

    if (endpoint.kind === 'absent') {
      results.push({ id: 'no_https', title: endpoint.title, evidence: endpoint.evidence, location: http.https.start });
    }

    const first = http.http.hops[0];
    if (first) {
      const chain = http.http.hops.map((h) => `${h.status} ${h.url}${headerValues(h.headers, 'location')[0] ? ` → ${headerValues(h.headers, 'location')[0]}` : ''}`).join('\n');
      if (httpFinal && httpFinal.url.startsWith('http:') && reachesHttps) {
        results.push({ id: 'no_https_redirect', title: 'Plain http is served without redirecting to HTTPS', evidence: chain, location: http.http.start });
      }
      const location = headerValues(first.headers, 'location')[0];
      if (location && first.status >= 300 && first.status < 400) {
        try {
          const next = new URL(location.trim(), first.url);
          const start = new URL(first.url);
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
