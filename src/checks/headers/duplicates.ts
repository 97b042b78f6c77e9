import type { CheckResult } from '../../model/finding.js';
import { headerValues } from '../../model/headers.js';
import { pageHeaderCheck, showHeader } from './page-headers.js';

/**
 * A security header sent more than once, judged by the rule that governs that header, because each
 * has its own: HSTS keeps the first field (RFC 6797 §8.1), CSP enforces every policy, X-Frame-Options
 * follows the HTML standard's set of values, the structured-field headers (COOP, COEP) and CORP fail
 * to parse when joined with a comma, and so on. Two fields almost always mean two layers (application
 * and proxy, proxy and CDN) each adding the header. The finding is low when the second field changes
 * what browsers do, and information when browsers read the copies as one.
 */
interface Reading {
  /** What browsers do with these fields, in words. */
  effect: string;
  /** Does the duplicate change the browser's behaviour compared with sending the first field alone? */
  matters: boolean;
}

const norm = (v: string) => v.trim().toLowerCase();
const distinct = (values: readonly string[]) => new Set(values.map(norm)).size;

/** The HTML standard's X-Frame-Options values: split on commas, lower-cased, as a set. */
export function xfoSet(values: readonly string[]): Set<string> {
  return new Set(values.flatMap((v) => v.split(',')).map(norm).filter(Boolean));
}

/** HTML: more than one distinct value including a known one blocks every framing (Chromium: "falling back to 'deny'"). */
export const XFO_KNOWN = ['deny', 'sameorigin', 'allowall'];

const RULES: Record<string, (values: readonly string[]) => Reading> = {
  'Strict-Transport-Security': (values) => ({
    effect: `browsers apply only the first field, '${values[0]!.trim()}', and ignore the rest (RFC 6797 §8.1)`,
    matters: distinct(values) > 1,
  }),
  'Content-Security-Policy': (values) => ({
    effect: 'browsers enforce every policy: a resource loads only if all of them allow it, so the strictest directive of each kind wins',
    // A second policy can only tighten the first; adding one (a frame-ancestors policy from the proxy
    // beside the application's) is a legitimate way to combine them, so this is information.
    matters: false,
  }),
  'Content-Security-Policy-Report-Only': (values) => ({
    effect: 'browsers report against every policy separately',
    matters: false,
  }),
  'X-Frame-Options': (values) => {
    const set = xfoSet(values);
    if (set.size <= 1) return { effect: 'the values agree, so browsers read them as one', matters: false };
    if ([...set].some((v) => XFO_KNOWN.includes(v))) return { effect: 'the values disagree, so browsers block every framing, as DENY would (HTML standard; Chromium "falls back to deny")', matters: true };
    return { effect: 'no value is DENY or SAMEORIGIN, so browsers ignore the header', matters: true };
  },
  'X-Content-Type-Options': (values) => ({
    effect: `browsers read only the first value, '${values[0]!.split(',')[0]!.trim()}' (Fetch standard)`,
    matters: norm(values[0]!.split(',')[0]!) !== 'nosniff' && values.some((v) => v.split(',').some((t) => norm(t) === 'nosniff')),
  }),
  'Referrer-Policy': (values) => ({
    effect: 'browsers join the fields and apply the last value they recognise (Referrer Policy §8.1)',
    matters: distinct(values) > 1,
  }),
  'Permissions-Policy': (values) => ({
    effect: 'browsers join the fields into one dictionary, where a feature named twice takes its last value',
    matters: distinct(values) > 1,
  }),
  'Cross-Origin-Opener-Policy': () => ({ effect: 'joined with a comma the value is not one token, so browsers ignore the header', matters: true }),
  'Cross-Origin-Embedder-Policy': () => ({ effect: 'joined with a comma the value is not one token, so browsers ignore the header', matters: true }),
  'Cross-Origin-Resource-Policy': () => ({ effect: 'joined with a comma the value is not one of the three keywords, so browsers ignore the header', matters: true }),
};

export const duplicateHeadersCheck = pageHeaderCheck('headers/duplicates', ['duplicate_header_field'], (page) => {
  const results: CheckResult[] = [];
  for (const [name, read] of Object.entries(RULES)) {
    const values = headerValues(page.headers, name);
    if (values.length < 2) continue;
    const { effect, matters } = read(values);
    results.push({
      id: 'duplicate_header_field',
      severity: matters ? 'low' : 'info',
      title: `${name} is sent ${values.length} times: ${effect}`,
      evidence: `${showHeader(name, values)}\nwhat browsers do: ${effect}`,
      location: page.url,
      details: { header: name, values, browsers: effect },
    });
  }
  return results;
});
