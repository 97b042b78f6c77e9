/**
 * Findings that follow from the RFC 7208 result an unlisted sender gets (the probe runs check_host() for
 * a documentation address no record lists). pass means any server may send as the domain; neutral means
 * unlisted servers are not refused; a permerror means receivers ignore the policy, and its cause names
 * the finding. Kept apart from spf.ts, which judges the record tree, so each reads one kind of evidence.
 */
import type { CheckResult } from '../../model/finding.js';
import type { SpfOutcome } from '../../model/dns.js';
import { clip } from './common.js';

/**
 * The causes of the SPF findings whose fix depends on which term decided the result. "pass for anyone"
 * through `+all` is fixed by changing the qualifier; through `exists:`, an IP range, an `a`/`mx` prefix,
 * an include or `ptr` by changing that term, which is what the reader must be told.
 */
export const SPF_CAUSES = {
  dns_spf_pass_all: ['plus_all', 'exists_term', 'ip_range', 'address_range', 'include_passes', 'ptr_term'],
  dns_spf_neutral_all: ['neutral_all', 'no_all', 'neutral_term', 'softfail_null_mx'],
  dns_spf_too_many_lookups: ['lookup_limit', 'include_loop', 'mx_limit'],
} as const;

/** The mechanism of a term as written in a record: "+exists:%{i}.x" → "exists", "ip4:0.0.0.0/0" → "ip4". */
export function mechanismOf(term: string): string {
  return /^[+\-~?]?([a-z0-9]+)/i.exec(term.trim())?.[1]?.toLowerCase() ?? '';
}

const PASS_CAUSE: Record<string, (typeof SPF_CAUSES.dns_spf_pass_all)[number]> = {
  all: 'plus_all',
  exists: 'exists_term',
  ip4: 'ip_range',
  ip6: 'ip_range',
  a: 'address_range',
  mx: 'address_range',
  include: 'include_passes',
  ptr: 'ptr_term',
};

/** Which finding explains a permerror, by the evaluator's stated cause. */
function permerrorId(reason: string): string {
  if (/DNS-querying terms|MX records/.test(reason)) return 'dns_spf_too_many_lookups';
  if (/void lookups/.test(reason)) return 'dns_spf_void_lookups';
  if (/has no SPF record/.test(reason)) return 'dns_spf_include_missing';
  if (/publishes \d+ SPF records/.test(reason)) return 'dns_spf_multiple';
  return 'dns_spf_syntax';
}

export interface UnlistedContext {
  domain: string;
  record: string;
  nullMx: boolean;
  /** Ids the tree checks already emitted: a permerror they explain is not reported twice. */
  emitted: ReadonlySet<string>;
}

export function unlistedSenderFindings(outcome: SpfOutcome, ctx: UnlistedContext): CheckResult[] {
  const { domain } = ctx;
  const where = outcome.matched ? `"${outcome.matched.term}" in the record of ${outcome.matched.domain}` : 'no term (the default result)';
  const evidence = `check_host(${outcome.ip}, ${domain}) = ${outcome.result}, decided by ${where}\n${clip(ctx.record)}`;
  const details = { spfResult: outcome.result, ip: outcome.ip, ...(outcome.matched ? { matched: outcome.matched } : {}), lookups: outcome.lookups };
  switch (outcome.result) {
    case 'pass':
      // A pass is always decided by a term; an unreadable one (never seen) is treated as the all term.
      return [{ id: 'dns_spf_pass_all', cause: PASS_CAUSE[mechanismOf(outcome.matched?.term ?? '')] ?? 'plus_all', title: `SPF for ${domain} gives "pass" to any server on the internet (${clip(outcome.matched?.term ?? '', 60)} matches everyone)`, evidence, location: domain, details }];
    case 'neutral':
      return [
        {
          id: 'dns_spf_neutral_all',
          cause: !outcome.matched ? 'no_all' : mechanismOf(outcome.matched.term) === 'all' ? 'neutral_all' : 'neutral_term',
          title: outcome.matched
            ? `SPF for ${domain} ends in ${clip(outcome.matched.term, 60)} (neutral): unlisted senders are not rejected`
            : `SPF for ${domain} has no "all" term, so unlisted senders get a neutral result`,
          evidence,
          location: domain,
          details,
        },
      ];
    case 'softfail':
      if (!ctx.nullMx) return [];
      return [{ id: 'dns_spf_neutral_all', cause: 'softfail_null_mx', severity: 'low', title: `${domain} sends no mail (null MX), so its SPF should end in -all rather than ~all`, evidence, location: domain, details }];
    case 'permerror': {
      const id = permerrorId(outcome.reason ?? '');
      if (ctx.emitted.has(id)) return [];
      const cause = id === 'dns_spf_too_many_lookups' ? { cause: /MX records/.test(outcome.reason ?? '') ? 'mx_limit' : 'lookup_limit' } : {};
      return [{ id, ...cause, title: `SPF for ${domain} evaluates to permerror, so receivers ignore it: ${clip(outcome.reason ?? 'unknown cause', 160)}`, evidence, location: domain, details }];
    }
    default:
      return [];
  }
}
