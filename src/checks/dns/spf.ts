/**
 * SPF, evaluated over the include/redirect tree the probe gathered (RFC 7208): presence, uniqueness,
 * syntax at every node, the 10-lookup and 2-void-lookup limits, includes without SPF, and the
 * final `all` (an explicit +all, or a ?all / missing all that leaves the result neutral).
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { SpfNode } from '../../model/dns.js';
import { isSpfRecord, parseSpf } from '../../net/dns/parse/spf.js';
import { clip, dns, isNullMx, spfTotals, spfTreeText, texts } from './common.js';
import { SPF_CAUSES, unlistedSenderFindings } from './spf-result.js';

const LOOKUP_LIMIT = 10;
const VOID_LIMIT = 2;

function walk(node: SpfNode, visit: (n: SpfNode, parent?: SpfNode) => void, parent?: SpfNode): void {
  visit(node, parent);
  for (const child of node.children) walk(child, visit, node);
}

function findLoop(node: SpfNode, path: string[] = []): string[] | undefined {
  if (node.loop) return [...path, node.domain];
  for (const child of node.children) {
    const found = findLoop(child, [...path, node.domain]);
    if (found) return found;
  }
  return undefined;
}

export const spfCheck: Check = {
  name: 'dns/spf',
  category: 'dns',
  ids: ['dns_spf_missing', 'dns_spf_multiple', 'dns_spf_syntax', 'dns_spf_too_many_lookups', 'dns_spf_void_lookups', 'dns_spf_include_missing', 'dns_spf_pass_all', 'dns_spf_neutral_all'],
  causes: SPF_CAUSES,
  reads: ['dns'],
  run(evidence) {
    const d = dns(evidence);
    const domain = d.mail.domain;
    const out: CheckResult[] = [];
    if (d.mail.txt.status === 'error') return out; // could not ask: not a finding
    const records = texts(d.mail.txt, isSpfRecord);
    if (records.length === 0) {
      out.push({
        id: 'dns_spf_missing',
        title: `${domain} publishes no SPF record`,
        evidence: `TXT ${domain}: ${d.mail.txt.records.length} record(s), none starting with "v=spf1"`,
        location: domain,
      });
      return out;
    }
    if (records.length > 1) {
      out.push({
        id: 'dns_spf_multiple',
        title: `${domain} publishes ${records.length} SPF records; receivers treat that as a permanent error`,
        evidence: records.map((r) => clip(r)).join('\n'),
        location: domain,
      });
      return out;
    }
    const tree = d.mail.spfTree;
    if (!tree) return out;
    const syntax: string[] = [];
    walk(tree, (n) => {
      if (!n.record) return;
      for (const e of parseSpf(n.record).errors) syntax.push(`${n.domain}: ${e}`);
    });
    if (syntax.length) {
      out.push({ id: 'dns_spf_syntax', title: `SPF record for ${domain} has syntax errors`, evidence: syntax.slice(0, 20).join('\n'), location: domain });
    }
    const totals = spfTotals(tree);
    const loop = findLoop(tree);
    const treeText = spfTreeText(tree).join('\n');
    if (totals.lookups > LOOKUP_LIMIT || loop) {
      out.push({
        id: 'dns_spf_too_many_lookups',
        cause: loop ? 'include_loop' : 'lookup_limit',
        title: loop
          ? `SPF for ${domain} includes itself (${loop.join(' → ')}): evaluation can never finish within 10 lookups`
          : `SPF for ${domain} needs ${totals.lookups} DNS lookups; the limit is ${LOOKUP_LIMIT}`,
        evidence: treeText,
        location: domain,
        details: { lookups: totals.lookups, limit: LOOKUP_LIMIT, tree, ...(loop ? { loop } : {}) },
      });
    }
    if (totals.voids > VOID_LIMIT) {
      const voids: string[] = [];
      walk(tree, (n) => n.terms.filter((t) => t.void).forEach((t) => voids.push(`${n.domain}: ${t.term}`)));
      out.push({
        id: 'dns_spf_void_lookups',
        title: `SPF for ${domain} makes ${totals.voids} lookups that return nothing; more than ${VOID_LIMIT} is an error`,
        evidence: voids.join('\n'),
        location: domain,
        details: { voidLookups: totals.voids, limit: VOID_LIMIT },
      });
    }
    const missing: string[] = [];
    walk(tree, (n, parent) => {
      if (parent && !n.loop && (n.lookup === 'none' || n.lookup === 'multiple')) {
        missing.push(`${parent.domain} → ${n.domain}: ${n.lookup === 'none' ? 'no SPF record' : 'several SPF records'}`);
      }
    });
    if (missing.length) {
      out.push({ id: 'dns_spf_include_missing', title: `SPF for ${domain} includes a domain without a usable SPF record`, evidence: missing.join('\n'), location: domain });
    }
    // What an unlisted sender gets, from check_host() itself; evidence saved before the probe ran it
    // falls back to reading the final "all" off the tree.
    if (d.mail.spfUnlisted) {
      out.push(...unlistedSenderFindings(d.mail.spfUnlisted, { domain, record: records[0]!, nullMx: isNullMx(d), emitted: new Set(out.map((f) => f.id)) }));
      return out;
    }
    // Older evidence: the top-level result when nothing else matches: "all", else the redirect target's, else neutral.
    const top = parseSpf(records[0]!);
    let effectiveAll = top.all;
    if (effectiveAll === undefined && top.redirect) {
      const target = tree.children.find((c) => c.domain === top.redirect!.toLowerCase().replace(/\.$/, ''));
      if (target?.record) effectiveAll = parseSpf(target.record).all;
    }
    if (effectiveAll === '+') {
      out.push({ id: 'dns_spf_pass_all', cause: 'plus_all', title: `SPF for ${domain} ends in +all: every server on the internet may send as this domain`, evidence: clip(records[0]!), location: domain });
    } else if (effectiveAll === '?' || (effectiveAll === undefined && !syntax.length)) {
      out.push({
        id: 'dns_spf_neutral_all',
        cause: effectiveAll === '?' ? 'neutral_all' : 'no_all',
        title: effectiveAll === '?' ? `SPF for ${domain} ends in ?all (neutral): unlisted senders are not rejected` : `SPF for ${domain} has no "all" term, so unlisted senders get a neutral result`,
        evidence: clip(records[0]!),
        location: domain,
      });
    } else if (effectiveAll === '~' && isNullMx(d)) {
      out.push({
        id: 'dns_spf_neutral_all',
        cause: 'softfail_null_mx',
        severity: 'low',
        title: `${domain} sends no mail (null MX), so its SPF should end in -all rather than ~all`,
        evidence: clip(records[0]!),
        location: domain,
      });
    }
    return out;
  },
};
