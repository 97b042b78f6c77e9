/**
 * DNSSEC through resolvers that cannot supply it (test/lab/dns/limited-resolvers.ts, in front of the
 * lab's validating unbound): each resolver × a signed, an unsigned and two bogus zones. Every verdict
 * must be the truth or "not measured" with the resolver named as the reason, never a false bogus.
 * The non-validating forwarder passes the records, so our own chain check still finds the truth, the
 * same as delv's; `dig +dnssec` shows that each fixture really behaves as it claims.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { LIMITED_RESOLVER_KINDS, startLimitedResolver, type LimitedResolver, type LimitedResolverKind } from '../lab/dns/limited-resolvers.js';
import { scanDns } from '../../src/engine/index.js';
import { parseTrustAnchors } from '../../src/net/dns/anchor.js';
import { DnsClient } from '../../src/net/dns/client.js';
import { validateChain } from '../../src/net/dns/dnssec/chain.js';
import type { Report } from '../../src/model/report.js';

const run = promisify(execFile);
let lab: DnsLab;
const resolvers = {} as Record<LimitedResolverKind, LimitedResolver>;

beforeAll(async () => {
  lab = await startDnsLab();
  for (const kind of LIMITED_RESOLVER_KINDS) resolvers[kind] = await startLimitedResolver(kind, lab.resolver);
});
afterAll(async () => {
  await Promise.all(Object.values(resolvers).map((r) => r.close()));
  await lab?.stop();
});

const dnsCategory = (report: Report) => report.categories.find((c) => c.id === 'dns')!;
const dnssecIds = (report: Report) => report.findings.filter((f) => f.id.startsWith('dnssec_')).map((f) => f.id);

async function dnsTool(kind: LimitedResolverKind | 'validating', zone: string) {
  const server = kind === 'validating' ? lab.resolverSpec : resolvers[kind].spec;
  return scanDns(zone, { mode: 'dns', allowPrivate: true, dnsServers: [server], dnssecAnchor: lab.anchorFile, subdomains: false, timeoutMs: 2000 });
}

/** The DNSSEC truth of each lab zone, as the validating resolver and delv see it (delv-compare.test.ts). */
const TRUTH = { 'example.test': 'secure', 'insecure.test': 'insecure', 'dsmismatch.test': 'bogus', 'expired.test': 'bogus' } as const;
const ZONES = Object.keys(TRUTH) as (keyof typeof TRUTH)[];

/**
 * What each case must give. `dnssec-not-measured`: the DNS category is measured, DNSSEC is listed as not
 * measured with the resolver as the reason. `bogus-by-upstream`: the upstream unbound validates, fails
 * the zone and says why (SERVFAIL + Extended DNS Error, passed through): the truth. `dns-not-measured`:
 * every lookup of the bogus zone fails upstream and nothing explains it, so the whole category is
 * not measured.
 */
type Outcome = 'dnssec-not-measured' | 'bogus-by-upstream' | 'dns-not-measured';
const EXPECTED: Record<'strip' | 'no-edns' | 'formerr', Record<keyof typeof TRUTH, Outcome>> = {
  strip: { 'example.test': 'dnssec-not-measured', 'insecure.test': 'dnssec-not-measured', 'dsmismatch.test': 'bogus-by-upstream', 'expired.test': 'bogus-by-upstream' },
  'no-edns': { 'example.test': 'dnssec-not-measured', 'insecure.test': 'dnssec-not-measured', 'dsmismatch.test': 'dns-not-measured', 'expired.test': 'dns-not-measured' },
  formerr: { 'example.test': 'dnssec-not-measured', 'insecure.test': 'dnssec-not-measured', 'dsmismatch.test': 'dns-not-measured', 'expired.test': 'dns-not-measured' },
};
const GAP = { strip: 'records_stripped', 'no-edns': 'no_edns', formerr: 'edns_rejected' } as const;

describe('resolvers that cannot supply DNSSEC records: not measured, never bogus', () => {
  const cases = (['strip', 'no-edns', 'formerr'] as const).flatMap((kind) => ZONES.map((zone) => [kind, zone, EXPECTED[kind][zone]] as const));
  it.each(cases)('%s resolver, %s: %s', async (kind, zone, outcome) => {
    const { report, dns } = await dnsTool(kind, zone);
    const category = dnsCategory(report);
    // Never: a verdict about the root, or "unsigned" for any zone (the resolver hides the proofs).
    expect(report.findings.filter((f) => f.location === '.')).toEqual([]);
    expect(dnssecIds(report)).not.toContain('dnssec_missing');
    if (outcome === 'dns-not-measured') {
      expect(category.status).toBe('not_measured');
      expect(category.reason).toMatch(/did not answer usably: .*SERVFAIL/);
      expect(report.score).toBeNull();
      return;
    }
    expect(category.status).toBe('measured');
    if (outcome === 'bogus-by-upstream') {
      expect(dns!.dnssec!.chain).toMatchObject({ verdict: 'indeterminate', resolverGap: GAP[kind] });
      expect(dns!.dnssec!.resolver).toMatchObject({ rcode: 'SERVFAIL' });
      expect(dns!.dnssec!.resolver!.ede.length).toBeGreaterThan(0);
      const [bogus] = report.findings.filter((f) => f.id === 'dnssec_bogus');
      expect(bogus!.location).toBe(zone);
      expect(category.unmeasured).toBeUndefined();
      return;
    }
    expect(dnssecIds(report)).toEqual([]);
    expect(dns!.dnssec!.chain).toMatchObject({ verdict: 'indeterminate', resolverGap: GAP[kind] });
    expect(category.unmeasured).toEqual([{ check: 'dns/dnssec', topic: 'DNSSEC', reason: expect.stringMatching(/does not return DNSSEC records/) }]);
    expect(category.unmeasured![0]!.reason).toContain(resolvers[kind].spec);
    expect(category.unmeasured![0]!.reason).toContain('--dns-server');
    expect(report.unavailable).toContainEqual({ probe: 'dns', check: 'dns/dnssec', reason: expect.stringMatching(/^DNSSEC not measured: the resolver does not return DNSSEC records: the DNS server /) });
  });

  it('the stripping forwarder, the resolver of the issue: "DNSSEC for ." is never reported', async () => {
    const { report } = await dnsTool('strip', 'example.test');
    expect(report.findings.filter((f) => f.location === '.')).toEqual([]);
    expect(report.caps).toEqual([]);
  });
});

