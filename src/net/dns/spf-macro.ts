/**
 * SPF macro expansion (RFC 7208 §7). Pure: the caller supplies every value a macro letter can name,
 * including the validated PTR name for `%{p}` (which costs lookups, so it is resolved lazily by the caller).
 * A malformed macro throws SpfMacroError; the evaluator turns that into a permerror.
 */
import { isIPv6 } from 'node:net';

export class SpfMacroError extends Error {
  readonly code = 'SPF_MACRO';
}

export interface MacroValues {
  /** <sender>: the full MAIL FROM (or postmaster@HELO). */
  sender: string;
  /** The domain whose record is being evaluated. */
  domain: string;
  ip: string;
  helo: string;
  /** Receiving host, for %{r} in explanations. */
  receiver?: string;
  /** Seconds since the epoch, for %{t} in explanations. */
  timestamp?: number;
  /** %{p}: resolved only when a macro asks for it. */
  validatedName?: () => Promise<string>;
}

const MACRO = /%(?:\{([A-Za-z])(\d*)([rR]?)([.\-+,/_=]*)\}|(.)|$)/g;

/** The dotted-nibble form %{i} gives an IPv6 address (RFC 7208 §7.3). */
export function ipMacroForm(ip: string): string {
  if (!isIPv6(ip)) return ip;
  return expandIPv6(ip).replace(/:/g, '').split('').join('.');
}

/** Full, zero-padded, lower-case IPv6 (8 groups of 4 hex digits). */
export function expandIPv6(ip: string): string {
  let text = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const fill = tail !== undefined ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...fill, ...right].map((g) => g.padStart(4, '0')).join(':');
}

/** The reverse-lookup name of an address (in-addr.arpa or ip6.arpa). */
export function reverseName(ip: string): string {
  if (isIPv6(ip)) return `${ipMacroForm(ip).split('.').reverse().join('.')}.ip6.arpa`;
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;
function urlEscape(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => (UNRESERVED.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

async function letterValue(letter: string, v: MacroValues, explanation: boolean): Promise<string> {
  const at = v.sender.lastIndexOf('@');
  switch (letter) {
    case 's':
      return v.sender;
    case 'l':
      return at >= 0 ? v.sender.slice(0, at) || 'postmaster' : 'postmaster';
    case 'o':
      return at >= 0 ? v.sender.slice(at + 1) : v.sender;
    case 'd':
      return v.domain;
    case 'i':
      return ipMacroForm(v.ip);
    case 'p':
      return v.validatedName ? v.validatedName() : 'unknown';
    case 'v':
      return isIPv6(v.ip) ? 'ip6' : 'in-addr';
    case 'h':
      return v.helo;
  }
  if (explanation) {
    if (letter === 'c') return v.ip;
    if (letter === 'r') return v.receiver ?? 'unknown';
    if (letter === 't') return String(v.timestamp ?? Math.floor(Date.now() / 1000));
  }
  throw new SpfMacroError(`macro letter "${letter}" is not allowed here`);
}

/**
 * Expand a macro-string. `explanation` admits the c, r and t letters, which RFC 7208 §7.2 allows only in
 * explanation text.
 */
export async function expandMacros(text: string, values: MacroValues, explanation = false): Promise<string> {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MACRO)) {
    out += text.slice(last, m.index);
    last = m.index! + m[0].length;
    if (m[1] === undefined) {
      if (m[5] === '%') out += '%';
      else if (m[5] === '_') out += ' ';
      else if (m[5] === '-') out += '%20';
      else throw new SpfMacroError(`"%${m[5] ?? ''}" is not a macro`);
      continue;
    }
    const letter = m[1];
    const lower = letter.toLowerCase();
    let value = await letterValue(lower, values, explanation);
    const digits = m[2]!;
    const reverse = m[3] !== '';
    const delimiters = m[4]!;
    if (digits || reverse || delimiters) {
      const splitter = new RegExp(`[${(delimiters || '.').replace(/[\]\\\-^]/g, '\\$&')}]`);
      let parts = value.split(splitter);
      if (reverse) parts = parts.reverse();
      if (digits) {
        const n = Number(digits);
        if (n === 0) throw new SpfMacroError('a macro may not keep zero labels');
        parts = parts.slice(-n);
      }
      value = parts.join('.');
    }
    out += letter !== lower ? urlEscape(value) : value;
  }
  return out + text.slice(last);
}
