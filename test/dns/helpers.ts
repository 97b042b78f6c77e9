import type { Evidence } from '../../src/model/evidence.js';
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