describe('a non-validating forwarder passes the records: our chain check finds the truth', () => {
  it.each(ZONES)('%s', async (zone) => {
    const { report, dns } = await dnsTool('non-validating', zone);
    expect(dns!.dnssec!.resolver!.ad).toBe(false);
    expect(dns!.dnssec!.chain.verdict).toBe(TRUTH[zone]);
    expect(dnsCategory(report).unmeasured).toBeUndefined();
    const expected = { secure: [], insecure: ['dnssec_missing'], bogus: ['dnssec_bogus'] }[TRUTH[zone]];
    expect(dnssecIds(report)).toEqual(expected);
  });

  it('names the same bogus reasons as through the validating resolver', async () => {
    for (const zone of ['dsmismatch.test', 'expired.test'] as const) {
      const [through, direct] = await Promise.all([dnsTool('non-validating', zone), dnsTool('validating', zone)]);
      expect(through.dns!.dnssec!.chain.bogusReason).toBe(direct.dns!.dnssec!.chain.bogusReason);
    }
  });

  it('agrees with delv, which validates by itself through the same forwarder', async () => {
    const [ds] = parseTrustAnchors(lab.anchorText);
    if (!ds || ds.kind !== 'DS') throw new Error('lab anchor is not a DS');
    const anchorsConf = `${lab.dir}/delv-limited-anchors.conf`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(anchorsConf, `trust-anchors { "." static-ds ${ds.keyTag} ${ds.algorithm} ${ds.digestType} "${ds.digest.toString('hex')}"; };\n`);
    const forwarder = resolvers['non-validating'];
    for (const zone of ZONES) {
      const { stdout, stderr } = await run('delv', ['@127.0.0.1', '-p', String(forwarder.port), '-a', anchorsConf, zone, 'SOA'], { timeout: 15_000 }).catch(
        (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
      );
      const out = `${stdout}\n${stderr}`;
      const delv = /unsigned answer/.test(out) ? 'insecure' : /fully validated/.test(out) ? 'secure' : /resolution failed|RRSIG has expired|no valid signature/.test(out) ? 'bogus' : out;
      const client = new DnsClient({ servers: [forwarder.spec], anchors: parseTrustAnchors(lab.anchorText) });
      const ours = await validateChain(client.dnssecQuery, zone, client.anchors);
      expect(ours.verdict, `${zone}: ${ours.explanation}`).toBe(delv);
    }
  });
});

describe('the fixtures are what they claim (dig +dnssec)', () => {
  const dig = async (kind: LimitedResolverKind, ...args: string[]) => {
    const r = resolvers[kind];
    const { stdout } = await run('dig', [`@${r.host}`, '-p', String(r.port), '+dnssec', '+tries=1', '+time=3', ...args], { timeout: 15_000 });
    return stdout;
  };
  it('strip: the root DNSKEY answer has neither keys nor signatures, and no AD', async () => {
    const out = await dig('strip', '.', 'DNSKEY');
    expect(out).toMatch(/status: NOERROR/);
    expect(out).toMatch(/ANSWER: 0,/);
    expect(out).not.toMatch(/\sRRSIG\s/);
    expect(out).not.toMatch(/flags:[^;]*\bad\b/);
  });
  it('no-edns: answers without an OPT record, and without signatures', async () => {
    const out = await dig('no-edns', '.', 'DNSKEY');
    expect(out).not.toMatch(/OPT PSEUDOSECTION/);
    expect(out).toMatch(/^\.\s+\d+\s+IN\s+DNSKEY\s/m);
    expect(out).not.toMatch(/\sRRSIG\s/);
  });
  it('formerr: FORMERR to EDNS; a plain query is answered', async () => {
    const withEdns = await dig('formerr', 'example.test', 'A');
    expect(withEdns).toMatch(/status: FORMERR/);
    expect(withEdns).toMatch(/EDNS query returned status FORMERR/);
    expect(await dig('formerr', '+nodnssec', '+noedns', 'example.test', 'A')).toMatch(/status: NOERROR[\s\S]*example\.test\.\s+\d+\s+IN\s+A\s+127\.0\.0\.1/);
  });
  it('non-validating: signatures present, AD never set, bogus data handed over', async () => {
    const out = await dig('non-validating', 'expired.test', 'SOA');
    expect(out).toMatch(/status: NOERROR/);
    expect(out).toMatch(/\sRRSIG\s+SOA\s/);
    expect(out).not.toMatch(/flags:[^;]*\bad\b/);
  });
});
