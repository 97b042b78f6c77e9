/**
 * Every DNS & email finding id against the real lab (knot + unbound on loopback): each case zone must
 * raise its id, and its negative control must not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { cannedNet, probeAndCheck } from './helpers.js';
import type { CheckResult } from '../../src/model/finding.js';
import { findingContent } from '../../src/content/load.js';
import { contentForFinding } from '../../src/content/cause.js';

let lab: DnsLab;
beforeAll(async () => {
  lab = await startDnsLab();
});
afterAll(async () => lab?.stop());

const GOOD_POLICY = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.test\r\nmax_age: 604800\r\n';
const net = cannedNet({
  'https://mta-sts.example.test/.well-known/mta-sts.txt': { headers: [['Content-Type', 'text/plain']], body: GOOD_POLICY },
  'https://mta-sts.mx-badpolicy.mailcases.test/.well-known/mta-sts.txt': {
    headers: [['Content-Type', 'text/html']],
    body: 'version: STSv1\nmode: enforce\nmx: *.other.test\nmax_age: 99999999999\n',
  },
});

async function ids(host: string, mailDomain?: string, extra: Record<string, unknown> = {}): Promise<CheckResult[]> {
  return probeAndCheck(
    host,
    { dnsServers: [lab.resolverSpec], dnssecAnchor: lab.anchorFile, subdomains: host === 'example.test', ...(mailDomain ? { mailDomain } : {}) },
    net,
    extra,
  );
}
const has = (results: CheckResult[], id: string) => results.filter((r) => r.id === id);

describe('lab: the well-configured domain is a negative control', () => {
  it('example.test raises only informational findings and the staging takeover', async () => {
    const r = await ids('example.test');
    const scored = r.filter((x) => !['dns_dkim_hint', 'dns_bimi_present'].includes(x.id)).map((x) => `${x.id}@${x.location}`);
    expect(scored).toEqual(['dns_dangling_cname@staging.example.test']);
    expect(has(r, 'dns_dangling_cname')[0]!.severity).toBe('critical');
    expect(has(r, 'dns_dkim_hint')[0]!.title).toContain('selector1');
    expect(has(r, 'dns_bimi_present')).toHaveLength(1);
  });
});

describe('lab: SPF', () => {
  it.each([
    ['spf-missing', 'dns_spf_missing'],
    ['spf-multiple', 'dns_spf_multiple'],
    ['spf-plusall', 'dns_spf_pass_all'],
    ['spf-neutral', 'dns_spf_neutral_all'],
    ['spf-noall', 'dns_spf_neutral_all'],
    ['spf-syntax', 'dns_spf_syntax'],
    ['spf-loop', 'dns_spf_too_many_lookups'],
    ['spf-many', 'dns_spf_too_many_lookups'],
    ['spf-void', 'dns_spf_void_lookups'],
    ['spf-incmissing', 'dns_spf_include_missing'],
  ])('%s raises %s', async (label, id) => {
    const r = await ids(`${label}.mailcases.test`, `${label}.mailcases.test`);
    expect(has(r, id), JSON.stringify(r.map((x) => x.id))).toHaveLength(1);
  });
  it('spf-many shows the tree with 12 lookups', async () => {
    const [f] = has(await ids('spf-many.mailcases.test', 'spf-many.mailcases.test'), 'dns_spf_too_many_lookups');
    expect(f!.title).toContain('12 DNS lookups');
    expect(f!.evidence).toContain('i6.mailcases.test — 1 here, 1 in subtree');
  });
  it('spf-exists: an exists: macro answered by a wildcard passes everyone, and the fix is for the macro, not +all', async () => {
    const [f] = has(await ids('spf-exists.mailcases.test', 'spf-exists.mailcases.test'), 'dns_spf_pass_all');
    expect(f!.cause).toBe('exists_term');
    expect(f!.evidence).toContain('decided by "exists:%{i}._spf.spf-exists.mailcases.test"');
    const steps = contentForFinding(findingContent(), f!)!.steps.join('\n');
    expect(steps).toContain('Fix the `exists:` term, not the `all` term');
    expect(steps).not.toContain('Replace `+all`');
  });
  it('spf-exists-ok: the same macro that resolves only for a listed address passes nobody (negative control)', async () => {
    const r = await ids('spf-exists-ok.mailcases.test', 'spf-exists-ok.mailcases.test');
    expect(r.filter((x) => x.id.startsWith('dns_spf_'))).toEqual([]);
  });
  it.each([
    ['spf-plusall', 'dns_spf_pass_all', 'plus_all'],
    ['spf-neutral', 'dns_spf_neutral_all', 'neutral_all'],
    ['spf-noall', 'dns_spf_neutral_all', 'no_all'],
    ['spf-loop', 'dns_spf_too_many_lookups', 'include_loop'],
    ['spf-many', 'dns_spf_too_many_lookups', 'lookup_limit'],
  ])('%s: %s names the cause %s', async (label, id, cause) => {
    const [f] = has(await ids(`${label}.mailcases.test`, `${label}.mailcases.test`), id);
    expect(f!.cause).toBe(cause);
  });
  it('a redirect to a good record is clean (negative control)', async () => {
    const r = await ids('spf-redirect.mailcases.test', 'spf-redirect.mailcases.test');
    expect(r.filter((x) => x.id.startsWith('dns_spf_'))).toEqual([]);
  });
});

describe('lab: DMARC', () => {
  it.each([
    ['dmarc-none', 'dns_dmarc_policy_none'],
    ['dmarc-multiple', 'dns_dmarc_multiple'],
    ['dmarc-syntax', 'dns_dmarc_syntax'],
    ['dmarc-norep', 'dns_dmarc_no_reporting'],
    ['dmarc-extrua', 'dns_dmarc_external_rua_unauthorized'],
    ['dmarc-missing', 'dns_dmarc_missing'],
  ])('%s raises %s', async (label, id) => {
    const r = await ids(`${label}.mailcases.test`, `${label}.mailcases.test`);
    expect(has(r, id), JSON.stringify(r.map((x) => x.id))).toHaveLength(1);
  });
  it('an authorized external destination is clean (negative control)', async () => {
    const r = await ids('dmarc-extrua-ok.mailcases.test', 'dmarc-extrua-ok.mailcases.test');
    expect(r.filter((x) => x.id.startsWith('dns_dmarc_'))).toEqual([]);
  });
  it('a subdomain is covered by the organizational domain policy (negative control)', async () => {
    const r = await ids('sub.example.test', 'sub.example.test');
    expect(r.filter((x) => x.id.startsWith('dns_dmarc_'))).toEqual([]);
  });
});

describe('lab: mail transport', () => {
  it('MX without MTA-STS or TLS-RPT', async () => {
    const r = await ids('mx-nosts.mailcases.test', 'mx-nosts.mailcases.test');
    expect(has(r, 'dns_mta_sts_missing')).toHaveLength(1);
    expect(has(r, 'dns_tls_rpt_missing')).toHaveLength(1);
    // negative controls for the informational mail records
    expect(has(r, 'dns_dkim_hint')).toEqual([]);
    expect(has(r, 'dns_bimi_present')).toEqual([]);
    expect(has(r, 'dns_null_mx')).toEqual([]);
  });
  it('invalid MTA-STS id and TLS-RPT scheme', async () => {
    const r = await ids('mx-badsts.mailcases.test', 'mx-badsts.mailcases.test');
    expect(has(r, 'dns_mta_sts_invalid')[0]!.evidence).toContain('id "not-valid!"');
    expect(has(r, 'dns_tls_rpt_invalid')[0]!.evidence).toContain('ftp://');
  });
  it('a broken policy file: content type, max_age and uncovered MX', async () => {
    const r = await ids('mx-badpolicy.mailcases.test', 'mx-badpolicy.mailcases.test');
    const [f] = has(r, 'dns_mta_sts_invalid');
    expect(f!.severity).toBe('high');
    expect(f!.evidence).toMatch(/text\/html/);
    expect(f!.evidence).toMatch(/max_age/);
    expect(f!.evidence).toMatch(/MX mail\.example\.test matches no mx: pattern/);
    expect(has(r, 'dns_tls_rpt_invalid')).toEqual([]);
  });
  it('null MX is recognised, and no MTA-STS is asked of it', async () => {
    const r = await ids('nullmx.mailcases.test', 'nullmx.mailcases.test');
    expect(has(r, 'dns_null_mx')[0]!.details).toEqual({ spfRejectAll: true, dmarcReject: true });
    expect(has(r, 'dns_mta_sts_missing')).toEqual([]);
  });
});

describe('lab: CAA', () => {
  const tls = (issuer: string) => ({ tls: { status: 'ok', data: { leaf: { issuer: { O: issuer, CN: issuer } } } } });
  it('absent when no level has CAA', async () => {
    // A name that exists (a name that does not is not measured at all: see resolver-limits and cli tests).
    expect(has(await ids('spf-good.mailcases.test', 'spf-good.mailcases.test'), 'dns_caa_absent')).toHaveLength(1);
  });
  it('a critical unknown tag blocks issuance', async () => {
    const [f] = has(await ids('critcaa.example.test', 'example.test'), 'dns_caa_invalid');
    expect(f!.severity).toBe('high');
    expect(f!.evidence).toBe('128 tbs "unknown-critical-tag": unknown tag "tbs" marked critical: no CA may issue for this name');
  });
  it('a malformed issue value', async () => {
    const found = has(await ids('badcaa.example.test', 'example.test'), 'dns_caa_invalid');
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toBe('0 issue "not a domain!": "not a domain!" is not a domain name');
  });
  it('mismatch against the served certificate issuer, and its control', async () => {
    expect(has(await ids('othercaa.example.test', 'example.test', tls('Scorifya Lab CA')), 'dns_caa_mismatch')).toHaveLength(1);
    expect(has(await ids('example.test', 'example.test', tls('Scorifya Lab CA')), 'dns_caa_mismatch')).toEqual([]);
    expect(has(await ids('othercaa.example.test', 'example.test', tls("Let's Encrypt")), 'dns_caa_mismatch')).toHaveLength(1);
  });
});

describe('lab: DNSSEC', () => {
  it.each([
    ['insecure.test', 'dnssec_missing'],
    ['dsmismatch.test', 'dnssec_bogus'],
    ['expired.test', 'dnssec_bogus'],
    ['expiring.test', 'dnssec_expiring'],
    ['weakalg.test', 'dnssec_weak_algorithm'],
    ['nsec3iter.test', 'dnssec_nsec3_iterations'],
  ])('%s raises %s', async (host, id) => {
    const r = await ids(host, host);
    expect(has(r, id), JSON.stringify(r.map((x) => x.id))).toHaveLength(1);
  });
  it('bogus findings carry our reason and the resolver EDE', async () => {
    const [ds] = has(await ids('dsmismatch.test', 'dsmismatch.test'), 'dnssec_bogus');
    expect(ds!.evidence).toContain('matches its DS');
    expect(ds!.evidence).toMatch(/EDE (9|6) /); // unbound reports 6 once the key is cached as bad
    const [ex] = has(await ids('expired.test', 'expired.test'), 'dnssec_bogus');
    expect(ex!.title).toContain('expired');
    expect(ex!.evidence).toMatch(/EDE (7|6) /);
  });
  it('bogus findings name the cause our chain check found', async () => {
    expect(has(await ids('dsmismatch.test', 'dsmismatch.test'), 'dnssec_bogus')[0]!.cause).toBe('ds_mismatch');
    expect(has(await ids('expired.test', 'expired.test'), 'dnssec_bogus')[0]!.cause).toBe('signature_expired');
  });
  it('signatures ending in 4 hours are a high-severity expiry', async () => {
    const [f] = has(await ids('expiring.test', 'expiring.test'), 'dnssec_expiring');
    expect(f!.severity).toBe('high');
  });
  it('a well-signed NSEC3 zone raises no DNSSEC finding (negative control)', async () => {
    const r = await ids('single.test', 'single.test');
    expect(r.filter((x) => x.id.startsWith('dnssec_'))).toEqual([]);
  });
});

describe('lab: name servers and addressing', () => {
  it('single.test: one name server, no IPv6 anywhere', async () => {
    const r = await ids('single.test', 'single.test');
    expect(has(r, 'dns_single_nameserver')).toHaveLength(1);
    expect(has(r, 'dns_nameserver_no_ipv6')).toHaveLength(1);
    expect(has(r, 'dns_no_ipv6')).toHaveLength(1);
  });
  it('dangling host CNAME (not takeover-prone) is high', async () => {
    const r = await ids('dangling.example.test', 'example.test');
    const f = has(r, 'dns_dangling_cname').find((x) => x.location === 'dangling.example.test');
    expect(f!.severity).toBe('high');
  });
});
