/**
 * Header and cookie verdicts are about the page a visitor ends up on. When neither redirect chain
 * reaches a page (a loop, the hop limit, a refused or unsupported redirect), judging the redirect
 * responses instead would score something no visitor sees, so those categories are not measured and
 * the reason names what stopped the chain. When what stopped it is an HTTPS endpoint our HTTP client
 * cannot talk to (only TLS 1.0, only NULL suites …), every verdict that needs the page (headers,
 * cookies, CORS, exposure, WordPress) gives that one reason, in the same words.
 */
import type { Check } from './check.js';
import type { Evidence } from '../model/evidence.js';
import type { HttpEvidence } from '../model/http.js';
import { httpsEndpoint } from './https/endpoint.js';

/** Why no page over HTTPS could be judged, when an HTTPS endpoint that answers is what stopped every chain. */
export function httpsBlockedReason(evidence: Evidence, what: string): string | undefined {
  const http = evidence.http as { status: string; data?: HttpEvidence } | undefined;
  if (http?.status !== 'ok' || !http.data || http.data.primary !== 'none') return undefined;
  const endpoint = httpsEndpoint(evidence);
  return endpoint?.kind === 'blocked' ? `${what} not judged: ${endpoint.reason}` : undefined;
}

export function noPageReason(evidence: Evidence, what: string): string | undefined {
  const http = evidence.http as { status: string; data?: HttpEvidence } | undefined;
  if (http?.status !== 'ok' || !http.data || http.data.primary !== 'none') return undefined;
  const blocked = httpsBlockedReason(evidence, what);
  if (blocked) return blocked;
  const why = [http.data.https, http.data.http]
    .filter((chain) => chain.error)
    .map((chain) => `${chain.start}: ${chain.error!.message}`)
    .join('; ');
  return `${what} not judged: neither redirect chain reached a page, only redirect responses were seen (${why || 'no final response'})`;
}

/** The same check, skipped with the reason when no page was reached. */
export function onFinalPage(check: Check, what: string): Check {
  return { ...check, cannotJudge: (evidence) => noPageReason(evidence, what) ?? check.cannotJudge?.(evidence) };
}

/**
 * A check whose probe fetches from the page's URL (exposure, WordPress): its probe already says when
 * there was no page; when an HTTPS endpoint our client cannot talk to is why, the reason says that.
 */
export function behindHttps(check: Check, what: string): Check {
  return { ...check, cannotJudge: (evidence) => httpsBlockedReason(evidence, what) ?? check.cannotJudge?.(evidence) };
}
