/** Cause cases for the header and HTTPS ids: HSTS, X-Frame-Options, CSP, Permissions-Policy, the redirects. */
import type { Evidence } from '../../src/model/evidence.js';
import type { HttpExchange, RawHeader, RedirectChain } from '../../src/model/http.js';
import { GOOD_HEADERS, evidenceWith, exchange, finalChain, siteWithHeaders, withHeader } from '../support/evidence.js';
import { cause, type CauseCase } from './cases.js';

const STS = 'Strict-Transport-Security';
const CSP = 'Content-Security-Policy';
const META = { csp: [], cspReportOnly: [], referrer: [], xFrameOptions: [], other: [] };
const HTML: RawHeader = ['Content-Type', 'text/html'];

const failed = (start: string, code: string, outcome: RedirectChain['outcome'] = 'error'): RedirectChain => ({
  start,
  hops: [],
  outcome,
  error: { code, message: `${code} (test)`, url: start },
});

/** http:// serves the page; https:// got the given chain. */
function httpOnly(https: RedirectChain): Evidence {
  const page = exchange('http://site.example/', 200, [HTML, ...GOOD_HEADERS]);
  return evidenceWith({ http: finalChain('http://site.example/', page), https, primary: 'http', meta: META });
}

/** https:// serves the page; http:// answers with these hops. */
function httpChain(...hops: HttpExchange[]): Evidence {
  const page = exchange('https://site.example/', 200, [HTML, ...GOOD_HEADERS]);
  return evidenceWith({ http: finalChain('http://site.example/', ...hops), https: finalChain('https://site.example/', page), primary: 'https', meta: META });
}

const redirect = (from: string, to: string) => exchange(from, 301, [['Location', to]]);

/** The page with a certificate that did not verify. */
function untrustedPage(headers: RawHeader[]): Evidence {
  const page = exchange('https://site.example/', 200, [HTML, ...headers], '<html></html>', {
    tls: { authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', protocol: 'TLSv1.3' },
  });
  return evidenceWith({ http: finalChain('http://site.example/', redirect('http://site.example/', 'https://site.example/'), page), https: finalChain('https://site.example/', page), primary: 'https', meta: META });
}

const noFraming = (xfo: string) => siteWithHeaders([...withHeader(CSP, "default-src 'self'"), ['X-Frame-Options', xfo]]);
const csp = (policy: string) => siteWithHeaders(withHeader(CSP, policy));

export const HEADER_CASES: CauseCase[] = [
  cause('missing_hsts', 'header_absent', 'an HTTPS page without the header', siteWithHeaders(withHeader(STS, null))),
  cause('missing_hsts', 'no_https_response', 'no HTTPS response at all', httpOnly(failed('https://site.example/', 'ECONNREFUSED'))),
  cause('missing_hsts', 'certificate_not_trusted', 'the header on a certificate that did not verify', untrustedPage(GOOD_HEADERS)),
  cause('weak_hsts', 'short_max_age', 'max-age of ten minutes with includeSubDomains', siteWithHeaders(withHeader(STS, 'max-age=600; includeSubDomains'))),
  cause('weak_hsts', 'no_include_subdomains', 'a year without includeSubDomains', siteWithHeaders(withHeader(STS, 'max-age=31536000'))),
  cause('weak_hsts', 'short_max_age_no_include_subdomains', 'ten minutes, no includeSubDomains', siteWithHeaders(withHeader(STS, 'max-age=600'))),
  cause('invalid_xfo', 'allow_from', 'ALLOW-FROM a partner', noFraming('ALLOW-FROM https://partner.example')),
  cause('invalid_xfo', 'unknown_value', 'a misspelt value', noFraming('SAMEORIGN')),
  cause('weak_csp', 'no_script_restriction', 'a policy that only restricts framing', csp("frame-ancestors 'none'")),
  cause('weak_csp', 'unsafe_inline', "'unsafe-inline' without a nonce", csp("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'")),
  cause('weak_csp', 'unsafe_eval', "'unsafe-eval'", csp("script-src 'self' 'unsafe-eval'; object-src 'none'")),
  cause('weak_csp', 'broad_sources', 'script-src https:', csp("script-src https:; object-src 'none'")),
  cause('weak_csp', 'insecure_sources', 'a script host over http', csp("script-src 'self' http://cdn.example; object-src 'none'")),
  cause('weak_csp', 'object_src_open', 'object-src *', csp("script-src 'self'; object-src *")),
  cause('weak_csp', 'several_weaknesses', "'unsafe-inline' and 'unsafe-eval' together", csp("script-src 'self' 'unsafe-inline' 'unsafe-eval'; object-src 'none'")),
  cause('missing_permissions_policy', 'header_absent', 'no Permissions-Policy', siteWithHeaders(withHeader('Permissions-Policy', null))),
  cause('missing_permissions_policy', 'feature_policy_only', 'only the old Feature-Policy', siteWithHeaders([...withHeader('Permissions-Policy', null), ['Feature-Policy', "camera 'none'"]])),
  cause('no_https', 'no_https_response', 'connection refused on 443', httpOnly(failed('https://site.example/', 'ECONNREFUSED'))),
  cause('no_https', 'no_https_response', 'an answer on 443 that is not TLS', httpOnly(failed('https://site.example/', 'NOT_TLS'))),
  cause('no_https', 'plain_http_on_https_port', 'plain HTTP on the TLS port', httpOnly(failed('https://site.example/', 'PLAIN_HTTP'))),
  cause('no_https', 'https_redirect_loop', 'an https redirect loop', httpOnly(failed('https://site.example/', 'REDIRECT_LOOP', 'redirect_loop'))),
  cause(
    'no_https',
    'redirects_to_http',
    'https:// redirecting to http://',
    httpOnly(finalChain('https://site.example/', redirect('https://site.example/', 'http://site.example/'), exchange('http://site.example/', 200, [HTML]))),
  ),
  cause('no_https_redirect', 'no_redirect', 'http:// serving the page', httpChain(exchange('http://site.example/', 200, [HTML]))),
  cause(
    'no_https_redirect',
    'redirect_stays_on_http',
    'an http:// redirect to another http:// path',
    httpChain(redirect('http://site.example/', 'http://site.example/home'), exchange('http://site.example/home', 200, [HTML])),
  ),
  cause(
    'no_https_redirect',
    'redirect_back_to_http',
    'http:// to https:// and back',
    httpChain(
      redirect('http://site.example/', 'https://site.example/'),
      redirect('https://site.example/', 'http://site.example/home'),
      exchange('http://site.example/home', 200, [HTML]),
    ),
  ),
];
