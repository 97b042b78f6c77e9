/**
 * Header helpers that follow the Fetch standard's byte-level rules. Header values from a target are
 * hostile: everything here is total (never throws) and bounded by the input's length.
 */
import type { RawHeader } from '../model/http.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const isHttpWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isTabOrSpace = (c: number) => c === 0x20 || c === 0x09;

/**
 * Strip leading and trailing characters `strip` accepts. A loop, not a regex: an unanchored
 * `/[ws]+$/` retries from every whitespace run and is quadratic on a value of spaces ending in a
 * non-space (64 kB took minutes).
 */
export function trimWith(value: string, strip: (code: number) => boolean): string {
  let start = 0;
  let end = value.length;
  while (start < end && strip(value.charCodeAt(start))) start++;
  while (end > start && strip(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** Strip leading and trailing HTTP whitespace (tab, LF, CR, space), as header normalisation does. */
export function trimHttpWhitespace(value: string): string {
  return trimWith(value, isHttpWhitespace);
}

/** Trailing HTTP whitespace only. */
export function trimHttpWhitespaceEnd(value: string): string {
  let end = value.length;
  while (end > 0 && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  return value.slice(0, end);
}

/** An RFC 9110 token: what method names and header names must be. */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/** Every value of `name` (case-insensitive), in order received, whitespace-trimmed. */
export function headerValues(headers: readonly RawHeader[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => trimHttpWhitespace(v));
}

/**
 * The header list's combined value ("get" in Fetch): several lines of the same name joined by
 * ", ". Null when absent. A response with two ACAO lines therefore yields "a, b", which matches nothing.
 */
export function combinedHeader(headers: readonly RawHeader[], name: string): string | null {
  const values = headerValues(headers, name);
  return values.length === 0 ? null : values.join(', ');
}

/**
 * "Extracting header list values" for a `#token` list header (Access-Control-Allow-Methods,
 * -Allow-Headers, -Expose-Headers): null when absent, 'failure' when any element is not a token,
 * otherwise the elements in order. Empty elements (", ,") are allowed by the list ABNF and skipped.
 */
export function extractTokenList(headers: readonly RawHeader[], name: string): string[] | null | 'failure' {
  const values = headerValues(headers, name);
  if (values.length === 0) return null;
  const out: string[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      const item = trimWith(part, isTabOrSpace);
      if (item === '') continue;
      if (!isToken(item)) return 'failure';
      out.push(item);
    }
  }
  return out;
}

/** Printable form of a target-controlled value for messages: control bytes escaped, length capped. */
export function showValue(value: string, max = 120): string {
  const escaped = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max)}… (${value.length} bytes)` : escaped;
}
