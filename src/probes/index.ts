import type { Evidence } from '../model/evidence.js';
import { DOES_NOT_APPLY_CODES, unavailable } from '../model/probed.js';
import type { Probe, ProbeContext } from './probe.js';
import { requestTag } from '../net/request-activity.js';
import { NetError } from '../net/errors.js';

/**
 * A registry entry whose code loads when it first runs: a scan sends its first request while the
 * heavier probes (certificate parsing, DNSSEC, the public-suffix list) are still loading. Key, label
 * and dependencies are repeated here so that choosing and ordering probes loads nothing; a unit test
 * holds them equal to the probe modules' own.
 */
function lazy(key: string, label: string, dependsOn: readonly string[], load: () => Promise<Probe>): Probe {
  return { key, label, ...(dependsOn.length ? { dependsOn } : {}), run: async (ctx) => (await load()).run(ctx) };
}

/**
 * Every probe the full scan runs, and the dependency graph: a probe waits only for the evidence it
 * reads. HTTP goes first on the critical path (its final URL is where CORS, exposure and WordPress
 * look); TLS and DNS need nothing and start with the scan. Each category adds its probe here.
 */
export const ALL_PROBES: Probe[] = [
  lazy('http', 'HTTP and redirects', [], async () => (await import('./http.js')).httpProbe),
  lazy('tls', 'TLS protocols, ciphers and certificate', [], async () => (await import('./tls.js')).tlsProbe),
  lazy('cors', 'CORS origins and preflights', ['http'], async () => (await import('./cors.js')).corsProbe),
  lazy('exposure', 'Sensitive files and endpoints', ['http'], async () => (await import('./exposure.js')).exposureProbe),
  lazy('wordpress', 'WordPress', ['http'], async () => (await import('./wordpress.js')).wordpressProbe),
  lazy('dns', 'DNS & email records', [], async () => (await import('./dns.js')).dnsProbe),
  // Reads the MX list itself, so SMTP conversations (greeting pauses included) run beside the web probes.
  lazy('mail', 'Mail transport (SMTP STARTTLS)', [], async () => (await import('./mail.js')).mailProbe),
  lazy('ipv6', 'IPv6 and IPv4 reachability', ['http'], async () => (await import('./ipv6.js')).ipv6Probe),
];

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
  /** `skipped`: the probe does not apply to this target (DOES_NOT_APPLY_CODES), which is no failure. */
  state: 'start' | 'done' | 'unavailable' | 'skipped';
  /** Probes finished so far and in all, counting this one when it is done (progress display). */
  finished?: number;
  total?: number;
}

/**
 * How long one probe may run: 12 per-request time limits, and never less than 90 s. Every request and
 * handshake has its own limit, and the TLS (60 s) and DNS (45 s) probes an overall one, which this
 * floor leaves to speak first; this is the backstop that holds even if a probe waits on something that
 * never settles: a scan always ends, and says which probe it stopped.
 */
export const PROBE_TIME_LIMIT_REQUESTS = 12;
export const PROBE_TIME_LIMIT_FLOOR_MS = 90_000;

/**
 * Run probes concurrently, each as soon as the probes it depends on have finished. A probe that
 * throws is recorded as unavailable with its message: one broken probe never sinks the scan. A probe
 * still running after `timeLimitMs` is aborted and recorded as unavailable (PROBE_TIME_LIMIT).
 */
export async function runProbes(
  probes: readonly Probe[],
  ctx: Omit<ProbeContext, 'evidence'> & { evidence: Evidence },
  onProgress?: (p: ProbeProgress) => void,
  timeLimitMs: number = Math.max(PROBE_TIME_LIMIT_FLOOR_MS, PROBE_TIME_LIMIT_REQUESTS * ctx.net.timeoutMs),
): Promise<void> {
  const done = new Map<string, Promise<void>>();
  const evidenceOf = async (key: string): Promise<unknown> => {
    const probe = probes.find((p) => p.key === key);
    if (!probe) return undefined;
    await start(probe);
    return ctx.evidence[key];
  };
  const probeCtx = { ...ctx, evidenceOf };
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
        result = await withTimeLimit(probe, probeCtx, timeLimitMs);
      } catch (error) {
        result = unavailable(`probe failed: ${(error as Error).message}`, 'PROBE_FAILED');
      }
      probeCtx.evidence[probe.key] = result;
      finished++;
      const state = result.status === 'ok' ? 'done' : result.code && DOES_NOT_APPLY_CODES.has(result.code) ? 'skipped' : 'unavailable';
      onProgress?.({ probe: probe.key, label: probe.label, state, finished, total });
    })();
    done.set(probe.key, promise);
    return promise;
  };
  await Promise.all(probes.map(start));
}

/** Run one probe under its own abort signal (linked to the scan's) and the time limit. */
async function withTimeLimit(probe: Probe, ctx: ProbeContext, timeLimitMs: number): ReturnType<Probe['run']> {
  const stop = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<Awaited<ReturnType<Probe['run']>>>((resolve) => {
    timer = setTimeout(() => {
      const reason = `the ${probe.label} probe did not finish within ${timeLimitMs >= 1000 ? `${Math.round(timeLimitMs / 1000)} s` : `${timeLimitMs} ms`} and was stopped; nothing it found is used`;
      stop.abort(new NetError('PROBE_TIME_LIMIT', reason));
      resolve(unavailable(reason, 'PROBE_TIME_LIMIT'));
    }, timeLimitMs);
  });
  try {
    return await Promise.race([requestTag.run(probe.key, () => probe.run({ ...ctx, signal })), limit]);
  } finally {
    clearTimeout(timer);
  }
}
