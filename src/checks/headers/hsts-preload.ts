import { getDomain, parse as parseDomain } from 'tldts';
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { HttpEvidence, HttpExchange } from '../../model/http.js';
import { headerValues } from '../../model/headers.js';
import { ONE_YEAR_SECONDS, parseHsts } from './hsts-parse.js';

/**
 * HSTS preload eligibility by hstspreload.org's submission requirements, rule by rule:
 * 1. the domain is a registrable domain (only those are accepted; a subdomain is covered by its parent);
 * 2. a valid certificate;
 * 3. http:// redirects first to https:// on the same host (when port 80 answers);
 * 4. the HSTS header on the domain's own HTTPS response, even when that response is a redirect, with
 *    max-age ≥ 31536000, includeSubDomains and preload.
 * "Serve all subdomains over HTTPS" cannot be seen from one host's responses: it is named as not checked.
 * Eligible only when every rule we can check passes; a site that asks for preloading (the preload
 * directive) but fails a rule is told which.
 */
interface Rule {
  rule: string;
  ok: boolean;
  why: string;
}

const NOT_CHECKED = 'not checked: every subdomain (www included) serves HTTPS; the scan sees one host only';

function domainRule(host: string): Rule {
  const rule = 'a registrable domain';
  if (parseDomain(host).isIp) return { rule, ok: false, why: `${host} is an IP address, which cannot be preloaded` };
  const base = getDomain(host);
  if (!base) return { rule, ok: false, why: `${host} is not under a public suffix` };
  if (base !== host) return { rule, ok: false, why: `${host} is a subdomain: only ${base} can be submitted (its includeSubDomains covers ${host})` };
  return { rule, ok: true, why: `${host} is a registrable domain` };
}

function redirectRule(http: HttpEvidence, host: string): Rule {
  const rule = 'http:// redirects to https:// on the same host first';
  const first = http.http.hops[0];
  if (!first) return { rule, ok: true, why: `http:// did not answer (${http.http.error?.code ?? 'no response'}), so there is no redirect to require` };
  const location = headerValues(first.headers, 'location')[0];
  if (first.status < 300 || first.status >= 400 || !location) return { rule, ok: false, why: `${first.url} answered ${first.status} without redirecting` };
  let next: URL;
  try {
    next = new URL(location.trim(), first.url);
  } catch {
    return { rule, ok: false, why: `${first.url} redirects to an invalid Location '${location}'` };
  }
  if (next.protocol !== 'https:') return { rule, ok: false, why: `the first redirect goes to ${next.href}, not https` };
  if (next.hostname !== host) return { rule, ok: false, why: `the first redirect leaves ${host} for ${next.hostname}` };
  return { rule, ok: true, why: `${first.status} → ${next.href}` };
}

function headerRules(response: HttpExchange): Rule[] {
  const where = response.status >= 300 && response.status < 400 ? `the HTTPS redirect (${response.status}) at ${response.url}` : response.url;
  const value = headerValues(response.headers, 'strict-transport-security')[0];
  const rule = (name: string) => `the HSTS header on the domain's HTTPS response ${name}`;
  if (value === undefined) return [{ rule: rule('is present'), ok: false, why: `no Strict-Transport-Security on ${where}` }];
  const parsed = parseHsts(value);
  if (!parsed.ok) return [{ rule: rule('is valid'), ok: false, why: `${parsed.reason} on ${where}` }];
  const { maxAge, includeSubDomains, preload } = parsed.policy;
  return [
    { rule: rule('has max-age ≥ 31536000'), ok: maxAge >= ONE_YEAR_SECONDS, why: `max-age=${maxAge}` },
    { rule: rule('has includeSubDomains'), ok: includeSubDomains, why: includeSubDomains ? 'present' : `missing on ${where}` },
    { rule: rule('has preload'), ok: preload, why: preload ? 'present' : `missing on ${where}` },
  ];
}

export const hstsPreloadCheck: Check = {
  name: 'headers/hsts-preload',
  category: 'headers',
  ids: ['hsts_preload_eligible', 'hsts_preload_ineligible'],
  reads: ['http'],
  run(evidence) {
    const http = dataOf<HttpEvidence>(evidence, 'http');
    // The domain's own HTTPS response: the first hop of the https chain, a redirect included.
    const own = http.https.hops[0];
    if (!own || !own.url.startsWith('https:')) return [];
    const host = new URL(http.https.start).hostname;
    const asked = headerValues(own.headers, 'strict-transport-security').some((v) => {
      const parsed = parseHsts(v);
      return parsed.ok && parsed.policy.preload;
    });
    const rules: Rule[] = [
      domainRule(host),
      { rule: 'a valid certificate', ok: own.tls?.authorized !== false, why: own.tls?.authorized === false ? `the certificate did not verify (${own.tls.authorizationError ?? 'untrusted'})` : 'verified' },
      redirectRule(http, host),
      ...headerRules(own),
    ];
    const failed = rules.filter((r) => !r.ok);
    const lines = [...rules.map((r) => `${r.ok ? 'pass' : 'FAIL'}: ${r.rule} — ${r.why}`), NOT_CHECKED].join('\n');
    if (failed.length === 0) {
      return [{ id: 'hsts_preload_eligible', title: `${host} meets the HSTS preload list's requirements that a scan can check`, evidence: lines, location: own.url, details: { rules } }];
    }
    if (!asked) return []; // no preload directive: the site does not ask to be preloaded
    return [
      {
        id: 'hsts_preload_ineligible',
        title: `HSTS asks for preloading, but ${host} fails the preload list's requirements: ${failed.map((r) => r.why).join('; ')}`,
        evidence: lines,
        location: own.url,
        details: { rules },
      },
    ];
  },
};
