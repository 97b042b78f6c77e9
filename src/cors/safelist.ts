/**
 * What a page may send cross-origin without asking first (Fetch § Methods, § Headers): the
 * CORS-safelisted methods and request headers, forbidden names that script cannot set, and the
 * resulting list of "CORS-unsafe request-header names" that forces a preflight.
 */
import type { RawHeader } from '../model/http.js';
import { isToken, trimHttpWhitespace, trimHttpWhitespaceEnd } from './headers.js';

export const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'] as const;
const NORMALISED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];

/** fetch() upper-cases only the six well-known methods; `patch` stays `patch`. */
export function normaliseMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALISED_METHODS.includes(upper) ? upper : method;
}

export function isSafelistedMethod(method: string): boolean {
  return (SAFELISTED_METHODS as readonly string[]).includes(method);
}

export function isForbiddenMethod(method: string): boolean {
  return FORBIDDEN_METHODS.includes(method.toUpperCase());
}

const FORBIDDEN_REQUEST_HEADERS = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
]);

/** Names script cannot set: the browser drops them silently (Cookie, Origin, Sec-*, Proxy-* …). */
export function isForbiddenRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_REQUEST_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/** Bytes that make accept / content-type values unsafe: controls except tab, `"():<>?@[\]{}` and DEL. */
export function isCorsUnsafeRequestHeaderByte(code: number): boolean {
  if (code < 0x20 && code !== 0x09) return true;
  return [0x22, 0x28, 0x29, 0x3a, 0x3c, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x7b, 0x7d, 0x7f].includes(code);
}

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isCorsUnsafeRequestHeaderByte(value.charCodeAt(i))) return true;
  return false;
}

const SAFE_CONTENT_TYPE_ESSENCES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * The essence ("type/subtype", lower-cased) of a MIME type per the MIME Sniffing standard's parser,
 * or null when it does not parse. Parameters never make the parse fail, so only type and subtype
 * are examined.
 */
export function mimeEssence(value: string): string | null {
  const input = trimHttpWhitespace(value);
  const slash = input.indexOf('/');
  if (slash <= 0) return null;
  const type = input.slice(0, slash);
  const semicolon = input.indexOf(';', slash + 1);
  const subtype = trimHttpWhitespaceEnd(input.slice(slash + 1, semicolon === -1 ? undefined : semicolon));
  if (!isToken(type) || !isToken(subtype)) return null;
  return `${type}/${subtype}`.toLowerCase();
}

const INT64_MAX = 2n ** 63n - 1n;

/** A single `bytes=N-` or `bytes=N-M` range with N ≤ M (no whitespace, no suffix range). */
export function isSafelistedRange(value: string): boolean {
  const m = /^bytes=([0-9]*)-([0-9]*)$/i.exec(value);
  if (!m) return false;
  const [, start, end] = m;
  if (!start) return false;
  // Chromium parses both bounds as 64-bit integers and treats an overflowing one as unsafe.
  if (BigInt(start) > INT64_MAX || (end && BigInt(end) > INT64_MAX)) return false;
  if (end && BigInt(start) > BigInt(end)) return false;
  return true;
}

/** Is (name, value) a CORS-safelisted request header? `value` is the combined, normalised value. */
export function isSafelistedRequestHeader(name: string, value: string): boolean {
  if (value.length > 128) return false;
  switch (name.toLowerCase()) {
    case 'accept':
      return !hasUnsafeByte(value);
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
    case 'content-type': {
      if (hasUnsafeByte(value)) return false;
      const essence = mimeEssence(value);
      return essence !== null && SAFE_CONTENT_TYPE_ESSENCES.includes(essence);
    }
    case 'range':
      return isSafelistedRange(value);
    default:
      return false;
  }
}

/** Headers as a fetch() Headers object holds them: lower-cased names, values normalised, duplicates joined. */
export function combineRequestHeaders(headers: readonly RawHeader[]): RawHeader[] {
  const out = new Map<string, string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const v = trimHttpWhitespace(value);
    out.set(lower, out.has(lower) ? `${out.get(lower)!}, ${v}` : v);
  }
  return [...out.entries()];
}

/**
 * The CORS-unsafe request-header names: each non-safelisted name, plus every safelisted name once
 * the safelisted values together exceed 1024 bytes. Lower-cased, unique, sorted by code unit.
 *
 * Chromium joins repeated names into one value before this test (verified against Chromium 156),
 * so with five safelisted names of at most 128 bytes it never reaches 1024. The standard keeps
 * repeated entries apart; `combineDuplicates: false` gives that reading.
 */
export function corsUnsafeRequestHeaderNames(headers: readonly RawHeader[], options: { combineDuplicates?: boolean } = {}): string[] {
  const unsafe = new Set<string>();
  const safelisted: string[] = [];
  let safelistedBytes = 0;
  const list = options.combineDuplicates === false
    ? headers.map(([n, v]): RawHeader => [n.toLowerCase(), trimHttpWhitespace(v)])
    : combineRequestHeaders(headers);
  for (const [name, value] of list) {
    if (isSafelistedRequestHeader(name, value)) {
      safelisted.push(name);
      safelistedBytes += value.length;
    } else {
      unsafe.add(name);
    }
  }
  if (safelistedBytes > 1024) for (const name of safelisted) unsafe.add(name);
  return [...unsafe].sort();
}
