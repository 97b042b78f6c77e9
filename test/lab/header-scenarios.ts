/**
 * The header lab's scenarios: one page per finding id, plus a well-configured page. Shared by the
 * end-to-end test and the MDN Observatory comparison bench.
 */
import type { Scenario } from './header-site.js';
import type { RouteResponse } from './http-server.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';

export const HEADER_SCENARIOS: Record<string, Scenario | RouteResponse> = {
  '/good': { headers: GOOD_HEADERS },
  '/missing_hsts': { headers: withHeader('Strict-Transport-Security', null) },
  '/weak_hsts': { headers: withHeader('Strict-Transport-Security', 'max-age=600') },
  '/hsts_disabled': { headers: withHeader('Strict-Transport-Security', 'max-age=0') },
  '/invalid_hsts': { headers: withHeader('Strict-Transport-Security', 'max-age=1y; includeSubDomains') },
  // RFC 6797 §8.1: the first field wins, so the good policy stands and the max-age=0 after it is ignored.
  '/duplicate_header_field': { headers: [...GOOD_HEADERS, ['Strict-Transport-Security', 'max-age=0']] },
  '/invalid_coep': { headers: [...GOOD_HEADERS, ['Cross-Origin-Embedder-Policy', 'require_corp']] },
  // frame-ancestors overrides X-Frame-Options, so DENY beside frame-ancestors * protects nothing.
  '/frame_ancestors_everyone': { headers: [...withHeader('Content-Security-Policy', "default-src 'self'; object-src 'none'; frame-ancestors *"), ['X-Frame-Options', 'DENY']] },
  '/hsts_preload_eligible': { headers: withHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload') },
  '/missing_csp': { headers: withHeader('Content-Security-Policy', null).concat([['X-Frame-Options', 'DENY']]) },
  '/weak_csp': { headers: withHeader('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'") },
  '/csp_report_only': {
    headers: withHeader('Content-Security-Policy', null).concat([['Content-Security-Policy-Report-Only', "default-src 'self'"], ['X-Frame-Options', 'SAMEORIGIN']]),
  },
  // CSP depth: each policy is otherwise strict, so only the one weakness shows.
  '/csp_allowlist_bypass': { headers: withHeader('Content-Security-Policy', "default-src 'self'; script-src 'self' https://*.google.com; object-src 'none'; base-uri 'self'; frame-ancestors 'none'") },
  '/csp_host_allowlist': { headers: withHeader('Content-Security-Policy', "default-src 'self'; script-src 'self' https://cdn.example.net; object-src 'none'; base-uri 'self'; frame-ancestors 'none'") },
  '/csp_missing_object_src': { headers: withHeader('Content-Security-Policy', "script-src 'self'; base-uri 'self'; frame-ancestors 'none'") },
  '/csp_missing_base_uri': { headers: withHeader('Content-Security-Policy', "default-src 'self'; script-src 'nonce-c2NvcmlmeWEtbGFi'; object-src 'none'; frame-ancestors 'none'") },
  '/missing_frame_protection': { headers: withHeader('Content-Security-Policy', "default-src 'self'; object-src 'none'") },
  '/invalid_xfo': { headers: withHeader('Content-Security-Policy', "default-src 'self'").concat([['X-Frame-Options', 'ALLOW-FROM https://partner.example']]) },
  '/missing_nosniff': { headers: withHeader('X-Content-Type-Options', null) },
  '/missing_referrer_policy': { headers: withHeader('Referrer-Policy', null) },
  '/weak_referrer_policy': { headers: withHeader('Referrer-Policy', 'unsafe-url') },
  '/missing_permissions_policy': { headers: withHeader('Permissions-Policy', null) },
  '/invalid_permissions_policy': { headers: withHeader('Permissions-Policy', "camera 'none'") },
  '/missing_coop': { headers: withHeader('Cross-Origin-Opener-Policy', null) },
  '/missing_corp': { headers: withHeader('Cross-Origin-Resource-Policy', null) },
  '/deprecated_header': { headers: [...GOOD_HEADERS, ['X-XSS-Protection', '1; mode=block']] },
  '/no_https_redirect': { headers: GOOD_HEADERS, http: { status: 200, headers: [['Content-Type', 'text/html']], body: 'plain' } },
  // The first http redirect stays on http (?step=2), the second upgrades: the Observatory's redirection rule fails it.
  '/redirect_not_https_first': {
    headers: GOOD_HEADERS,
    http: (req) =>
      req.url?.includes('step=2')
        ? { status: 301, headers: [['Location', `https://${req.headers.host}/redirect_not_https_first`]] }
        : { status: 301, headers: [['Location', `http://${req.headers.host}/redirect_not_https_first?step=2`]] },
  },
  '/hsts_over_http_only': {
    headers: withHeader('Strict-Transport-Security', null),
    http: (req) => ({ status: 301, headers: [['Strict-Transport-Security', 'max-age=31536000'], ['Location', `https://${req.headers.host}/hsts_over_http_only`]] }),
  },
};

/** What each scenario must report, exactly. */
export const HEADER_EXPECTED: Record<string, string[]> = {
  '/missing_hsts': ['missing_hsts'],
  '/weak_hsts': ['weak_hsts'],
  '/hsts_disabled': ['hsts_disabled'],
  '/invalid_hsts': ['invalid_hsts'],
  '/duplicate_header_field': ['duplicate_header_field'],
  '/invalid_coep': ['invalid_coep'],
  '/frame_ancestors_everyone': ['missing_frame_protection'],
  // The lab host api.target.test is a subdomain: preloading asks for target.test (the fix-proof lab
  // serves the registrable domain itself and gets hsts_preload_eligible).
  '/hsts_preload_eligible': ['hsts_preload_ineligible'],
  '/missing_csp': ['missing_csp'],
  '/weak_csp': ['weak_csp'],
  '/csp_report_only': ['csp_report_only'],
  '/csp_allowlist_bypass': ['csp_allowlist_bypass'],
  '/csp_host_allowlist': ['csp_host_allowlist'],
  '/csp_missing_object_src': ['csp_missing_object_src'],
  '/csp_missing_base_uri': ['csp_missing_base_uri'],
  '/missing_frame_protection': ['missing_frame_protection'],
  '/invalid_xfo': ['invalid_xfo'],
  '/missing_nosniff': ['missing_nosniff'],
  '/missing_referrer_policy': ['missing_referrer_policy'],
  '/weak_referrer_policy': ['weak_referrer_policy'],
  '/missing_permissions_policy': ['missing_permissions_policy'],
  '/invalid_permissions_policy': ['invalid_permissions_policy'],
  '/missing_coop': ['missing_coop'],
  '/missing_corp': ['missing_corp'],
  '/deprecated_header': ['deprecated_header'],
  '/no_https_redirect': ['no_https_redirect'],
  '/hsts_over_http_only': ['hsts_over_http_only', 'missing_hsts'],
  '/redirect_not_https_first': ['redirect_not_https_first'],
};
