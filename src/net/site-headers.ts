/**
 * Request headers the user adds for authenticated or staging scans (`--header`, `--cookie`, the API's
 * `headers`/`cookie`). They are credentials: they go only to the scanned host (never to another host a
 * redirect or a link leads to), and nothing stores their values — reports record the header names only.
 */
import type { RawHeader } from '../model/http.js';
import { InputError } from './target-input.js';

/** Framing and connection headers the client owns: a user value would break or smuggle requests. */
const CLIENT_OWNED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'http2-settings',
  'proxy-connection',
]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
export const MAX_SITE_HEADERS = 32;
const MAX_VALUE_BYTES = 8 * 1024;

/** One `Name: value` argument, checked. */
export function parseSiteHeader(text: string, flag = '--header'): RawHeader {
  const colon = text.indexOf(':');
  // The text is not quoted back: a line without its name may be a bare token.
  if (colon <= 0) throw new InputError(`${flag} expects 'Name: value', got a line without a header name before a colon`);
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  return checkSiteHeader([name, value], flag);
}

export function checkSiteHeader([name, value]: RawHeader, flag = '--header'): RawHeader {
  if (!TOKEN.test(name)) throw new InputError(`${flag}: '${clip(name)}' is not a valid header name`);
  if (CLIENT_OWNED.has(name.toLowerCase()) || name.toLowerCase().startsWith('proxy-')) {
    throw new InputError(`${flag}: ${name} is set by the scanner itself and cannot be given`);
  }
  // CR, LF and NUL would end the header or the request (smuggling); other controls are refused too.
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) throw new InputError(`${flag}: the value of ${name} contains control characters`);
  if (Buffer.byteLength(value, 'latin1') > MAX_VALUE_BYTES) throw new InputError(`${flag}: the value of ${name} is over ${MAX_VALUE_BYTES} bytes`);
  return [name, value];
}

/** How the CLI names the two inputs in its messages; the API and the web form name their own fields. */
const CLI_FLAGS = { header: '--header', cookie: '--cookie' };

/**
 * The headers of one scan from `--header` lines and a `--cookie` string. A Cookie given both ways is
 * refused: which one a server would read is unclear, and the user surely meant one.
 */
export function siteHeadersFrom(headers: readonly string[] = [], cookie?: string, flags: { header: string; cookie: string } = CLI_FLAGS): RawHeader[] {
  const parsed = headers.map((h) => parseSiteHeader(h, flags.header));
  if (cookie !== undefined) {
    if (parsed.some(([n]) => n.toLowerCase() === 'cookie')) throw new InputError(`give the cookie with ${flags.cookie} or with ${flags.header} Cookie:, not both`);
    parsed.push(checkSiteHeader(['Cookie', cookie.trim()], flags.cookie));
  }
  if (parsed.length > MAX_SITE_HEADERS) throw new InputError(`at most ${MAX_SITE_HEADERS} extra headers`);
  return parsed;
}

/**
 * The headers a request carries: the probe's own first (an Origin the CORS probe asks about is the
 * question itself), then the user's for the scanned host, then the client's defaults for what is left.
 */
export function withSiteHeaders(given: readonly RawHeader[], url: URL, site: { host: string; headers: readonly RawHeader[] } | undefined): RawHeader[] {
  if (!site || site.headers.length === 0 || url.hostname.replace(/^\[|\]$/g, '').toLowerCase() !== site.host) return [...given];
  const taken = new Set(given.map(([n]) => n.toLowerCase()));
  return [...given, ...site.headers.filter(([n]) => !taken.has(n.toLowerCase()))];
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);
