/**
 * Would a browser store this cookie? A model of the storage rules Chromium and RFC 6265bis apply,
 * used by the checks to say "the browser drops this cookie" only when it really does; the browser
 * lab test compares every verdict with what Chromium actually kept.
 */
import { isIP } from 'node:net';
import { parse as parseDomain } from 'tldts';
import { cookieLine, nameValueOctets, type ParsedSetCookie } from './parse.js';

export const MAX_NAME_VALUE_OCTETS = 4096;
/** Browsers cap a cookie's lifetime at 400 days (6265bis "Cookie Lifetime Limits"). */
export const MAX_LIFETIME_SECONDS = 400 * 24 * 60 * 60;

export type RejectReason =
  | 'no_cookie'
  | 'control_characters'
  | 'too_large'
  | 'secure_from_insecure_origin'
  | 'samesite_none_without_secure'
  | 'partitioned_without_secure'
  | 'secure_prefix'
  | 'host_prefix'
  | 'nameless_prefix'
  | 'nameless_with_equals'
  | 'domain_mismatch'
  | 'domain_public_suffix'
  | 'expired';

export interface BrowserVerdict {
  stored: boolean;
  /** Why the cookie is not stored; empty when it is. 'expired' means a deletion, not an error. */
  reasons: RejectReason[];
}

const REASON_WORDS: Record<RejectReason, string> = {
  no_cookie: 'the line has neither a name nor a value',
  control_characters: 'it contains control characters',
  too_large: `its name and value together exceed ${MAX_NAME_VALUE_OCTETS} bytes`,
  secure_from_insecure_origin: 'it is marked Secure but was set over plain http',
  samesite_none_without_secure: 'SameSite=None requires the Secure attribute',
  partitioned_without_secure: 'Partitioned requires the Secure attribute',
  secure_prefix: 'the __Secure- prefix requires the Secure attribute over https',
  host_prefix: 'the __Host- prefix requires Secure, Path=/ and no Domain attribute',
  nameless_prefix: 'a cookie without a name may not have a value starting with __Secure- or __Host-',
  nameless_with_equals: 'a cookie without a name may not have "=" in its value (it would read back as a named cookie)',
  domain_mismatch: 'its Domain attribute does not cover the host that set it',
  domain_public_suffix: 'its Domain attribute is a public suffix',
  expired: 'it is already expired (a deletion)',
};

export function describeReasons(reasons: readonly RejectReason[]): string {
  return reasons.map((r) => REASON_WORDS[r]).join('; ');
}

/** Chromium's "potentially trustworthy" origins may set Secure cookies: https, and loopback hosts over http. */
export function isTrustworthyUrl(url: URL): boolean {
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

export const hasPrefix = (name: string, prefix: '__secure-' | '__host-') => name.toLowerCase().startsWith(prefix);

/** Lifetime in seconds from the moment it was set; undefined for a browser-session cookie. */
export function lifetimeSeconds(cookie: ParsedSetCookie, now: Date): number | undefined {
  if (cookie.maxAge !== undefined) return cookie.maxAge;
  if (cookie.expires) return Math.floor((Date.parse(cookie.expires) - now.getTime()) / 1000);
  return undefined;
}

export function browserVerdict(cookie: ParsedSetCookie | undefined, setBy: string, now: Date): BrowserVerdict {
  if (!cookie) return { stored: false, reasons: ['no_cookie'] };
  let url: URL;
  try {
    url = new URL(setBy);
  } catch {
    return { stored: false, reasons: ['domain_mismatch'] };
  }
  const reasons: RejectReason[] = [];
  // Chromium refuses a line with control characters other than horizontal tab in the part it reads.
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(cookieLine(cookie.raw))) reasons.push('control_characters');
  if (nameValueOctets(cookie) > MAX_NAME_VALUE_OCTETS) reasons.push('too_large');
  const trustworthy = isTrustworthyUrl(url);
  if (cookie.secure && !trustworthy) reasons.push('secure_from_insecure_origin');
  if (cookie.sameSite !== undefined && cookie.sameSite.toLowerCase() === 'none' && !cookie.secure) {
    reasons.push('samesite_none_without_secure');
  }
  if (cookie.partitioned && !cookie.secure) reasons.push('partitioned_without_secure');
  if (hasPrefix(cookie.name, '__secure-') && !(cookie.secure && trustworthy)) reasons.push('secure_prefix');
  if (hasPrefix(cookie.name, '__host-') && !(cookie.secure && trustworthy && cookie.domain === undefined && cookie.path === '/')) {
    reasons.push('host_prefix');
  }
  if (cookie.name === '' && /^__(secure|host)-/i.test(cookie.value)) reasons.push('nameless_prefix');
  // "=a=bar": Chromium drops it (http-state name0017, name0025) rather than store a nameless "a=bar".
  if (cookie.name === '' && cookie.value.includes('=')) reasons.push('nameless_with_equals');
  const domainProblem = checkDomain(cookie.domain, url.hostname.replace(/^\[|\]$/g, '').toLowerCase());
  if (domainProblem) reasons.push(domainProblem);
  const life = lifetimeSeconds(cookie, now);
  if (reasons.length === 0 && life !== undefined && life <= 0) reasons.push('expired');
  return { stored: reasons.length === 0, reasons };
}

function checkDomain(domain: string | undefined, host: string): RejectReason | undefined {
  if (domain === undefined) return undefined;
  if (domain === host) return undefined; // always allowed; a public suffix equal to the host becomes host-only
  if (isIP(host) || isIP(domain)) return 'domain_mismatch';
  if (!host.endsWith(`.${domain}`)) return 'domain_mismatch';
  const info = parseDomain(domain, { allowPrivateDomains: true });
  // A Domain that is itself a public suffix may only name the host itself. An unlisted top-level
  // label counts as a suffix of its own (Chromium stores Domain=lab.test from a.lab.test: lab test).
  if (info.publicSuffix === domain || info.domain === null) return 'domain_public_suffix';
  return undefined;
}
