/**
 * The focused TLS tool: the TLS probe, the TLS checks and the TLS category score for one host,
 * without the rest of the scan. Same safety as a full scan: the target policy, pinned resolution,
 * `--resolve` and `--ca` all come from the one NetContext.
 */
import { createNetContext, type NetOptions } from '../../net/index.js';
import { parseTargetInput } from '../../net/target-input.js';
import type { Evidence } from '../../model/evidence.js';
import type { Report } from '../../model/report.js';
import { tlsProbe } from '../../probes/tls.js';
import { runChecks } from '../../checks/run.js';
import { TLS_CHECKS } from '../../checks/tls/index.js';
import { scoreReport } from '../../scoring/score.js';
import { vulnerabilityTableOf } from '../../checks/tls/vulnerability-table.js';
import { recordChoices } from '../choices.js';

/** Enumeration needs one connection per accepted suite; a focused run may use more than a scan's default. */
export const TLS_TOOL_MAX_HANDSHAKES = 1000;

export interface TlsToolResult {
  evidence: Evidence;
  report: Report;
}

export type TlsToolOptions = Omit<NetOptions, 'lookup'> & { signal?: AbortSignal };

export async function runTlsTool(input: string, options: TlsToolOptions = {}): Promise<TlsToolResult> {
  const target = parseTargetInput(input);
  const started = new Date();
  const t0 = performance.now();
  const net = createNetContext({ maxHandshakes: TLS_TOOL_MAX_HANDSHAKES, ...options });
  try {
    target.pinned = await net.resolveHost(target.host, target.port ?? 443);
    target.resolved = net.resolver.seen.get(target.host) ?? [target.pinned];
    const evidence: Evidence = { schemaVersion: 1, target, startedAt: started.toISOString(), durationMs: 0 };
    evidence.tls = (await tlsProbe.run({ target, net, evidence, ...(options.signal ? { signal: options.signal } : {}) })) as Evidence['tls'];
    evidence.durationMs = Math.round(performance.now() - t0);
    const choices = recordChoices(options);
    if (choices) evidence.options = choices;
    return { evidence, report: { ...scoreReport(evidence, runChecks(TLS_CHECKS, evidence)), ...vulnerabilityTableOf(evidence) } };
  } finally {
    await net.close();
  }
}
