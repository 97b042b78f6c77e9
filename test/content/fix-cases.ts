/**
 * The broken sites the fix-proof test starts from: for each finding id, what the application behind
 * the web server sends (the "backend"), so that the finding shows before the snippet goes in.
 * Header cases are served by one TLS server block / virtual host per id; site cases (redirects, where
 * HSTS is sent) need whole server blocks and are described per stack in the stack's config builder.
 */
import { findingContent } from '../../src/content/load.js';
import type { RawHeader } from '../../src/model/http.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';

const STS = 'Strict-Transport-Security';
const CSP = 'Content-Security-Policy';

export interface HeaderFixCase {
  id: string;
  /** Headers the application sends on the broken page. */
  backend: RawHeader[];
  /**
   * 'clears' (the default): present before, absent after. 'produces': the id is informational and
   * the snippet exists to reach it (hsts_preload_eligible), so it must be absent before, present after.
   */
  effect?: 'clears' | 'produces';
}

/** One case per headers-category id whose snippet is a set of header directives. */
export const HEADER_FIX_CASES: HeaderFixCase[] = [
  { id: 'missing_hsts', backend: withHeader(STS, null) },
  { id: 'weak_hsts', backend: withHeader(STS, 'max-age=600') },
  { id: 'hsts_disabled', backend: withHeader(STS, 'max-age=0') },
  { id: 'invalid_hsts', backend: withHeader(STS, 'max-age=1y; includeSubDomains') },
  // The web server is the one place HSTS is set (a backend copy would make two headers).
  { id: 'hsts_preload_eligible', backend: withHeader(STS, null), effect: 'produces' },
  { id: 'missing_csp', backend: withHeader(CSP, null).concat([['X-Frame-Options', 'DENY']]) },
  { id: 'weak_csp', backend: withHeader(CSP, "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'") },
  { id: 'csp_report_only', backend: withHeader(CSP, null).concat([[`${CSP}-Report-Only`, "default-src 'self'"], ['X-Frame-Options', 'SAMEORIGIN']]) },
  { id: 'csp_allowlist_bypass', backend: withHeader(CSP, "default-src 'self'; script-src 'self' https://*.google.com; object-src 'none'; base-uri 'self'; frame-ancestors 'none'") },
  { id: 'csp_host_allowlist', backend: withHeader(CSP, "default-src 'self'; script-src 'self' https://cdn.example.net; object-src 'none'; base-uri 'self'; frame-ancestors 'none'") },
  { id: 'csp_missing_object_src', backend: withHeader(CSP, "script-src 'self'; base-uri 'self'; frame-ancestors 'none'") },
  { id: 'csp_missing_base_uri', backend: withHeader(CSP, "default-src 'self'; script-src 'nonce-c2NvcmlmeWEtbGFi'; object-src 'none'; frame-ancestors 'none'") },
  { id: 'missing_frame_protection', backend: withHeader(CSP, "default-src 'self'; object-src 'none'") },
  { id: 'invalid_xfo', backend: withHeader(CSP, "default-src 'self'").concat([['X-Frame-Options', 'ALLOW-FROM https://partner.example']]) },
  { id: 'missing_nosniff', backend: withHeader('X-Content-Type-Options', null) },
  { id: 'missing_referrer_policy', backend: withHeader('Referrer-Policy', null) },
  { id: 'weak_referrer_policy', backend: withHeader('Referrer-Policy', 'unsafe-url') },
  { id: 'missing_permissions_policy', backend: withHeader('Permissions-Policy', null) },
  { id: 'invalid_permissions_policy', backend: withHeader('Permissions-Policy', "camera 'none'") },
  { id: 'missing_coop', backend: withHeader('Cross-Origin-Opener-Policy', null) },
  { id: 'missing_corp', backend: withHeader('Cross-Origin-Resource-Policy', null) },
  {
    id: 'deprecated_header',
    backend: [
      ...GOOD_HEADERS,
      ['X-XSS-Protection', '1; mode=block'],
      ['Expect-CT', 'max-age=86400, enforce'],
      ['Public-Key-Pins', 'pin-sha256="cUPcTAZWKaASuYWhhneDttWpY3oBAkE3h2+soZS7sWs="; max-age=5184000'],
      ['Feature-Policy', "camera 'none'"],
    ],
  },
];

export const LAB_DOMAIN = 'target.test';

/**
 * Negative control: a host served exactly like a header case but never given a snippet. Its finding
 * must survive the "fixed" run, which shows the second scan sees the restarted server, not a constant.
 */
export const CONTROL = { id: 'missing_nosniff', host: `control.${LAB_DOMAIN}`, path: '/control', backend: withHeader('X-Content-Type-Options', null) };

/** Ids whose snippet is whole server blocks: redirects from plain HTTP and where HSTS is sent. */
export const SITE_FIX_IDS = ['no_https_redirect', 'hsts_over_http_only', 'redirect_offhost_first'] as const;
export type SiteFixId = (typeof SITE_FIX_IDS)[number];

/** Backend pages for the site cases: a well-configured page, and the same without HSTS. */
export const SITE_BACKEND: Record<string, RawHeader[]> = {
  '/site-good': GOOD_HEADERS,
  '/site-no-hsts': withHeader(STS, null),
};

/** Each case gets its own host name, so server-level snippets go exactly where their comments say. */
// hsts_preload_eligible is served on the registrable domain itself: only that one can be preloaded.
export const hostFor = (id: string): string => (id === 'hsts_preload_eligible' ? LAB_DOMAIN : `${id.replaceAll('_', '-')}.${LAB_DOMAIN}`);

/** Every name the lab certificate must cover. */
export function allHosts(): string[] {
  const ids = [...HEADER_FIX_CASES.map((c) => c.id), ...SITE_FIX_IDS];
  return [...ids.flatMap((id) => [hostFor(id), `www.${hostFor(id)}`]), CONTROL.host];
}

/** Where the lab's web server and its helpers listen. */
export interface LabPorts {
  /** The scanned port: a demultiplexer in front of `plain` and `tls`. */
  front: number;
  plain: number;
  tls: number;
  /** The application behind the web server (plain HTTP, one path per case). */
  backend: number;
}

export interface LabFiles {
  dir: string;
  cert: string;
  key: string;
}

export type Mode = 'broken' | 'fixed';

/** The fenced code of one finding's snippet for one stack, as published. */
export function snippetFor(id: string, stack: string): string {
  const code = findingContent().get(id)?.snippets.find((s) => s.stack === stack)?.code;
  if (!code) throw new Error(`content/findings/${id}.md has no ${stack} snippet`);
  return code;
}

