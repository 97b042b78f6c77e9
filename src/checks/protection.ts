/**
 * A protection layer's block, challenge or rate-limit answer is not the site: judging its headers,
 * cookies or paths would grade the layer's page as the site (the commonest complaint about header
 * scanners). When the HTTP probe recorded such an answer for the main page, the checks that judge the
 * page are skipped with the reason in words (which layer, what it sent, how to get a real result), so
 * their categories show as not measured. TLS and DNS do not depend on the page and still count.
 *
 * A login page on another host that every request ends on is the login provider's page: the checks
 * that judge the page are skipped, but the site's own paths still answer for themselves.
 *
 * Path answers (exposure, WordPress) that are the layer's are dropped before the checks see them, so
 * one blocked path never reads as the site's answer; when most of them are the layer's, the category
 * is not measured either.
 */
import type { Check } from './check.js';
import type { Evidence } from '../model/evidence.js';
import type { CategoryId } from '../model/finding.js';
import type { ExposureResponse } from '../model/exposure.js';
import type { HttpEvidence } from '../model/http.js';
import { briefAdvice, protectionReason, type ProtectionVerdict } from '../model/protection.js';

const WHAT: Record<CategoryId, string> = {
  headers: 'security headers',
  cookies: 'cookies',
  exposure: 'exposure',
  wordpress: 'WordPress',
  tls: 'TLS',
  dns: 'DNS',
};

/** Evidence judged from the main page, or from the URL it ended on. */
const FROM_PAGE = new Set(['http', 'cors']);
/** Evidence of the site's own paths. */
const FROM_PATHS = new Set(['exposure', 'wordpress']);

/** The recorded verdict on the main page, if the HTTP probe made one. */
export function mainPageVerdict(evidence: Evidence): ProtectionVerdict | undefined {
  const http = evidence.http as { status: string; data?: HttpEvidence } | undefined;
  return http?.status === 'ok' ? http.data?.protection : undefined;
}

/** The check, skipped with the reason when the answers it would judge are not the site's. */
export function onSiteAnswers(check: Check): Check {
  // TLS handshakes and DNS records are the site's whatever the page says; the HTTPS redirect check
  // decides for itself (checks/https/redirects.ts), since redirects come before any block.
  if (check.category === 'tls' || check.category === 'dns') return check;
  const fromPage = check.reads.some((key) => FROM_PAGE.has(key));
  const fromPaths = check.reads.some((key) => FROM_PATHS.has(key));
  if (!fromPage && !fromPaths) return check;
  const what = WHAT[check.category];
  return {
    ...check,
    cannotJudge: (evidence) => {
      // Path probes that did not run (the block stopped them) say so in their own words, which are
      // more precise than ours ("sensitive paths were not probed: …"): leave the reason to them.
      if (!fromPage && check.reads.some((key) => (evidence[key] as { status?: string } | undefined)?.status === 'unavailable')) return check.cannotJudge?.(evidence);
      const verdict = mainPageVerdict(evidence);
      if (verdict && (fromPage || verdict.kind !== 'login_redirect')) return protectionReason(verdict, what);
      if (fromPaths) return pathAnswersReason(evidence, what) ?? check.cannotJudge?.(withoutLayerAnswers(evidence));
      return check.cannotJudge?.(evidence);
    },
    ...(fromPaths ? { run: (evidence, ctx) => check.run(withoutLayerAnswers(evidence), ctx) } : {}),
  };
}

interface PathEvidence {
  baselines: ExposureResponse[];
  responses: ExposureResponse[];
}

function pathEvidence(evidence: Evidence, key: string): PathEvidence | undefined {
  const probed = evidence[key] as { status?: string; data?: PathEvidence } | undefined;
  return probed?.status === 'ok' && probed.data && Array.isArray(probed.data.responses) ? probed.data : undefined;
}

/**
 * When the layer answered the not-found baselines (nothing left to compare with) or at least half of
 * the probed paths, the paths' answers say nothing about the site: the reason, naming the layer.
 */
export function pathAnswersReason(evidence: Evidence, what: string): string | undefined {
  for (const key of FROM_PATHS) {
    const data = pathEvidence(evidence, key);
    if (!data) continue;
    const blocked = data.responses.filter((r) => r.protection);
    const baselinesBlocked = data.baselines.length > 0 && data.baselines.every((b) => b.protection);
    if (!baselinesBlocked && (blocked.length === 0 || blocked.length * 2 < data.responses.length)) continue;
    const sample = [...blocked, ...data.baselines].find((r) => r.protection)!;
    const facts = sample.protection!;
    const who = facts.layerName ?? 'the server';
    const share = baselinesBlocked ? `the random not-found paths and ${blocked.length} of ${data.responses.length} probed paths` : `${blocked.length} of ${data.responses.length} probed paths`;
    const advice = briefAdvice(facts);
    return `${what} not judged: ${who} answered ${share} with ${facts.answer} (${facts.markers.join(', ')}, e.g. ${sample.url}), not the site; ${advice}`;
  }
  return undefined;
}

/** The evidence with every path answer that is a protection layer's dropped: what is left is the site's. */
export function withoutLayerAnswers(evidence: Evidence): Evidence {
  let copy: Evidence | undefined;
  for (const key of FROM_PATHS) {
    const data = pathEvidence(evidence, key);
    if (!data || ![...data.responses, ...data.baselines].some((r) => r.protection)) continue;
    copy ??= { ...evidence };
    copy[key] = {
      status: 'ok',
      data: { ...data, responses: data.responses.filter((r) => !r.protection), baselines: data.baselines.filter((r) => !r.protection) },
    };
  }
  return copy ?? evidence;
}
