import type { Evidence } from '../model/evidence.js';
import { unavailable } from '../model/probed.js';
import { httpProbe } from './http.js';
import { dnsProbe } from './dns.js';
import { exposureProbe } from './exposure.js';
import { wordpressProbe } from './wordpress.js';
import { corsProbe } from './cors.js';
import { tlsProbe } from './tls.js';
import type { Probe, ProbeContext } from './probe.js';
import { requestTag } from '../net/request-activity.js';

/** Every probe the full scan runs. Each category adds its probe here. */
export const ALL_PROBES: Probe[] = [httpProbe, tlsProbe, corsProbe, exposureProbe, wordpressProbe, dnsProbe];

/**
 * The probes named by `keys` plus everything they depend on, in registry order. Unknown keys are an
 * input error for the caller to report.
 */
export function selectProbes(keys: readonly string[]): { probes: Probe[]; unknown: string[] } {
  const unknown = keys.filter((k) => !ALL_PROBES.some((p) => p.key === k));
  const wanted = new Set<string>();
  const add = (key: string): void => {
    if (wanted.has(key)) return;
    wanted.add(key);
    for (const dep of ALL_PROBES.find((p) => p.key === key)?.dependsOn ?? []) add(dep);
  };
  keys.forEach(add);
  return { probes: ALL_PROBES.filter((p) => wanted.has(p.key)), unknown };
}

export interface ProbeProgress {
  probe: string;
  label: string;
  state: 'start' | 'done' | 'unavailable';
  /** Probes finished so far and in all, counting this one when it is done (progress display). */
  finished?: number;
  total?: number;
}

/**
 * Run probes concurrently, each as soon as the probes it depends on have finished. A probe that
 * throws is recorded as unavailable with its message: one broken probe never sinks the scan.
 */
export async function runProbes(
  probes: readonly Probe[],
  ctx: Omit<ProbeContext, 'evidence'> & { evidence: Evidence },
  onProgress?: (p: ProbeProgress) => void,
): Promise<void> {
  const done = new Map<string, Promise<void>>();
  let finished = 0;
  const total = probes.length;
  const start = (probe: Probe): Promise<void> => {
    const existing = done.get(probe.key);
    if (existing) return existing;
    const promise = (async () => {
      const deps = (probe.dependsOn ?? []).map((key) => probes.find((p) => p.key === key)).filter((p): p is Probe => Boolean(p));
      await Promise.all(deps.map(start));
      onProgress?.({ probe: probe.key, label: probe.label, state: 'start', finished, total });
      let result;
      try {
        result = await requestTag.run(probe.key, () => probe.run(ctx));
      } catch (error) {
        result = unavailable(`probe failed: ${(error as Error).message}`, 'PROBE_FAILED');
      }
      ctx.evidence[probe.key] = result;
      finished++;
      onProgress?.({ probe: probe.key, label: probe.label, state: result.status === 'ok' ? 'done' : 'unavailable', finished, total });
    })();
    done.set(probe.key, promise);
    return promise;
  };
  await Promise.all(probes.map(start));
}
