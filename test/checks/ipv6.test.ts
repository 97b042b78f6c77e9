/** The IPv6 checks on hand-written evidence: what each finding needs, and when the scanner's own network is to blame. */
import { describe, expect, it } from 'vitest';
import { ok } from '../../src/model/probed.js';
import type { Evidence } from '../../src/model/evidence.js';
import type { DnsEvidence, NameServerInfo } from '../../src/model/dns.js';
import type { FamilyView, Ipv6Evidence } from '../../src/model/ipv6.js';
import { ipv6WebCheck, compare } from '../../src/checks/dns/ipv6-web.js';
import { ipv6DnsCheck } from '../../src/checks/dns/ipv6-dns.js';
import { runChecks } from '../../src/checks/run.js';

const lookup = <T>(name: string, records: T[]) => ({ name, status: records.length ? ('ok' as const) : ('nodata' as const), records });

function dnsEvidence(over: Partial<DnsEvidence> = {}): DnsEvidence {
  return {
    host: 'site.example',
    servers: ['192.0.2.53:53'],
    ipv4: lookup('site.example', ['192.0.2.10']),
    ipv6: lookup('site.example', ['2001:db8::10']),
    nsZone: 'site.example',
    nameServers: lookup<NameServerInfo>('site.example', [
      { name: 'ns1.site.example', ipv4: ['192.0.2.53'], ipv6: ['2001:db8::53'], ipv6Answer: { address: '2001:db8::53', outcome: 'answered', rcode: 'NOERROR', authoritative: true } },
      { name: 'ns2.site.example', ipv4: ['192.0.2.54'], ipv6: ['2001:db8::54'], ipv6Answer: { address: '2001:db8::54', outcome: 'answered', rcode: 'NOERROR', authoritative: true } },
    ]),
    caa: { records: [], lookups: [] },
    cnames: [],
    subdomains: [],
    mail: {
      domain: 'site.example',
      orgDomain: 'site.example',
      mx: lookup('site.example', [{ priority: 10, exchange: 'mx.site.example' }]),
      txt: lookup('site.example', []),
      dmarc: lookup('_dmarc.site.example', []),
      dmarcReportAuth: [],
      mtaSts: lookup('_mta-sts.site.example', []),
      tlsRpt: lookup('_smtp._tls.site.example', []),
      bimi: lookup('default._bimi.site.example', []),
      dkimSelectors: [],
      dkimSelectorsTried: [],
    },
    mxAddresses: [{ name: 'mx.site.example', ipv4: ['192.0.2.25'], ipv6: ['2001:db8::25'] }],
    ...over,
  };
}

const headers = { 'strict-transport-security': 'max-age=63072000', 'content-security-policy': "script-src 'nonce-abc'", 'x-content-type-options': 'nosniff' };
const view = (family: 4 | 6, extra: Partial<FamilyView> = {}): FamilyView => ({ family, address: family === 6 ? '2001:db8::10' : '192.0.2.10', status: 200, headers, ...extra });

function evidence(views: FamilyView[], dns: DnsEvidence = dnsEvidence()): Evidence {
  const ipv6: Ipv6Evidence = { host: 'site.example', ipv4: ['192.0.2.10'], ipv6: ['2001:db8::10'], url: 'https://site.example/', views };
  return {
    schemaVersion: 1,
    target: { input: 'site.example', url: 'https://site.example/', host: 'site.example', schemeGiven: false, resolved: ['2001:db8::10', '192.0.2.10'], pinned: '192.0.2.10' },
    startedAt: '2026-12-01T00:00:00.000Z',
    durationMs: 1,
    dns: ok(dns),
    ipv6: ok(ipv6),
  };
}
const idsOf = (e: Evidence) => runChecks([ipv6WebCheck, ipv6DnsCheck], e).flatMap((r) => r.results.map((x) => x.id));

