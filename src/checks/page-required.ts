/**
 * Header and cookie verdicts are about the page a visitor ends up on. When neither redirect chain
 * reaches a page (a loop, the hop limit, a refused or unsupported redirect), judging the redirect
 * responses instead would score something no visitor sees, so those categories are not measured and
 * the reason names what stopped the chain.
 */
import type { Check } from './check.js';
import type { Evidence } from '../model/evidence.js';
import type { HttpEvidence } from '../model/http.js';

export function noPageReason(evidence: Evidence, what: string): string | undefined {
  const http = evidence.http as { status: string; data?: HttpEvidence } | undefined;
  if (http?.status !== 'ok' || !http.data || http.data.primary !== 'none') return undefined;
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
