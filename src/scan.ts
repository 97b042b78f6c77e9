/**
 * The engine's one entry point: target → net → probes → evidence → checks → scoring → report.
 * The CLI, the web app, the queue workers and library users all call this.
 */
import type { Evidence } from './model/evidence.js';
import type { Report } from './model/report.js';
import { createNetContext, type NetOptions } from './net/index.js';
import { parseTargetInput } from './net/target-input.js';
import { ALL_PROBES, runProbes, type ProbeProgress } from './probes/index.js';
import type { Probe } from './probes/probe.js';
import { ALL_CHECKS } from './checks/index.js';
import { runChecks } from './checks/run.js';
import { scoreReport } from './scoring/score.js';

export interface ScanOptions extends Omit<NetOptions, 'lookup'> {
  /** Restrict the scan to these probe keys (focused tools); default: all. */
  probes?: string[];
  onProgress?: (event: ProbeProgress) => void;
  signal?: AbortSignal;
}

export interface ScanResult {
  report: Report;
  evidence: Evidence;
}

/**
 * Scan one target. Throws InputError for unusable input and TargetRefusedError when the policy refuses
 * the target (before any connection). Everything that goes wrong on the wire ends up in the report.
 */
export async function scan(input: string, options: ScanOptions = {}): Promise<ScanResult> {
  const target = parseTargetInput(input);
  const started = new Date();
  const t0 = performance.now();
  const net = createNetContext(options);
  try {
    // Resolve and check the target once, up front: a refused target opens no socket at all.
    target.pinned = await net.resolveHost(target.host, target.port);
    target.resolved = net.resolver.seen.get(target.host) ?? [target.pinned];
    const evidence: Evidence = { schemaVersion: 1, target, startedAt: started.toISOString(), durationMs: 0 };
    const probes: Probe[] = options.probes ? ALL_PROBES.filter((p) => options.probes!.includes(p.key)) : ALL_PROBES;
    await runProbes(probes, { target, net, evidence, ...(options.signal ? { signal: options.signal } : {}) }, options.onProgress);
    evidence.durationMs = Math.round(performance.now() - t0);
    return { report: rescore(evidence), evidence };
  } finally {
    await net.close();
  }
}

/** Re-run checks and scoring on saved evidence, offline. */
export function rescore(evidence: Evidence): Report {
  if (evidence?.schemaVersion !== 1 || !evidence.target) throw new Error('not a Scorifya evidence file (schemaVersion 1)');
  return scoreReport(evidence, runChecks(ALL_CHECKS, evidence));
}
