/**
 * DANE against the DNS lab's TLSA zones (test/lab/dns/dane-zones.sh): our TLSA lookup and DNSSEC
 * verdict equal delv's (BIND's validator, same anchor, through the same resolver with +cdflag) for
 * every case, including proven absence under NSEC and NSEC3 and a CNAME at the TLSA name; our match
 * verdict for DANE-EE records equals ldns-dane's on the lab certificate chain; and a full scan of a
 * lab HTTPS site under `_443._tcp` records DANE for the web host without adding a finding when it
 * holds, and reports the mismatch when it does not.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { startLimitedResolver, type LimitedResolver } from '../lab/dns/limited-resolvers.js';
import { startHttpsSite, type HttpsSite } from '../lab/tls/https-sites.js';
import { parseTrustAnchors } from '../../src/net/dns/anchor.js';
import { DnsClient } from '../../src/net/dns/client.js';
import { lookupTlsa } from '../../src/probes/mail/tlsa.js';
import { assessDane } from '../../src/checks/mail/dane-match.js';
import { formatTlsa } from '../../src/net/dns/parse/tlsa.js';
import type { TlsaLookup } from '../../src/model/dns.js';
import { scan } from '../../src/engine/index.js';

const run = promisify(execFile);
let lab: DnsLab;
let client: DnsClient;
let anchorsConf: string;
const file = (name: string) => join(lab.dir, 'dane', name);

beforeAll(async () => {
  lab = await startDnsLab();
  const anchors = parseTrustAnchors(lab.anchorText);
  client = new DnsClient({ servers: [lab.resolverSpec], anchors });
  const ds = anchors[0];
  if (!ds || ds.kind !== 'DS') throw new Error('lab anchor is not a DS');
  anchorsConf = join(lab.dir, 'delv-dane-anchors.conf');
  writeFileSync(anchorsConf, `trust-anchors { "." static-ds ${ds.keyTag} ${ds.algorithm} ${ds.digestType} "${ds.digest.toString('hex')}"; };\n`);
}, 60_000);
afterAll(async () => lab?.stop());

/** delv's verdict on the TLSA RRset (or its absence) at a name. */
async function delv(name: string): Promise<{ dnssec: string; status: string }> {
  const args = ['@127.0.0.1', '-p', String(lab.resolver.port), '-a', anchorsConf, '+cdflag', name, 'TLSA'];
  const { stdout, stderr } = await run('delv', args, { timeout: 15_000 }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
  const out = `${stdout}\n${stderr}`;
  const status = /ncache nxdomain/.test(out) ? 'nxdomain' : /ncache nxrrset/.test(out) ? 'nodata' : /\tTLSA\t/.test(out) ? 'ok' : 'unknown';
  if (/fully validated/.test(out)) return { dnssec: 'secure', status };
  if (/unsigned answer/.test(out)) return { dnssec: 'insecure', status };
  if (/resolution failed|no valid signature|RRSIG failed/.test(out)) return { dnssec: 'bogus', status: 'ok' };
  return { dnssec: `unparsed: ${out.slice(0, 200)}`, status };
}

const CASES: [name: string, status: TlsaLookup['status'], dnssec: string][] = [
  ['_25._tcp.mx-good.dane.test', 'ok', 'secure'],
  ['_25._tcp.mx-single.dane.test', 'ok', 'secure'],
  ['_25._tcp.mx-bad.dane.test', 'ok', 'secure'],
  ['_25._tcp.mx-ta.dane.test', 'ok', 'secure'],
  ['_25._tcp.mx-pkix.dane.test', 'ok', 'secure'],
  ['_25._tcp.mx-alias.dane.test', 'ok', 'secure'],
  ['_25._tcp.mx-none.dane.test', 'nxdomain', 'secure'],
  ['mx-good.dane.test', 'nodata', 'secure'],
  ['_443._tcp.www.dane.test', 'ok', 'secure'],
  ['_25._tcp.mx-good.danensec3.test', 'ok', 'secure'],
  ['_25._tcp.mx-none.danensec3.test', 'nxdomain', 'secure'],
  ['mx-none.danensec3.test', 'nodata', 'secure'],
  ['_25._tcp.mx.daneunsigned.test', 'ok', 'insecure'],
  ['_25._tcp.nothing.daneunsigned.test', 'nxdomain', 'insecure'],
  ['_25._tcp.mx.danebogus.test', 'ok', 'bogus'],
  ['_25._tcp.mail.example.test', 'nxdomain', 'secure'],
];

describe('TLSA lookups and their DNSSEC verdict, against delv', () => {
  it.each(CASES)('%s: %s, %s', async (name, status, dnssec) => {
    const ours = await lookupTlsa(client, name);
    const theirs = await delv(name);
    expect({ status: ours.status, dnssec: ours.dnssec }).toEqual({ status, dnssec });
    expect(theirs.dnssec).toBe(dnssec);
    if (dnssec !== 'bogus') expect(theirs.status).toBe(status);
  });

  it('follows the CNAME at the TLSA name to the target\'s records', async () => {
    const alias = await lookupTlsa(client, '_25._tcp.mx-alias.dane.test');
    const target = await lookupTlsa(client, '_25._tcp.mx-good.dane.test');
    expect(alias.aliases).toEqual(['_25._tcp.mx-good.dane.test']);
    expect(alias.records.map(formatTlsa).sort()).toEqual(target.records.map(formatTlsa).sort());
  });

  it('says why: the failing signature, the unsigned delegation, the proof of absence', async () => {
    expect((await lookupTlsa(client, '_25._tcp.mx.danebogus.test')).dnssecExplanation).toMatch(/RRSIG over _25\._tcp\.mx\.danebogus\.test\. TLSA .* does not verify/);
    expect((await lookupTlsa(client, '_25._tcp.mx.daneunsigned.test')).dnssecExplanation).toMatch(/delegation to daneunsigned\.test\. has no DS/);
    expect((await lookupTlsa(client, '_25._tcp.mx-none.danensec3.test')).dnssecExplanation).toMatch(/NSEC3 records prove .* does not exist/);
  });
});

describe('through DNS servers that cannot supply DNSSEC records: not measured, never a verdict', () => {
  const limited: LimitedResolver[] = [];
  afterAll(async () => Promise.all(limited.map((r) => r.close())));

  it.each(['strip', 'no-edns'] as const)('%s: indeterminate with the resolver named as the cause, for records and for absence', async (kind) => {
    const resolver = await startLimitedResolver(kind, lab.resolver);
    limited.push(resolver);
    const through = new DnsClient({ servers: [resolver.spec], anchors: parseTrustAnchors(lab.anchorText) });
    for (const name of ['_25._tcp.mx-good.dane.test', '_25._tcp.mx-none.dane.test', '_25._tcp.mx.danebogus.test']) {
      const lookup = await lookupTlsa(through, name);
      expect({ name, dnssec: lookup.dnssec, gap: Boolean(lookup.resolverGap) }).toEqual({ name, dnssec: 'indeterminate', gap: true });
      expect(assessDane(lookup, 'smtp', undefined, 'not_measured').verdict).toBe('not_measured');
    }
  });
});

describe('through a DNS server that passes DNSSEC records without validating', () => {
  it('gives the same verdicts as through the validating one (the validation is ours)', async () => {
    const resolver = await startLimitedResolver('non-validating', lab.resolver);
    try {
      const through = new DnsClient({ servers: [resolver.spec], anchors: parseTrustAnchors(lab.anchorText) });
      for (const [name, status, dnssec] of CASES.filter(([n]) => n.startsWith('_25._tcp.mx'))) {
        const lookup = await lookupTlsa(through, name);
        expect({ name, status: lookup.status, dnssec: lookup.dnssec }).toEqual({ name, status, dnssec });
      }
    } finally {
      await resolver.close();
    }
  }, 60_000);
});

describe('matching the lab certificate chain, against ldns-dane', () => {
  /** ldns-dane on a TLSA file and the chain file; -n because the offline mode has no name to check. */
  async function ldnsDane(records: string[]): Promise<'valid' | 'invalid'> {
    const tlsaFile = join(lab.dir, 'dane', `tlsa-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(tlsaFile, records.map((r) => `_25._tcp.mx.dane.test. 300 IN TLSA ${r}\n`).join(''));
    const { stdout, stderr } = await run('ldns-dane', ['-n', '-t', tlsaFile, '-c', file('chain.pem'), 'verify'], { timeout: 15_000 }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
    return /dane-validated successfully/.test(`${stdout}${stderr}`) ? 'valid' : 'invalid';
  }

  it.each(['_25._tcp.mx-good.dane.test', '_25._tcp.mx-single.dane.test', '_25._tcp.mx-bad.dane.test', '_443._tcp.www.dane.test', '_443._tcp.www-bad.dane.test'])('%s', async (name) => {
    const lookup = await lookupTlsa(client, name);
    const chainDer = (readFileSync(file('chain.pem'), 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p).raw.toString('base64'));
    const ours = assessDane(lookup, 'smtp', { chainDer, pkixValid: false, nameMatches: true }, 'seen').verdict;
    expect(ours).toBe(await ldnsDane(lookup.records.map(formatTlsa)));
    expect(ours).toBe(name.includes('bad') ? 'invalid' : 'valid');
  });
});

describe('a full scan of a lab HTTPS site with TLSA at _443._tcp', () => {
  let site: HttpsSite;
  beforeAll(async () => {
    site = await startHttpsSite('modern', { keyPem: readFileSync(file('leaf.key'), 'utf8'), certPem: readFileSync(file('leaf.pem'), 'utf8'), chainPem: readFileSync(file('chain.pem'), 'utf8') });
  });
  afterAll(async () => site?.close());

  const fullScan = async (host: string) =>
    (
      await scan(`https://${host}:${site.port}/`, {
        allowPrivate: true,
        resolve: [`${host}:${site.port}:127.0.0.1`],
        ca: [readFileSync(file('ca.pem'), 'utf8')],
        timeoutMs: 5000,
        dns: { dnsServers: [lab.resolverSpec], dnssecAnchor: lab.anchorFile },
      })
    ).report;

  it('a matching record: no DANE finding', async () => {
    const report = await fullScan('www.dane.test');
    expect(report.findings.filter((f) => f.id.startsWith('dane_'))).toEqual([]);
    expect(report.categories.find((c) => c.id === 'dns')).toMatchObject({ status: 'measured' });
  }, 60_000);

  it('a record for another key: dane_tlsa_mismatch at web severity, no cap', async () => {
    const report = await fullScan('www-bad.dane.test');
    const dane = report.findings.filter((f) => f.id.startsWith('dane_'));
    expect(dane.map((f) => [f.id, f.severity, f.location, f.cause])).toEqual([['dane_tlsa_mismatch', 'medium', '_443._tcp.www-bad.dane.test', 'no_match']]);
    expect(report.caps.filter((c) => c.id.startsWith('dane_'))).toEqual([]);
  }, 60_000);
});
