import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { HttpEvidence } from '../../model/http.js';
import { finalHttpsResponse, headerValues } from '../../model/headers.js';
import type { CheckResult } from '../../model/finding.js';
import { ONE_YEAR_SECONDS, parseHsts } from './hsts-parse.js';

const describeAge = (s: number) => (s >= 86_400 ? `${Math.floor(s / 86_400)} days` : `${s} seconds`);

export const hstsCheck: Check = {
  name: 'headers/hsts',
  category: 'headers',
  ids: ['missing_hsts', 'weak_hsts', 'hsts_disabled', 'invalid_hsts', 'hsts_over_http_only'],
  causes: {
    missing_hsts: ['no_https_response', 'header_absent', 'certificate_not_trusted'],
    weak_hsts: ['short_max_age', 'no_include_subdomains', 'short_max_age_no_include_subdomains'],
  },
  reads: ['http'],
  run(evidence) {
    const http = dataOf<HttpEvidence>(evidence, 'http');
    const results: CheckResult[] = [];
    const page = finalHttpsResponse(http) ?? (http.http.hops.at(-1)?.url.startsWith('https:') ? http.http.hops.at(-1) : undefined);

    // Browsers ignore Strict-Transport-Security received over plain http.
    const httpHopsWithHsts = [...http.http.hops, ...http.https.hops].filter(
      (h) => h.url.startsWith('http:') && headerValues(h.headers, 'strict-transport-security').length > 0,
    );
    const values = page ? headerValues(page.headers, 'strict-transport-security') : [];
    if (httpHopsWithHsts.length > 0 && values.length === 0) {
      results.push({
        id: 'hsts_over_http_only',
        title: 'Strict-Transport-Security is sent over plain http only, where browsers ignore it',
        evidence: httpHopsWithHsts.map((h) => `${h.url}: Strict-Transport-Security: ${headerValues(h.headers, 'strict-transport-security')[0]}`).join('\n'),
        location: httpHopsWithHsts[0]!.url,
      });
    }

    if (!page) {
      results.push({ id: 'missing_hsts', cause: 'no_https_response', title: 'No HSTS: the site has no working HTTPS response to carry it', evidence: 'no https response', location: evidence.target.url });
      return results;
    }
    if (values.length === 0) {
      results.push({ id: 'missing_hsts', cause: 'header_absent', title: 'No Strict-Transport-Security header on the HTTPS response', evidence: 'Strict-Transport-Security: (absent)', location: page.url });
      return results;
    }
    const shown = values.map((v) => `Strict-Transport-Security: ${v}`).join('\n');
    if (page.tls && !page.tls.authorized) {
      results.push({
        id: 'missing_hsts',
        cause: 'certificate_not_trusted',
        title: `HSTS is ignored by browsers because the certificate did not verify (${page.tls.authorizationError ?? 'untrusted'})`,
        evidence: shown,
        location: page.url,
      });
      return results;
    }
    // RFC 6797 §8.1: only the first field counts (Chromium too); a second one is reported by
    // headers/duplicates with what browsers do, and the policy is judged on the first.
    const parsed = parseHsts(values[0]!);
    if (!parsed.ok) {
      const which = values.length > 1 ? 'The first Strict-Transport-Security field (the one browsers apply)' : 'Strict-Transport-Security';
      results.push({ id: 'invalid_hsts', title: `${which} is malformed: ${parsed.reason}`, evidence: shown, location: page.url });
      return results;
    }
    const { maxAge, includeSubDomains } = parsed.policy;
    if (maxAge === 0) {
      results.push({ id: 'hsts_disabled', title: 'HSTS is switched off: max-age=0 tells browsers to forget the policy', evidence: shown, location: page.url });
      return results;
    }
    const weak: string[] = [];
    const short = maxAge < ONE_YEAR_SECONDS;
    if (short) weak.push(`max-age is ${describeAge(maxAge)}, less than one year`);
    if (!includeSubDomains) weak.push('includeSubDomains is missing');
    if (weak.length) {
      // Raising max-age is safe at once; adding includeSubDomains first needs every subdomain on HTTPS.
      const cause = short && !includeSubDomains ? 'short_max_age_no_include_subdomains' : short ? 'short_max_age' : 'no_include_subdomains';
      results.push({ id: 'weak_hsts', cause, title: `Weak HSTS: ${weak.join('; ')}`, evidence: shown, location: page.url });
    }
    return results;
  },
};
