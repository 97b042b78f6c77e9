/**
 * Strict-Transport-Security parsing (RFC 6797 §6.1): directives separated by ';', names
 * case-insensitive, values a token or a quoted-string. A directive may appear only once; max-age is
 * required and must be digits. Returns a reason instead of throwing on hostile input.
 */
export interface HstsPolicy {
  maxAge: number;
  includeSubDomains: boolean;
  preload: boolean;
}

export type HstsParse = { ok: true; policy: HstsPolicy } | { ok: false; reason: string };

export function parseHsts(value: string): HstsParse {
  const seen = new Map<string, string | undefined>();
  for (const part of value.split(';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+))?$/.exec(trimmed);
    if (!m) return { ok: false, reason: `unparseable directive '${trimmed}'` };
    const name = m[1]!.toLowerCase();
    if (seen.has(name)) return { ok: false, reason: `directive '${name}' appears more than once` };
    let v = m[2];
    if (v?.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    seen.set(name, v);
  }
  if (!seen.has('max-age')) return { ok: false, reason: 'max-age is missing' };
  const raw = seen.get('max-age');
  if (raw === undefined || !/^\d+$/.test(raw)) return { ok: false, reason: `max-age '${raw ?? ''}' is not a number of seconds` };
  // A 400-digit max-age is a number of seconds too; keep it finite so evidence stays JSON.
  const maxAge = Math.min(Number(raw), Number.MAX_SAFE_INTEGER);
  return { ok: true, policy: { maxAge, includeSubDomains: seen.has('includesubdomains'), preload: seen.has('preload') } };
}

export const ONE_YEAR_SECONDS = 31_536_000;
