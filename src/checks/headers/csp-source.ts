/**
 * CSP host-source expressions (CSP3 §2.3.1, `host-source`): `[scheme "://"] host [":" port] [path]`,
 * parsed from a policy a site serves (hostile input: never throws, length-bounded, no backtracking
 * blow-up) and matched against a URL the way CSP3 §6.7.2.8-12 matches a URL against an expression.
 * Used to ask "which script URLs does this allow-list let in?" of csp_evaluator's lists of URLs known
 * to serve JSONP endpoints or AngularJS (the package's data, imported, not copied).
 */
import { URLS as ANGULAR_URLS } from 'csp_evaluator/dist/allowlist_bypasses/angular.js';
import { NEEDS_EVAL as JSONP_NEEDS_EVAL, URLS as JSONP_URLS } from 'csp_evaluator/dist/allowlist_bypasses/jsonp.js';

export interface HostSource {
  /** Lower-cased scheme when the expression names one (`https` of `https://cdn.example`). */
  scheme?: string;
  /** Lower-cased host without the `*.` prefix and without a trailing dot; `*` for a bare wildcard. */
  host: string;
  /** `*.example.com`: any subdomain of host (not host itself, CSP3 §6.7.2.10). */
  subdomains: boolean;
  /** The port as written, or `*`; absent means the scheme's default port. */
  port?: string;
  /** The path as written, when there is one. */
  path?: string;
}

/** Longer tokens are not host sources anyone writes; bounding them keeps the regex linear. */
const MAX_SOURCE_LENGTH = 2048;
// Each part is anchored by a distinct separator (`://`, `.`, `:`, `/`), so the match is linear.
const HOST_SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)(?::(\d{1,5}|\*))?(\/[^?#\s]*)?$/i;

/** The host-source a token spells, or undefined for keywords, nonces, hashes, schemes and junk. */
export function parseHostSource(token: string): HostSource | undefined {
  if (token.length > MAX_SOURCE_LENGTH) return undefined;
  const m = HOST_SOURCE.exec(token);
  if (!m) return undefined;
  const rawHost = m[2]!.toLowerCase();
  const subdomains = rawHost.startsWith('*.');
  const host = (subdomains ? rawHost.slice(2) : rawHost).replace(/\.$/, '');
  // `data:` or `https:` alone are scheme sources; a bare word followed by `:` is not a host-source.
  const source: HostSource = { host, subdomains };
  if (m[1]) source.scheme = m[1].toLowerCase();
  if (m[3]) source.port = m[3];
  if (m[4]) source.path = m[4];
  return source;
}

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * Does the expression allow this http(s) URL? CSP3: an `http` expression also matches `https` (the
 * upgrade is allowed), a missing scheme means the page's (we take any http(s), since the list's URLs
 * are scheme-relative), a path ending in `/` is a prefix, any other path must match exactly.
 */
export function hostSourceMatches(source: HostSource, url: URL): boolean {
  if (source.scheme && source.scheme !== 'http' && source.scheme !== 'https') return false;
  if (source.scheme === 'https' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  if (source.host === '*') return true;
  if (source.subdomains ? !host.endsWith(`.${source.host}`) : host !== source.host) return false;
  if (source.port && source.port !== '*') {
    const urlPort = url.port || DEFAULT_PORT[url.protocol];
    // An explicit default port of http matches the https default too (CSP3 §6.7.2.11, the upgrade).
    if (source.port !== urlPort && !(source.port === '80' && urlPort === '443')) return false;
  }
  if (source.path && source.path !== '/') {
    const path = decodeURIComponentSafe(url.pathname);
    const want = decodeURIComponentSafe(source.path);
    if (want.endsWith('/') ? !path.startsWith(want) : path !== want) return false;
  }
  return true;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface KnownBypass {
  /** The source expression as the policy wrote it. */
  source: string;
  kind: 'jsonp' | 'angularjs';
  /** The csp_evaluator list entry it allows. */
  url: string;
}

const toUrl = (entry: string): URL => new URL(`https:${entry}`);
const ANGULAR = ANGULAR_URLS.map((u) => ({ entry: u, url: toUrl(u) }));
const JSONP = JSONP_URLS.map((u) => ({ entry: u, url: toUrl(u) }));

/**
 * The first URL of csp_evaluator's bypass lists that a script source allows. A JSONP endpoint whose
 * callback must be evaluated as a string (csp_evaluator's NEEDS_EVAL hosts) is a bypass only when the
 * list also allows 'unsafe-eval'.
 */
export function knownBypass(token: string, allowsEval: boolean): KnownBypass | undefined {
  const source = parseHostSource(token);
  if (!source || source.host === '*') return undefined;
  const jsonp = JSONP.find((j) => hostSourceMatches(source, j.url) && (allowsEval || !JSONP_NEEDS_EVAL.includes(j.url.hostname)));
  if (jsonp) return { source: token, kind: 'jsonp', url: jsonp.entry };
  const angular = ANGULAR.find((a) => hostSourceMatches(source, a.url));
  if (angular) return { source: token, kind: 'angularjs', url: angular.entry };
  return undefined;
}
