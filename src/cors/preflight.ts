/** Fetch § CORS-preflight fetch: does the OPTIONS answer permit the actual request? */
import type { RawHeader } from '../model/http.js';
import { combinedHeader, extractTokenList, showValue } from './headers.js';
import { corsCheck } from './cors-check.js';
import { isSafelistedMethod } from './safelist.js';
import type { BrowserProfile, MaxAgeInfo } from './types.js';

export interface PreflightInput {
  origin: string;
  credentials: boolean;
  /** The actual request's method (normalised). */
  method: string;
  /** The actual request's header names (lower-case), all of them. */
  headerNames: readonly string[];
  /** The CORS-unsafe names that were listed in Access-Control-Request-Headers. */
  unsafeNames: readonly string[];
  status: number;
  headers: readonly RawHeader[];
}

export type PreflightResult =
  | { ok: true; maxAge: MaxAgeInfo; methods: string[]; allowHeaders: string[]; notes: string[] }
  | { ok: false; code: string; reason: string };

/** Access-Control-Max-Age: delta-seconds, else 5 s; the browser's cap always applies. */
export function preflightMaxAge(headers: readonly RawHeader[], profile: BrowserProfile): MaxAgeInfo {
  const header = combinedHeader(headers, 'access-control-max-age');
  const declared = header !== null && /^[0-9]+$/.test(header) ? Number(header) : null;
  const effective = Math.min(declared ?? 5, profile.maxAgeCap);
  return { header, declared, effective, cap: profile.maxAgeCap };
}

export function evaluatePreflight(input: PreflightInput, profile: BrowserProfile): PreflightResult {
  const check = corsCheck({ origin: input.origin, credentials: input.credentials, headers: input.headers }, 'preflight');
  if (!check.ok) return { ok: false, code: `PREFLIGHT_${check.code}`, reason: check.reason };
  if (input.status < 200 || input.status > 299) {
    return {
      ok: false,
      code: 'PREFLIGHT_STATUS',
      reason: `The preflight (OPTIONS) answered ${input.status}; browsers require a 2xx status before sending the real request.`,
    };
  }
  const methods = extractTokenList(input.headers, 'access-control-allow-methods');
  if (methods === 'failure') {
    return {
      ok: false,
      code: 'PREFLIGHT_ALLOW_METHODS_INVALID',
      reason: `Access-Control-Allow-Methods "${showValue(combinedHeader(input.headers, 'access-control-allow-methods') ?? '')}" is not a comma-separated list of method names, so the browser rejects the preflight.`,
    };
  }
  const allowHeaders = extractTokenList(input.headers, 'access-control-allow-headers');
  if (allowHeaders === 'failure') {
    return {
      ok: false,
      code: 'PREFLIGHT_ALLOW_HEADERS_INVALID',
      reason: `Access-Control-Allow-Headers "${showValue(combinedHeader(input.headers, 'access-control-allow-headers') ?? '')}" is not a comma-separated list of header names, so the browser rejects the preflight.`,
    };
  }
  const methodList = methods ?? [];
  const headerList = allowHeaders ?? [];
  const hasStarMethod = methodList.includes('*');
  if (!methodList.includes(input.method) && !isSafelistedMethod(input.method) && (input.credentials || !hasStarMethod)) {
    const why = hasStarMethod
      ? ' "*" would cover it only for requests without credentials.'
      : methodList.some((m) => m.toLowerCase() === input.method.toLowerCase())
        ? ' Method names are compared case-sensitively.'
        : '';
    return {
      ok: false,
      code: 'METHOD_NOT_ALLOWED',
      reason: `The preflight's Access-Control-Allow-Methods (${methodList.length ? methodList.join(', ') : 'absent'}) does not include ${input.method}.${why}`,
    };
  }
  const lowerList = headerList.map((h) => h.toLowerCase());
  const starHeaders = lowerList.includes('*');
  const notes: string[] = [];
  const authorizationByStar = !input.credentials && starHeaders && profile.wildcardCoversAuthorization;
  if (input.headerNames.includes('authorization') && !lowerList.includes('authorization') && authorizationByStar) {
    notes.push(
      `Access-Control-Allow-Headers "*" admits Authorization here only because ${profile.name} lets it; the Fetch standard and Firefox require Authorization to be listed by name.`,
    );
  } else if (input.headerNames.includes('authorization') && !lowerList.includes('authorization')) {
    return {
      ok: false,
      code: 'AUTHORIZATION_NOT_ALLOWED',
      reason: 'The request sends Authorization, which must be listed by name in Access-Control-Allow-Headers; "*" never covers it.',
    };
  }
  for (const name of input.unsafeNames) {
    if (lowerList.includes(name)) continue;
    if (!input.credentials && starHeaders) continue;
    return {
      ok: false,
      code: 'HEADER_NOT_ALLOWED',
      reason: `The preflight's Access-Control-Allow-Headers (${headerList.length ? headerList.join(', ') : 'absent'}) does not allow the request header "${name}".${starHeaders ? ' "*" covers headers only for requests without credentials.' : ''}`,
    };
  }
  return { ok: true, maxAge: preflightMaxAge(input.headers, profile), methods: methodList, allowHeaders: headerList, notes };
}
