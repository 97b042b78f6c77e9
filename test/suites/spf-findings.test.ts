/**
 * Our SPF findings follow from check_host(): the mail probe runs evaluateSpf for an unlisted sender over
 * an in-memory zone (the same resolver the conformance suite uses), and the DNS checks turn that result
 * into dns_spf_pass_all / dns_spf_neutral_all / a permerror's finding. Cases include records the
 * "read the final all" logic got wrong (a /0 network, an MX set over the limit).
 */
import { describe, expect, it } from 'vitest';
import { gatherMail } from '../../src/probes/dns/mail.js';
import { DNS_CHECKS } from '../../src/checks/dns/index.js';
import { spfCheck } from '../../src/checks/dns/spf.js';
import { ok } from '../../src/model/probed.js';
import type { DnsEvidence } from '../../src/model/dns.js';
import { evidenceWith } from '../dns/helpers.js';
import { ZoneResolver } from './spf-zone.js';

type Zone = ConstructorParameters<typeof ZoneResolver>[0];

async function spfFindings(zone: Zone): Promise<{ ids: string[]; result: string }> {
  const mail = await gatherMail(new ZoneResolver(zone), 'site.example');
  const dns = { host: 'site.example', mail } as unknown as DnsEvidence;
  const findings = spfCheck.run(evidenceWith(ok(dns)), { now: new Date('2026-01-01T00:00:00Z') });
  return { ids: findings.map((f) => f.id).sort(), result: mail.spfUnlisted!.result };
}

const elevenMx = Array.from({ length: 11 }, (_, i) => ({ MX: [10, `mx${i}.site.example`] }));

const CASES: { name: string; zone: Zone; result: string; ids: string[] }[] = [
  { name: '-all refuses strangers', zone: { 'site.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }] }, result: 'fail', ids: [] },
  { name: '+all passes everyone', zone: { 'site.example': [{ TXT: 'v=spf1 +all' }] }, result: 'pass', ids: ['dns_spf_pass_all'] },
  { name: 'a /0 network passes everyone though the record ends in -all', zone: { 'site.example': [{ TXT: 'v=spf1 ip4:0.0.0.0/0 -all' }] }, result: 'pass', ids: ['dns_spf_pass_all'] },
  { name: '?all is neutral', zone: { 'site.example': [{ TXT: 'v=spf1 mx ?all' }, { MX: [10, 'mx.site.example'] }], 'mx.site.example': [{ A: '198.51.100.7' }] }, result: 'neutral', ids: ['dns_spf_neutral_all'] },
  { name: 'no all is neutral', zone: { 'site.example': [{ TXT: 'v=spf1 ip4:198.51.100.7' }] }, result: 'neutral', ids: ['dns_spf_neutral_all'] },
  {
    name: 'redirect to a -all policy',
    zone: { 'site.example': [{ TXT: 'v=spf1 redirect=_spf.site.example' }], '_spf.site.example': [{ TXT: 'v=spf1 ip4:198.51.100.7 -all' }] },
    result: 'fail',
    ids: [],
  },
  {
    name: 'include of a domain without SPF: permerror, reported once',
    zone: { 'site.example': [{ TXT: 'v=spf1 include:gone.site.example -all' }], 'gone.site.example': [{ A: '198.51.100.9' }] },
    result: 'permerror',
    ids: ['dns_spf_include_missing'],
  },
  {
    name: 'an MX set over the 10-name limit is a permerror the tree alone did not see',
    zone: { 'site.example': [{ TXT: 'v=spf1 mx -all' }, ...elevenMx] },
    result: 'permerror',
    ids: ['dns_spf_too_many_lookups'],
  },
  { name: 'a syntax error', zone: { 'site.example': [{ TXT: 'v=spf1 ip4:192.0.2.0/032 -all' }] }, result: 'permerror', ids: ['dns_spf_syntax'] },
];

describe('SPF findings follow from check_host() for an unlisted sender', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const got = await spfFindings(c.zone);
      expect(got).toEqual({ ids: c.ids, result: c.result });
    });
  }

  it('every id the result can produce belongs to the SPF check', () => {
    const ids = new Set(DNS_CHECKS.flatMap((check) => check.ids));
    for (const id of ['dns_spf_pass_all', 'dns_spf_neutral_all', 'dns_spf_too_many_lookups', 'dns_spf_void_lookups', 'dns_spf_include_missing', 'dns_spf_multiple', 'dns_spf_syntax']) {
      expect(ids.has(id)).toBe(true);
    }
  });
});
