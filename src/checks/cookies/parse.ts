/**
 * Parsing of one Set-Cookie header value as a browser would read it (RFC 6265bis §5.6), on top of
 * set-cookie-parser. The library gives name, value, dates and flags; this layer keeps what analysis
 * needs and the library drops: the raw line, every attribute as written and in order, the raw
 * SameSite text, and the 1024-octet rule under which an over-long attribute value is ignored.
 * Pure and total: any string gives a result or `undefined`, never an exception.
 */
import { parseString, type Cookie as LibCookie } from 'set-cookie-parser';

/** Attribute values longer than this are ignored by browsers (6265bis storage model, step 4). */
export const MAX_ATTRIBUTE_VALUE_OCTETS = 1024;

export interface CookieAttribute {
  /** The attribute name as written (case kept). */
  name: string;
  /** The value after '=' trimmed of SP/HTAB, or undefined when there was no '='. */
  value: string | undefined;
}

export interface ParsedSetCookie {
  /** The header value exactly as received. */
  raw: string;
  name: string;
  /** The value as sent (not URL-decoded). */
  value: string;
  attributes: CookieAttribute[];
  /** Domain attribute with any leading dot removed, lower-cased; absent when not set or ignored. */
  domain?: string;
  /** Domain attribute text as written, for evidence. */
  domainRaw?: string;
  path?: string;
  /** Expires as an ISO date when it parsed. */
  expires?: string;
  maxAge?: number;
  secure: boolean;
  httpOnly: boolean;
  /** SameSite text as written (last occurrence), '' when `SameSite` had no value. */
  sameSite?: string;
  partitioned: boolean;
  /** Attributes whose value was over 1024 octets and therefore ignored. */
  ignoredAttributes: string[];
}

const isWsp = (code: number) => code === 0x20 || code === 0x09;

function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWsp(text.charCodeAt(start))) start++;
  while (end > start && isWsp(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** Header values reach us as latin1-decoded strings, so one character is one octet. */
const octets = (text: string) => text.length;

function splitNameValue(pair: string): { name: string; value: string } {
  const eq = pair.indexOf('=');
  if (eq < 0) return { name: '', value: trimWsp(pair) };
  return { name: trimWsp(pair.slice(0, eq)), value: trimWsp(pair.slice(eq + 1)) };
}

/**
 * The part of a Set-Cookie value a browser reads: Chromium stops at the first CR or LF (a bare CR can
 * survive into a header value; http-state case disabled-chromium0023 shows Chromium storing what came
 * before it). NUL is not a terminator here: Chromium refuses a response carrying one.
 */
export function cookieLine(raw: string): string {
  const end = raw.search(/[\r\n]/);
  return end < 0 ? raw : raw.slice(0, end);
}

/**
 * Parse one Set-Cookie value. Returns undefined when a browser would ignore the line outright for
 * lack of a cookie (empty name and empty value).
 */
export function parseSetCookie(raw: string): ParsedSetCookie | undefined {
  const line = cookieLine(raw);
  const parts = line.split(';');
  const { name, value } = splitNameValue(parts[0] ?? '');
  if (!name && !value) return undefined;

  // set-cookie-parser refuses names such as "constructor" (prototype keys); ours keeps them, so the
  // library only contributes the date and number parsing it is good at.
  const lib = parseString(line, { decodeValues: false, silent: true }) as LibCookie | null;

  const parsed: ParsedSetCookie = {
    raw,
    name,
    value,
    attributes: [],
    secure: false,
    httpOnly: false,
    partitioned: false,
    ignoredAttributes: [],
  };

  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    const attrName = trimWsp(eq < 0 ? part : part.slice(0, eq));
    const attrValue = eq < 0 ? undefined : trimWsp(part.slice(eq + 1));
    if (!attrName && attrValue === undefined) continue;
    parsed.attributes.push({ name: attrName, value: attrValue });
    const key = attrName.toLowerCase();
    if (attrValue !== undefined && octets(attrValue) > MAX_ATTRIBUTE_VALUE_OCTETS) {
      parsed.ignoredAttributes.push(attrName);
      continue;
    }
    switch (key) {
      case 'secure':
        parsed.secure = true;
        break;
      case 'httponly':
        parsed.httpOnly = true;
        break;
      case 'partitioned':
        parsed.partitioned = true;
        break;
      case 'samesite':
        parsed.sameSite = attrValue ?? '';
        break;
      case 'domain': {
        // An empty Domain attribute is ignored (6265bis §5.6.3); the last non-empty one wins.
        const cleaned = (attrValue ?? '').replace(/^\./, '').toLowerCase();
        if (cleaned) {
          parsed.domain = cleaned;
          parsed.domainRaw = attrValue;
        }
        break;
      }
      case 'path':
        // A path not starting with '/' means "use the default path" (6265bis §5.6.4).
        if (attrValue && attrValue.startsWith('/')) parsed.path = attrValue;
        else delete parsed.path;
        break;
      case 'max-age':
        if (attrValue !== undefined && /^-?\d+$/.test(attrValue)) parsed.maxAge = Number.parseInt(attrValue, 10);
        break;
      case 'expires':
        break; // taken from the library below
    }
  }

  // Dates: the library parses the last Expires attribute; we keep it only when ours did not ignore it.
  const expiresAttr = [...parsed.attributes].reverse().find((a) => a.name.toLowerCase() === 'expires');
  if (lib?.expires && expiresAttr?.value !== undefined && octets(expiresAttr.value) <= MAX_ATTRIBUTE_VALUE_OCTETS) {
    const time = lib.expires.getTime();
    if (Number.isFinite(time)) parsed.expires = lib.expires.toISOString();
  } else if (!lib && expiresAttr?.value) {
    const time = Date.parse(expiresAttr.value);
    if (Number.isFinite(time)) parsed.expires = new Date(time).toISOString();
  }
  if (parsed.maxAge !== undefined && !Number.isSafeInteger(parsed.maxAge)) {
    parsed.maxAge = parsed.maxAge > 0 ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  }
  return parsed;
}

/** Name + value size in octets, the quantity browsers cap at 4096. */
export function nameValueOctets(cookie: Pick<ParsedSetCookie, 'name' | 'value'>): number {
  return octets(cookie.name) + octets(cookie.value);
}
