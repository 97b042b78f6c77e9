import type { Evidence } from '../../src/model/evidence.js';
import type { DnsEvidence, DnssecEvidence, Lookup } from '../../src/model/dns.js';
import type { CheckResult } from '../../src/model/finding.js';
import type { NetContext, HttpRequest } from '../../src/net/context.js';
import type { HttpExchange } from '../../src/model/http.js';
import { DNS_CHECKS } from '../../src/checks/dns/index.js';
import { runDnsProbe, type DnsProbeOptions } from '../../src/probes/dns.js';

export function evidenceWith(dns: unknown, extra: Record<string, unknown> = {}, startedAt = new Date().toISOString()): Evidence {
  return {
    schemaVersion: 1,
    target: { input: 'x', url: 'https://x/', host: 'x', schemeGiven: true, resolved: [] },
    startedAt,
    durationMs: 0,
    dns,
    ...extra,
  };
}

export function runChecks(evidence: Evidence, now = new Date()): CheckResult[] {
  return DNS_CHECKS.flatMap((c) => c.run(evidence, { now }));
}

/** A NetContext whose HTTP client answers from a table (the MTA-STS policy files of the lab domains). */
export function cannedNet(pages: Record<string, Partial<HttpExchange>>): NetContext {
  return {
    resolveHost: async () => '127.0.0.1',
    ca: [],
    timeoutMs: 1000,
    budget: { remaining: 100, used: 0, run: (fn) => fn() },
    http: {
      async request(req: HttpRequest): Promise<HttpExchange> {
        const page = pages[req.url];
        if (!page) throw Object.assign(new Error(`connection refused for ${req.url}`), { code: 'ECONNREFUSED' });
        return {
          url: req.url,
          method: 'GET',
          status: 200,
          statusText: 'OK',
          headers: [],
          body: '',
          bodyBytes: 0,
          bodyTruncated: false,
          remoteAddress: '127.0.0.1',
          durationMs: 1,
          tls: { authorized: true },
          ...page,
        };
      },
    },
  };
}

export async function probeAndCheck(
  host: string,
  options: DnsProbeOptions,
  net?: NetContext,
  extra: Record<string, unknown> = {},
): Promise<CheckResult[]> {
  const probed = await runDnsProbe(host, options, net);
  if (probed.status !== 'ok') throw new Error(`probe unavailable: ${probed.reason}`);
  return runChecks(evidenceWith(probed, extra));
}

/** Hand-written DNS evidence: a clean, well-configured domain unless overridden. */
export const none = <T>(name: string): Lookup<T> => ({ name, status: 'nodata', records: [] });
export const txt = (name: string, ...texts: string[]): Lookup<{ text: string; strings: number; bytes: number }> => ({
  name,
  status: texts.length ? 'ok' : 'nodata',
  records: texts.map((text) => ({ text, strings: 1, bytes: text.length })),
});

export function base(overrides: Partial<DnsEvidence> = {}, mail: Partial<DnsEvidence['mail']> = {}): DnsEvidence {
  return {
    host: 'site.example',
    servers: ['127.0.0.1:53'],
    ipv4: { name: 'site.example', status: 'ok', records: ['192.0.2.1'] },
    ipv6: { name: 'site.example', status: 'ok', records: ['2001:db8::1'] },
    nsZone: 'site.example',
    nameServers: {
      name: 'site.example',
      status: 'ok',
      records: [
        { name: 'ns1.dns.example', ipv4: ['192.0.2.53'], ipv6: ['2001:db8::53'] },
        { name: 'ns2.dns.example', ipv4: ['198.51.100.53'], ipv6: ['2001:db8:1::53'] },
      ],
    },
    caa: { relevantAt: 'site.example', records: [{ flags: 0, tag: 'issue', value: 'letsencrypt.org' }], lookups: [] },
    cnames: [],
    subdomains: [],
    mail: {
      domain: 'site.example',
      orgDomain: 'site.example',
      mx: none('site.example'),
      txt: txt('site.example', 'v=spf1 -all'),
      spfTree: { domain: 'site.example', record: 'v=spf1 -all', lookup: 'found', lookups: 0, voidLookups: 0, terms: [], children: [] },
      dmarc: txt('_dmarc.site.example', 'v=DMARC1; p=reject; rua=mailto:d@site.example'),
      dmarcReportAuth: [],
      mtaSts: none('_mta-sts.site.example'),
      tlsRpt: none('_smtp._tls.site.example'),
      bimi: none('default._bimi.site.example'),
      dkimSelectors: [],
      dkimSelectorsTried: [],
      ...mail,
    },
    ...overrides,
  };
}

export function dnssec(partial: Partial<DnssecEvidence['chain']>, resolver?: DnssecEvidence['resolver']): DnssecEvidence {
  return {
    anchor: 'iana-root',
    chain: { verdict: 'secure', zone: 'site.example.', explanation: 'ok', chain: [], ...partial },
    ...(resolver ? { resolver } : {}),
  };
}
