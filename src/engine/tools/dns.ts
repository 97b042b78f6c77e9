/**
 * The engine entry point of the focused DNS and e-mail tools (`scorifya dns`, `scorifya email`): the
 * DNS probe alone, with its own DNS options, then the DNS checks and the same scoring as a full scan.
 */
import type { Evidence, TargetInfo } from '../../model/evidence.js';
import type { Report } from '../../model/report.js';
import type { DnsEvidence } from '../../model/dns.js';
import { createNetContext, type NetOptions } from '../../net/index.js';
import { runDnsProbe, type DnsProbeOptions } from '../../probes/dns.js';
import { DNS_CHECKS, EMAIL_CHECKS } from '../../checks/dns/index.js';
import { runChecks } from '../../checks/run.js';
import { scoreReport } from '../../scoring/score.js';
import { normaliseDomainInput } from '../inputs.js';
import { recordChoices } from '../choices.js';

export interface DnsScanOptions extends Omit<NetOptions, 'lookup'>, Omit<DnsProbeOptions, 'mailDomain'> {
  /** `dns`: every DNS & email check for the name; `email`: the mail checks, with DOMAIN as the mail domain. */
  mode: 'dns' | 'email';
}

export interface DnsScanResult {
  report: Report;
  evidence: Evidence;
  dns?: DnsEvidence;
}

export async function scanDns(input: string, options: DnsScanOptions): Promise<DnsScanResult> {
  const domain = normaliseDomainInput(input);
  const started = new Date();
  const t0 = performance.now();
  const net = createNetContext(options);
  try {
    const target: TargetInfo = { input, url: `dns:${domain}`, host: domain, schemeGiven: false, resolved: [] };
    const probed = await runDnsProbe(
      domain,
      { ...options, ...(options.mode === 'email' ? { mailDomain: domain, subdomains: false } : {}) },
      net,
    );
    const evidence: Evidence = { schemaVersion: 1, target, startedAt: started.toISOString(), durationMs: 0, dns: probed };
    evidence.durationMs = Math.round(performance.now() - t0);
    const choices = recordChoices(options);
    if (choices) evidence.options = choices;
    const checks = options.mode === 'email' ? EMAIL_CHECKS : DNS_CHECKS;
    const report = scoreReport(evidence, runChecks(checks, evidence));
    return { report, evidence, ...(probed.status === 'ok' ? { dns: probed.data } : {}) };
  } finally {
    await net.close();
  }
}
