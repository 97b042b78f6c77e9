/**
 * IPv6 findings against real servers on loopback: the DNS lab (knot also listening on ::1, so a name
 * server's AAAA can be asked directly) and a web site on 127.0.0.1 and/or ::1 under the lab's
 * example.test, reached by name through the lab resolver (A 127.0.0.1, AAAA ::1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { startDualStackSite, type DualStackSite, type V6Scenario } from '../lab/ipv6/dual-stack-site.js';
import { scan } from '../../src/engine/index.js';
import { scanDns } from '../../src/engine/tools/dns.js';
import type { DnsEvidence } from '../../src/model/dns.js';
import type { Ipv6Evidence } from '../../src/model/ipv6.js';

let lab: DnsLab;
beforeAll(async () => {
  lab = await startDnsLab();
});
afterAll(async () => lab?.stop());

const dnsOptions = (nameServerPort: number) => ({
  dnsServers: [lab.resolverSpec],
  dnssecAnchor: lab.anchorFile,
  nameServerPort,
  // The lab's name servers are on ::1; ns2's ::2 stays refused (not loopback: never contacted).
  nameServerAllowList: ['::1'],
});

describe('name servers over IPv6', () => {
  it('asks each name server with an IPv6 address for the SOA there: ns1 [::1] answers, ns2 [::2] is never contacted', async () => {
    const { report, dns } = await scanDns('example.test', { mode: 'dns', allowPrivate: true, subdomains: false, timeoutMs: 3000, ...dnsOptions(lab.auth.port) });
    const answers = Object.fromEntries(dns!.nameServers.records.map((s) => [s.name, s.ipv6Answer]));
    expect(answers['ns1.example.test']).toMatchObject({ address: '::1', outcome: 'answered', rcode: 'NOERROR', authoritative: true });
    expect(answers['ns2.example.test']).toMatchObject({ address: '::2', outcome: 'not_queried' });
    const ids = report.findings.map((f) => f.id);
    expect(ids).not.toContain('dns_nameserver_ipv6_unreachable');
    // The MX host has both families; its addresses are in the evidence for the mail checks.
    expect(dns!.mxAddresses).toEqual([{ name: 'mail.example.test', ipv4: ['127.0.0.1'], ipv6: ['::1'] }]);
    expect(ids).not.toContain('dns_mx_no_ipv6');
  });

  it('a name server whose IPv6 address does not answer DNS is a finding, with the error', async () => {
    // Nothing listens on port 9 of ::1: the query is refused there, as at a server not listening on IPv6.
    const { report } = await scanDns('example.test', { mode: 'dns', allowPrivate: true, subdomains: false, timeoutMs: 3000, ...dnsOptions(9) });
    const f = report.findings.find((x) => x.id === 'dns_nameserver_ipv6_unreachable');
    expect(f).toMatchObject({ severity: 'medium', pointsLost: 2, location: 'example.test' });
    expect(f!.title).toBe('Name server ns1.example.test of example.test does not answer over IPv6');
    expect(f!.evidence).toMatch(/ns1\.example\.test \[::1\]: SOA example\.test → .+/);
  });

  it('a host without AAAA and a zone whose only name server has no IPv6 address', async () => {
    const { report } = await scanDns('single.test', { mode: 'dns', allowPrivate: true, subdomains: false, timeoutMs: 3000, ...dnsOptions(lab.auth.port) });
    const byId = Object.fromEntries(report.findings.map((f) => [f.id, f]));
    expect(byId.dns_no_ipv6).toMatchObject({ severity: 'low', pointsLost: 1 });
    expect(byId.dns_nameserver_no_ipv6).toBeDefined();
    expect(byId.dns_nameserver_ipv6_unreachable).toBeUndefined();
  });
});

describe('the web host over IPv4 and IPv6', () => {
  const sites: DualStackSite[] = [];
  afterAll(async () => {
    await Promise.all(sites.map((s) => s.close()));
  });
  const scanSite = async (scenario: V6Scenario) => {
    const site = await startDualStackSite(scenario, { host: 'example.test' });
    sites.push(site);
    return scan(site.url('/'), {
      allowPrivate: true,
      ca: site.scanOptions.ca,
      timeoutMs: 3000,
      // The target name resolves through the lab, as a real dual-stack name would: A and AAAA.
      nameServers: [lab.resolverSpec],
      dns: dnsOptions(lab.auth.port),
      probes: ['http', 'dns', 'ipv6'],
    });
  };
  const ipv6Of = (evidence: Record<string, unknown>) => (evidence.ipv6 as { data: Ipv6Evidence }).data;

  it('the same site on both: IPv6 wins the race, no IPv6 finding', async () => {
    const { report, evidence } = await scanSite('same');
    expect(report.target.pinned).toBe('::1');
    const e = ipv6Of(evidence);
    expect(e.views.map((v) => [v.family, v.address, v.status])).toEqual([[6, '::1', 200], [4, '127.0.0.1', 200]]);
    const ids = report.findings.map((f) => f.id);
    expect(ids.filter((id) => id.startsWith('ipv6_'))).toEqual([]);
  });

  it('an old virtual host on IPv6: ipv6_site_differs names each header that differs', async () => {
    const { report } = await scanSite('different');
    const f = report.findings.find((x) => x.id === 'ipv6_site_differs');
    expect(f).toMatchObject({ category: 'dns', severity: 'medium', pointsLost: 2 });
    expect((f!.details as { differences: { what: string }[] }).differences.map((d) => d.what)).toEqual([
      'strict-transport-security',
      'content-security-policy',
      'x-frame-options',
    ]);
    expect(f!.evidence).toContain('IPv6 ::1: (absent)');
  });

  it('an AAAA where nothing listens: measured over IPv4, and ipv6_unreachable with the error', async () => {
    const { report, evidence } = await scanSite('nothing-listens');
    expect(report.target.pinned).toBe('127.0.0.1');
    expect(report.categories.find((c) => c.id === 'headers')?.status).toBe('measured');
    const f = report.findings.find((x) => x.id === 'ipv6_unreachable');
    expect(f).toMatchObject({ category: 'dns', severity: 'medium', pointsLost: 3 });
    expect(f!.evidence).toMatch(/over IPv6 \(::1\): .*refused the connection/);
    expect(f!.evidence).toMatch(/connection race on port \d+ \(IPv6 first, as browsers do\): ::1 failed \(ECONNREFUSED\)/);
    // The race already knew: no second connection to the dead address.
    expect(ipv6Of(evidence).views.find((v) => v.family === 6)?.fromRace).toBe(true);
    expect((evidence.dns as { data: DnsEvidence }).data.ipv6.records).toEqual(['::1']);
  });
});
