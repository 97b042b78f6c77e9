/**
 * Which attacker-controlled origins the server trusts: an arbitrary origin (reflection), `null`,
 * and the bypasses of a flawed allow-list (prefix, suffix, unescaped dot, special characters,
 * plain-http origin, any subdomain, third-party code hosts). Severity comes from the simulator:
 * can a page on that origin read the response, and with the user's cookies?
 */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CorsEvidence, CorsProbeKind, CorsProbeResult } from '../../model/cors.js';
import type { CheckResult, Severity } from '../../model/finding.js';
import { acao, finding, forStatus, probesOf, readVerdict } from './judge.js';

interface KindRule {
  kind: CorsProbeKind;
  /** Finding id when readable with credentials / without. */
  ids: [withCreds: string, withoutCreds: string];
  severity: [withCreds: Severity, withoutCreds: Severity];
  what: string;
}

const BYPASS_RULES: KindRule[] = [
  { kind: 'prefix', ids: ['cors_prefix_bypass', 'cors_prefix_bypass'], severity: ['high', 'medium'], what: 'an origin that merely starts with the site host' },
  { kind: 'special_chars', ids: ['cors_prefix_bypass', 'cors_prefix_bypass'], severity: ['high', 'medium'], what: 'the site host followed by a special character and an attacker domain' },
  { kind: 'suffix', ids: ['cors_suffix_bypass', 'cors_suffix_bypass'], severity: ['high', 'medium'], what: 'an attacker domain that merely ends with the site domain' },
  { kind: 'unescaped_dot', ids: ['cors_unescaped_dot', 'cors_unescaped_dot'], severity: ['high', 'medium'], what: 'the host with a dot replaced by a letter (an unescaped "." in a pattern)' },
  { kind: 'http_origin', ids: ['cors_http_origin_trusted', 'cors_http_origin_trusted'], severity: ['medium', 'low'], what: "the site's own host over unencrypted http" },
  { kind: 'subdomain', ids: ['cors_subdomain_trusted', 'cors_subdomain_trusted'], severity: ['medium', 'low'], what: 'any subdomain of the site' },
  { kind: 'third_party', ids: ['cors_third_party_trusted', 'cors_third_party_trusted'], severity: ['high', 'medium'], what: 'a third-party site where anyone can publish script' },
];

const IDS = [
  'cors_origin_reflected_credentials', 'cors_origin_reflected', 'cors_null_origin', 'cors_prefix_bypass', 'cors_suffix_bypass',
  'cors_unescaped_dot', 'cors_http_origin_trusted', 'cors_subdomain_trusted', 'cors_third_party_trusted',
] as const;

/** The trusted probe of this kind with the strongest read access, if any. */
function trusted(evidence: CorsEvidence, probes: CorsProbeResult[]) {
  let best: { probe: CorsProbeResult; creds: boolean; status: number } | undefined;
  for (const probe of probes) {
    const v = readVerdict(evidence, probe.origin, probe.get);
    if (!v) continue;
    const creds = v.withCredentials.allowed;
    // `*` is not trust in a particular origin; cors_wildcard reports it.
    const named = v.withoutCredentials.allowed && acao(probe.get).join(', ').trim() !== '*';
    if (!creds && !named) continue;
    const rank = (creds ? 2 : 1) + (v.status >= 200 && v.status < 300 ? 0.5 : 0);
    const bestRank = best ? (best.creds ? 2 : 1) + (best.status >= 200 && best.status < 300 ? 0.5 : 0) : -1;
    if (rank > bestRank) best = { probe, creds, status: v.status };
  }
  return best;
}

function story(origin: string, creds: boolean, url: string): string {
  return creds
    ? `a page on ${origin} can read ${url} with the visitor's cookies, so anything the logged-in user can see here, that page can steal.`
    : `a page on ${origin} can read ${url} (without cookies): data behind IP- or network-based access is readable from that page.`;
}

export const corsOriginTrustCheck: Check = {
  name: 'cors/origin-trust',
  category: 'headers',
  ids: IDS,
  reads: ['cors'],
  run(evidence) {
    const cors = dataOf<CorsEvidence>(evidence, 'cors');
    const results: CheckResult[] = [];
    const arbitrary = trusted(cors, probesOf(cors, 'arbitrary'));
    if (arbitrary) {
      const { probe, creds, status } = arbitrary;
      results.push(
        creds
          ? finding('cors_origin_reflected_credentials', forStatus('critical', status), `Any origin can read this URL with the user's cookies (Origin is reflected with credentials)`, probe.get, cors.url, story(probe.origin, true, cors.url), { origin: probe.origin, status })
          : finding('cors_origin_reflected', forStatus('medium', status), 'Any origin can read this URL (Origin is reflected, without credentials)', probe.get, cors.url, story(probe.origin, false, cors.url), { origin: probe.origin, status }),
      );
    }
    const nullTrust = trusted(cors, probesOf(cors, 'null'));
    if (nullTrust) {
      const { probe, creds, status } = nullTrust;
      results.push(
        finding('cors_null_origin', forStatus(creds ? 'high' : 'medium', status), `The "null" origin is trusted${creds ? " with the user's cookies" : ''}`, probe.get, cors.url,
          `any site can get the "null" origin by framing its script in a sandboxed iframe; ${story('such a page', creds, cors.url)}`, { origin: 'null', status }),
      );
    }
    // When every origin is reflected, the bypass patterns add nothing: they are the same finding.
    if (arbitrary) return results;
    const emitted = new Set<string>();
    for (const rule of BYPASS_RULES) {
      const hit = trusted(cors, probesOf(cors, rule.kind));
      if (!hit) continue;
      const id = rule.ids[hit.creds ? 0 : 1];
      if (emitted.has(id)) continue;
      emitted.add(id);
      results.push(
        finding(id, forStatus(rule.severity[hit.creds ? 0 : 1], hit.status), `The server trusts ${rule.what}: ${hit.probe.origin}${hit.creds ? ' (with credentials)' : ''}`,
          hit.probe.get, cors.url, story(hit.probe.origin, hit.creds, cors.url), { origin: hit.probe.origin, status: hit.status, probe: rule.kind }),
      );
    }
    return results;
  },
};