describe('ipv6_unreachable and ipv6_site_differs', () => {
  it('the same site on both families (CSP nonces differ per response): nothing', () => {
    expect(idsOf(evidence([view(6, { headers: { ...headers, 'content-security-policy': "script-src 'nonce-xyz'" } }), view(4)]))).toEqual([]);
  });

  it('IPv6 refused: ipv6_unreachable with the error', () => {
    const e = evidence([view(6, { status: undefined, headers: undefined, code: 'ECONNREFUSED', error: '2001:db8::10 port 443 refused the connection' }), view(4)]);
    const [run] = runChecks([ipv6WebCheck], e);
    expect(run!.results.map((r) => r.id)).toEqual(['ipv6_unreachable']);
    expect(run!.results[0]!.evidence).toContain('over IPv6 (2001:db8::10): 2001:db8::10 port 443 refused the connection');
  });

  it('no IPv6 route on the scanning machine: not measured, in words, never blamed on the site', () => {
    const e = evidence([view(6, { status: undefined, headers: undefined, code: 'ENETUNREACH', error: 'network unreachable', localNetwork: true }), view(4)]);
    const [run] = runChecks([ipv6WebCheck], e);
    expect(run!.state).toBe('skipped');
    expect(run!.reason).toMatch(/^this scanner has no IPv6 connectivity \(connecting to 2001:db8::10 failed with ENETUNREACH/);
  });

  it('status and headers compared: each difference named', () => {
    expect(compare(view(4), view(6, { status: 404, headers: { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } }))).toEqual([
      { what: 'status code', v4: '200', v6: '404' },
      { what: 'strict-transport-security', v4: 'max-age=63072000', v6: '(absent)' },
      { what: 'content-security-policy', v4: "script-src 'nonce-…'", v6: '(absent)' },
      { what: 'referrer-policy', v4: '(absent)', v6: 'no-referrer' },
    ]);
  });

  it('one family only: nothing to compare', () => {
    expect(idsOf(evidence([]))).toEqual([]);
  });

  it('without DNS evidence the check does not run (IPv6 alone must not make DNS & email look measured)', () => {
    const e = evidence([view(6, { status: undefined, error: 'refused' }), view(4)]);
    e.dns = { status: 'unavailable', reason: 'private target' };
    expect(runChecks([ipv6WebCheck], e)[0]!.state).toBe('skipped');
  });

  it('the DNS tool (no ipv6 evidence) judges nothing here', () => {
    const e = evidence([]);
    delete e.ipv6;
    expect(runChecks([ipv6WebCheck], e)[0]).toMatchObject({ state: 'ran', results: [] });
  });
});

describe('name servers and MX hosts over IPv6', () => {
  it('a name server that does not answer at its IPv6 address', () => {
    const d = dnsEvidence();
    d.nameServers.records[1]!.ipv6Answer = { address: '2001:db8::54', outcome: 'no_answer', code: 'DNS_TIMEOUT', error: 'no answer within 2500 ms' };
    expect(idsOf(evidence([], d))).toEqual(['dns_nameserver_ipv6_unreachable']);
  });

  it('not queried (policy) is no finding; our own missing route is not measured', () => {
    const d = dnsEvidence();
    d.nameServers.records[0]!.ipv6Answer = { address: '2001:db8::53', outcome: 'not_queried', error: 'documentation address' };
    expect(idsOf(evidence([], d))).toEqual([]);
    d.nameServers.records[1]!.ipv6Answer = { address: '2001:db8::54', outcome: 'no_answer', code: 'ENETUNREACH', localNetwork: true };
    const [, run] = runChecks([ipv6WebCheck, ipv6DnsCheck], evidence([], d));
    expect(run!.state).toBe('skipped');
    expect(run!.reason).toMatch(/no IPv6 connectivity/);
  });

  it('MX hosts without AAAA: dns_mx_no_ipv6 (information); a failed AAAA lookup proves nothing', () => {
    expect(idsOf(evidence([], dnsEvidence({ mxAddresses: [{ name: 'mx.site.example', ipv4: ['192.0.2.25'], ipv6: [] }] })))).toEqual(['dns_mx_no_ipv6']);
    expect(idsOf(evidence([], dnsEvidence({ mxAddresses: [{ name: 'mx.site.example', ipv4: ['192.0.2.25'], ipv6: [], ipv6Error: 'ETIMEOUT' }] })))).toEqual([]);
  });
});
