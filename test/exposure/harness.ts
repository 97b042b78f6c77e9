/** Runs the exposure probe (and optionally the WordPress probe) against a lab site, then the checks. */
import { createLabCa, type LabCa } from '../lab/ca.js';
import { startLabServer, type LabServer, type LabServerOptions } from '../lab/http-server.js';
import { createNetContext } from '../../src/net/index.js';
import type { Evidence } from '../../src/model/evidence.js';
import type { HttpEvidence } from '../../src/model/http.js';
import type { CheckResult } from '../../src/model/finding.js';
import type { Check } from '../../src/checks/check.js';
import { runExposureProbe } from '../../src/probes/exposure.js';

let caPromise: Promise<LabCa> | undefined;
const labCa = () => (caPromise ??= createLabCa());

export interface LabScan {
  evidence: Evidence;
  server: LabServer;
  requestsUsed: number;
}

export async function withLabSite<T>(routes: LabServerOptions['routes'], fn: (server: LabServer, ca: LabCa) => Promise<T>): Promise<T> {
  const ca = await labCa();
  const cert = await ca.issue({ ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'] });
  const server = await startLabServer({ cert, routes });
  try {
    return await fn(server, ca);
  } finally {
    await server.close();
  }
}

/** Fetch the main page like the HTTP probe would (one hop) and build the evidence the probes read. */
export async function labEvidence(
  server: LabServer,
  ca: LabCa,
  probes: ((evidence: Evidence, ctx: Parameters<typeof runExposureProbe>[0]) => Promise<void>)[],
  scheme: 'https' | 'http' = 'https',
  maxRequests?: number,
): Promise<LabScan> {
  const net = createNetContext({ allowPrivate: true, ca: [ca.certPem], timeoutMs: 5_000, ...(maxRequests ? { maxRequests } : {}) });
  try {
    const url = server.url(scheme, '/');
    const page = await net.http.request({ url });
    const chain = { start: url, hops: [page], outcome: 'final' as const };
    const empty = { start: url.replace(/^https/, 'http'), hops: [], outcome: 'error' as const, error: { code: 'SKIPPED', message: 'not fetched in this test', url } };
    const http: HttpEvidence = {
      http: scheme === 'http' ? chain : empty,
      https: scheme === 'https' ? chain : empty,
      primary: scheme,
      meta: { csp: [], cspReportOnly: [], referrer: [], xFrameOptions: [], other: [] },
    };
    const evidence: Evidence = {
      schemaVersion: 1,
      target: { input: url, url, host: '127.0.0.1', port: server.port, schemeGiven: true, resolved: ['127.0.0.1'], pinned: '127.0.0.1' },
      startedAt: new Date().toISOString(),
      durationMs: 0,
      http: { status: 'ok', data: http },
    };
    for (const probe of probes) await probe(evidence, { target: evidence.target, net, evidence });
    return { evidence, server, requestsUsed: net.budget.used };
  } finally {
    await net.close();
  }
}

export const exposureStep = async (evidence: Evidence, ctx: Parameters<typeof runExposureProbe>[0]) => {
  evidence['exposure'] = await runExposureProbe(ctx);
};

export function runAll(checks: readonly Check[], evidence: Evidence): CheckResult[] {
  const now = new Date(evidence.startedAt);
  return checks
    .filter((c) => c.reads.every((key) => (evidence[key] as { status?: string } | undefined)?.status === 'ok'))
    .flatMap((c) => c.run(evidence, { now }));
}

export const idsOf = (results: CheckResult[]) => [...new Set(results.map((r) => r.id))].sort();
