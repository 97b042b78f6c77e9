/** Shared walk over the scan's cookies for the cookie checks: parse, judge storage, classify. */
import type { Evidence } from '../../model/evidence.js';
import type { CheckResult } from '../../model/finding.js';
import type { HttpEvidence } from '../../model/http.js';
import { dataOf } from '../check.js';
import { collectCookies, describeOrigin, evidenceLine, type ObservedCookie } from './collect.js';
import type { ParsedSetCookie } from './parse.js';
import { classifyCookie, type CookieRole } from './session.js';
import { browserVerdict, type BrowserVerdict } from './verdict.js';

export interface JudgedCookie extends ObservedCookie {
  cookie: ParsedSetCookie;
  verdict: BrowserVerdict;
  role: CookieRole;
}

export function judgedCookies(evidence: Evidence, now: Date): JudgedCookie[] {
  const http = dataOf<HttpEvidence>(evidence, 'http');
  const judged: JudgedCookie[] = [];
  for (const observed of collectCookies(http)) {
    if (!observed.cookie) continue;
    judged.push({
      ...observed,
      cookie: observed.cookie,
      verdict: browserVerdict(observed.cookie, observed.url, now),
      role: classifyCookie(observed.cookie),
    });
  }
  return judged;
}

/** Cookies the browser keeps (not rejected, not deletions): attribute advice applies only to these. */
export const storedCookies = (all: JudgedCookie[]) => all.filter((c) => c.verdict.stored);

export function cookieLabel(c: JudgedCookie): string {
  return c.cookie.name === '' ? `nameless cookie (value '${c.cookie.value.slice(0, 40)}')` : `cookie '${c.cookie.name}'`;
}

/** The evidence text: the header line, where it came from and, when relevant, why it counts as a session cookie. */
export function cookieEvidence(c: JudgedCookie, extra?: string): string {
  const lines = [evidenceLine(c.raw), `seen on the ${describeOrigin(c)}`];
  if (c.role.why.length) lines.push(`treated as ${c.role.session ? 'a session' : 'an anti-CSRF'} cookie because ${c.role.why.join('; ')}`);
  if (extra) lines.push(extra);
  return lines.join('\n');
}

/**
 * One finding per id and cookie name: the same cookie set on several hops is one problem. The first
 * sighting is kept (chains are walked https then http, hops in order).
 */
export function dedupe(results: CheckResult[], keyOf: (r: CheckResult) => string): CheckResult[] {
  const seen = new Set<string>();
  return results.filter((r) => {
    const key = `${r.id}\u0000${keyOf(r)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const byCookieName = (r: CheckResult) => String(r.details?.['cookie'] ?? '');
