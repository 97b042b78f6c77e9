/**
 * Hostile or broken DNS: every case ends with a clear result in bounded time, never a crash or hang.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { DnsClient } from '../../src/net/dns/client.js';
import { wireQuery } from '../../src/net/dns/wire.js';
import { runDnsProbe } from '../../src/probes/dns.js';
import { evidenceWith, runChecks } from './helpers.js';

let lab: DnsLab;
beforeAll(async () => {
  lab = await startDnsLab();
});
afterAll(async () => lab?.stop());

const labOptions = () => ({ dnsServers: [lab.resolverSpec], dnssecAnchor: lab.anchorFile, subdomains: false });

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

describe('resolver down', () => {
  it('nothing listening: the probe is unavailable with the reason, quickly', async () => {
    const { value, ms } = await timed(() => runDnsProbe('example.test', { dnsServers: ['127.0.0.1:9'], subdomains: false, timeoutMs: 500 }));
    expect(value.status).toBe('unavailable');
    if (value.status === 'unavailable') expect(value.reason).toMatch(/did not answer|ECONNREFUSED/);
    expect(ms).toBeLessThan(10_000);
  });
  it('a server that swallows every query: bounded by the timeout', async () => {
    const sink = dgram.createSocket('udp4');
    await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
    const port = sink.address().port;
    try {
      const { value, ms } = await timed(() =>
        runDnsProbe('example.test', { dnsServers: [`127.0.0.1:${port}`], subdomains: false, timeoutMs: 300, deadlineMs: 8000 }),
      );
      expect(value.status).toBe('unavailable');
      expect(ms).toBeLessThan(9_000);
      await expect(wireQuery({ host: '127.0.0.1', port }, 'example.test', 'SOA', { timeoutMs: 300 })).rejects.toMatchObject({ code: 'DNS_TIMEOUT' });
    } finally {
      sink.close();
    }
  });
  it('a bad --dns-server value is a clear error, and names are refused', async () => {
    const r = await runDnsProbe('example.test', { dnsServers: ['dns.example:53'] });
    expect(r).toMatchObject({ status: 'unavailable', code: 'DNS_CONFIG' });
    expect(() => new DnsClient({ servers: ['127.0.0.1:99999'] })).toThrow(/bad port/);
  });
});

describe('oversized and odd answers', () => {
  it('truncated UDP answer falls back to TCP (64 KiB TXT)', async () => {
    const r = await wireQuery(lab.resolver, 'big.mailcases.test', 'TXT');
    expect(r.transport).toBe('tcp');
    const txt = r.answers.find((a) => a.type === 'TXT') as unknown as { data: Buffer[] };
    expect(txt.data.reduce((n, b) => n + b.length, 0)).toBe(250 * 255);
  });
  it('64 KiB TXT through node:dns is kept whole and checks stay calm', async () => {
    const client = new DnsClient({ servers: [lab.resolverSpec] });
    const { value, ms } = await timed(() => client.txt('big.mailcases.test'));
    expect(value.records[0]!.text.length).toBe(250 * 255);
    expect(value.records[0]!.strings).toBe(250);
    expect(ms).toBeLessThan(5000);
  });
  it('300 TXT records are capped with an explicit truncation flag', async () => {
    const client = new DnsClient({ servers: [lab.resolverSpec] });
    const r = await client.txt('many.mailcases.test');
    expect(r.records.length).toBe(256);
    expect(r.truncated).toBe(true);
    const probed = await runDnsProbe('many.mailcases.test', { ...labOptions(), mailDomain: 'many.mailcases.test' });
    expect(probed.status).toBe('ok');
    expect(runChecks(evidenceWith(probed)).map((f) => f.id)).toContain('dns_spf_missing');
  });
  it('non-ASCII bytes in an SPF record give a syntax finding, not a crash', async () => {
    const probed = await runDnsProbe('nonascii.mailcases.test', { ...labOptions(), mailDomain: 'nonascii.mailcases.test' });
    const findings = runChecks(evidenceWith(probed));
    const syntax = findings.find((f) => f.id === 'dns_spf_syntax');
    expect(syntax?.evidence).toMatch(/non-ASCII/);
  });
  it('an SPF include loop ends with a finding naming the loop', async () => {
    const { value: probed, ms } = await timed(() => runDnsProbe('spf-loop.mailcases.test', { ...labOptions(), mailDomain: 'spf-loop.mailcases.test' }));
    const f = runChecks(evidenceWith(probed)).find((x) => x.id === 'dns_spf_too_many_lookups');
    expect(f?.title).toMatch(/includes itself/);
    expect(ms).toBeLessThan(5000);
  });
  it('a CNAME loop is reported as never resolving', async () => {
    const probed = await runDnsProbe('loop1.mailcases.test', { ...labOptions(), mailDomain: 'mailcases.test' });
    expect(probed.status).toBe('ok');
    const f = runChecks(evidenceWith(probed)).find((x) => x.id === 'dns_dangling_cname');
    expect(f?.title).toMatch(/CNAME loop/);
  });
  it('IP-literal and malformed targets are explained', async () => {
    expect(await runDnsProbe('127.0.0.1', labOptions())).toMatchObject({ status: 'unavailable', code: 'DNS_IP_TARGET' });
    expect(await runDnsProbe('bad name!', labOptions())).toMatchObject({ status: 'unavailable', code: 'DNS_BAD_NAME' });
  });
});

describe('the probe inside a full scan', () => {
  const ctx = (host: string, pinned: string) =>
    ({ target: { input: host, url: `https://${host}/`, host, schemeGiven: true, resolved: [pinned], pinned }, evidence: {} }) as never;
  it('skips a private target unless a DNS server was configured', async () => {
    const { createDnsProbe } = await import('../../src/probes/dns.js');
    expect(await createDnsProbe().run(ctx('site.test', '127.0.0.1'))).toMatchObject({ status: 'unavailable', code: 'DNS_PRIVATE_TARGET' });
    expect(await createDnsProbe().run(ctx('localhost', '::1'))).toMatchObject({ status: 'unavailable', code: 'DNS_PRIVATE_TARGET' });
    const configured = createDnsProbe({ dnsServers: [lab.resolverSpec], dnssecAnchor: lab.anchorFile, subdomains: false });
    expect(await configured.run(ctx('example.test', '127.0.0.1'))).toMatchObject({ status: 'ok' });
  });
});

describe('a resolver that strips DNSSEC records', () => {
  it('gives an indeterminate verdict, not a bogus one', async () => {
    const { validateChain } = await import('../../src/net/dns/dnssec/chain.js');
    const { parseTrustAnchors } = await import('../../src/net/dns/anchor.js');
    // Ask without DO: the lab resolver then returns the records but no RRSIGs, like a DNSSEC-unaware forwarder.
    const stripped = (name: string, type: string) => wireQuery(lab.resolver, name, type, { dnssecOk: false, checkingDisabled: true });
    const r = await validateChain(stripped, 'example.test', parseTrustAnchors(lab.anchorText));
    expect(r.verdict).toBe('indeterminate');
    expect(r.resolverGap).toBe('records_stripped');
    // unbound echoes DO only when it was set: the answer says it does not, and so does the explanation.
    expect(r.explanation).toMatch(/returns the DNSKEY set of \. without its signatures, which the trust anchor says is signed \(and does not echo the DO bit\)/);
  });
});
