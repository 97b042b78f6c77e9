/**
 * DMARC (RFC 7489, RFC 9989 tags): the policy record at `_dmarc.<domain>`, or at the organizational
 * domain when the domain has none; its count, syntax, policy, reporting addresses and the
 * authorization records external report destinations must publish.
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { isDmarcRecord, parseDmarc } from '../../net/dns/parse/dmarc.js';
import { clip, dns, texts } from './common.js';

export const dmarcCheck: Check = {
  name: 'dns/dmarc',
  category: 'dns',
  ids: ['dns_dmarc_missing', 'dns_dmarc_multiple', 'dns_dmarc_syntax', 'dns_dmarc_policy_none', 'dns_dmarc_no_reporting', 'dns_dmarc_external_rua_unauthorized'],
  causes: {
    // A record published at the domain itself only has to move; no record at all has to be written.
    dns_dmarc_missing: ['no_record', 'record_at_apex'],
    // Which tag keeps spoofed mail from being refused decides what to change: p=, sp=, a missing p=, or pct=.
    dns_dmarc_policy_none: ['p_none', 'sp_none', 'p_missing', 'pct_partial'],
  },
  reads: ['dns'],
  run(evidence) {
    const d = dns(evidence);
    const { domain, orgDomain } = d.mail;
    const out: CheckResult[] = [];
    const own = texts(d.mail.dmarc, isDmarcRecord);
    const org = texts(d.mail.dmarcOrg, isDmarcRecord);
    const atOrg = own.length === 0 && org.length > 0;
    const records = atOrg ? org : own;
    const where = atOrg ? `_dmarc.${orgDomain}` : `_dmarc.${domain}`;
    if (records.length === 0) {
      if (d.mail.dmarc.status === 'error' || d.mail.dmarcOrg?.status === 'error') return out;
      const looked = [`_dmarc.${domain}`, ...(d.mail.dmarcOrg ? [`_dmarc.${orgDomain}`] : [])];
      const apex = texts(d.mail.txt, isDmarcRecord);
      out.push({
        id: 'dns_dmarc_missing',
        cause: apex.length ? 'record_at_apex' : 'no_record',
        title: `No DMARC policy for ${domain}`,
        evidence: `No "v=DMARC1" TXT record at ${looked.join(' or ')}${apex.length ? ` (a DMARC record at ${domain} itself has no effect: it belongs at _dmarc.${domain})` : ''}`,
        location: looked[0]!,
      });
      return out;
    }
    if (records.length > 1) {
      out.push({
        id: 'dns_dmarc_multiple',
        title: `${where} holds ${records.length} DMARC records; receivers then apply none of them`,
        evidence: records.map((r) => clip(r)).join('\n'),
        location: where,
      });
      return out;
    }
    const record = records[0]!;
    const parsed = parseDmarc(record);
    if (parsed.errors.length) {
      out.push({ id: 'dns_dmarc_syntax', title: `DMARC record at ${where} is malformed`, evidence: `${clip(record)}\n${parsed.errors.slice(0, 10).join('\n')}`, location: where });
    }
    // A subdomain covered by the org domain's record gets sp= (falling back to p=).
    const effective = atOrg ? parsed.sp ?? parsed.p : parsed.p;
    if (effective === 'none' || (parsed.p === undefined && !atOrg)) {
      out.push({
        id: 'dns_dmarc_policy_none',
        cause: parsed.p === undefined && !atOrg ? 'p_missing' : atOrg && parsed.sp === 'none' ? 'sp_none' : 'p_none',
        title: `DMARC policy for ${domain} is "none": spoofed mail is reported at most, never rejected`,
        evidence: clip(record),
        location: where,
      });
    } else if (parsed.pct !== undefined && parsed.pct < 100 && effective !== undefined) {
      out.push({
        id: 'dns_dmarc_policy_none',
        cause: 'pct_partial',
        severity: 'low',
        title: `DMARC policy for ${domain} applies to only ${parsed.pct}% of failing mail`,
        evidence: clip(record),
        location: where,
      });
    }
    if (parsed.rua.length === 0) {
      out.push({ id: 'dns_dmarc_no_reporting', title: `DMARC record at ${where} asks for no aggregate reports (no rua=)`, evidence: clip(record), location: where });
    }
    for (const { host, lookup } of d.mail.dmarcReportAuth) {
      if (lookup.status === 'error') continue;
      if (!texts(lookup, (t) => /^v=DMARC1/i.test(t)).length) {
        out.push({
          id: 'dns_dmarc_external_rua_unauthorized',
          title: `Reports go to ${host}, which has not authorized receiving them for ${atOrg ? orgDomain : domain}`,
          evidence: `No "v=DMARC1" TXT at ${lookup.name}`,
          location: lookup.name,
        });
      }
    }
    return out;
  },
};
