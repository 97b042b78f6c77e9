/**
 * The CORS probe: for every attacker origin, a GET with that Origin and an OPTIONS preflight asking
 * for a credentialed PUT with Authorization and Content-Type: application/json. Every probe is sent
 * whatever the earlier answers were (scanners that stop at the first miss overlook allow-lists that
 * trust only `null` or one bypass pattern). Count and time are bounded; it never judges.
 */
import type { CorsEvidence, CorsExchange, CorsProbeResult } from '../model/cors.js';
import type { RawHeader } from '../model/http.js';
import { ok, unavailable, type Probed } from '../model/probed.js';
import type { NetContext } from '../net/context.js';
import { NetError } from '../net/errors.js';
import type { HttpEvidence } from '../model/http.js';
import { originProbes, randomAttackerDomain, registrableDomainOf } from './cors-origins.js';
import type { Probe, ProbeContext } from './probe.js';

export const PREFLIGHT_METHOD = 'PUT';
export const PREFLIGHT_HEADERS = ['authorization', 'content-type'];
/** Response bodies are irrelevant to CORS: keep only a little. */
const BODY_LIMIT = 2048;
const KEPT_HEADERS = /^(access-control-|vary$|location$|content-type$)/i;
const MAX_KEPT_HEADERS = 64;
const MAX_VALUE_BYTES = 4096;

export interface CorsProbeOptions {
  /** Fixed attacker domain (tests); default: random per scan. */
  attackerDomain?: string;
  /** Wall-clock limit for the whole probe; requests not started by then are skipped. Default min(30 s, 3 × request timeout). */
  maxTotalMs?: number;
  /** URL to probe instead of the target's (the focused tool passes the user's URL). */
  url?: string;
  /** Requests in flight at once (the scan budget may allow fewer). Default 4. */
  concurrency?: number;
}

export async function probeCors(net: NetContext, url: string, options: CorsProbeOptions = {}, signal?: AbortSignal): Promise<Probed<CorsEvidence>> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return unavailable(`not a URL: ${url}`, 'BAD_URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return unavailable(`CORS applies to http(s) URLs, not ${parsed.protocol}`, 'BAD_URL');
  parsed.hash = '';
  const target = parsed.href;
  const attackerDomain = options.attackerDomain ?? randomAttackerDomain();
  const deadline = performance.now() + (options.maxTotalMs ?? Math.min(30_000, 3 * net.timeoutMs));
  let skipped = 0;
  let answered = 0;
  let timeoutsInARow = 0;
  const concurrency = options.concurrency ?? 4;

  const send = async (method: string, headers: RawHeader[]): Promise<CorsExchange> => {
    const request = { method, url: target, headers };
    const left = deadline - performance.now();
    if (signal?.aborted || left <= 50) {
      skipped++;
      return { request, error: { code: signal?.aborted ? 'ABORTED' : 'PROBE_TIME_LIMIT', message: 'not sent: the CORS probe ran out of time' } };
    }
    // A server that has answered nothing and let a full wave of requests time out is stalling:
    // waiting out every remaining probe would only multiply the timeout.
    if (answered === 0 && timeoutsInARow >= concurrency) {
      skipped++;
      return { request, error: { code: 'TARGET_STALLED', message: `not sent: the first ${timeoutsInARow} CORS requests all timed out` } };
    }
    try {
      const exchange = await net.http.request({ url: target, method, headers, bodyLimit: BODY_LIMIT, timeoutMs: Math.min(net.timeoutMs, Math.ceil(left)) });
      answered++;
      timeoutsInARow = 0;
      const kept = exchange.headers.filter(([n]) => KEPT_HEADERS.test(n)).slice(0, MAX_KEPT_HEADERS)
        .map(([n, v]): RawHeader => [n, v.length > MAX_VALUE_BYTES ? v.slice(0, MAX_VALUE_BYTES) : v]);
      return { request, response: { status: exchange.status, headers: kept, totalHeaders: exchange.headers.length, durationMs: Math.round(exchange.durationMs) } };
    } catch (error) {
      const e = error instanceof NetError ? error : new NetError('NETWORK_ERROR', (error as Error).message ?? String(error));
      timeoutsInARow = e.code === 'TIMEOUT' || e.code === 'CONNECT_TIMEOUT' ? timeoutsInARow + 1 : 0;
      return { request, error: { code: e.code, message: e.message } };
    }
  };

  const origins = originProbes(target, attackerDomain);
  // Our own small queue (not just the scan budget's) so the time limit is checked when a request
  // actually starts, not when it was queued.
  const tasks: (() => Promise<void>)[] = [];
  const slot = <T>(fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve) => tasks.push(async () => resolve(await fn())));
  const baselinePromise = slot(() => send('GET', []));
  const probes: Promise<CorsProbeResult>[] = origins.map(async (o) => {
    const [get, preflight] = await Promise.all([
      slot(() => send('GET', [['Origin', o.origin]])),
      slot(() =>
        send('OPTIONS', [
          ['Origin', o.origin],
          ['Access-Control-Request-Method', PREFLIGHT_METHOD],
          ['Access-Control-Request-Headers', PREFLIGHT_HEADERS.join(',')],
        ]),
      ),
    ]);
    return { kind: o.kind, label: o.label, origin: o.origin, get, preflight };
  });
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const [baseline, results] = await Promise.all([baselinePromise, Promise.all(probes)]);
  const all = [baseline, ...results.flatMap((r) => [r.get, r.preflight])];
  if (all.every((x) => !x.response)) {
    const first = all.find((x) => x.error)?.error;
    return unavailable(`no response to any CORS probe of ${target}: ${first?.message ?? 'unknown error'}`, first?.code);
  }
  return ok({
    url: target,
    siteOrigin: parsed.origin,
    registrableDomain: registrableDomainOf(parsed.hostname.replace(/^\[|\]$/g, '')),
    attackerDomain,
    preflightAsks: { method: PREFLIGHT_METHOD, headers: PREFLIGHT_HEADERS },
    baseline,
    probes: results,
    skipped,
  });
}

/** The URL the full scan probes: where the https (else http) chain ended on the target's host, else the target URL. */
export function corsTargetUrl(ctx: Pick<ProbeContext, 'target' | 'evidence'>): string {
  const http = ctx.evidence.http as Probed<HttpEvidence> | undefined;
  if (http?.status === 'ok' && http.data.primary !== 'none') {
    const last = http.data[http.data.primary].hops.at(-1);
    if (last && new URL(last.url).hostname === ctx.target.host) return last.url;
  }
  return ctx.target.url;
}

export function createCorsProbe(options: CorsProbeOptions = {}): Probe {
  return {
    key: 'cors',
    label: 'CORS origins and preflights',
    dependsOn: ['http'],
    run: async (ctx) => {
      // When the HTTP probe got no answer at all, two dozen CORS requests would only wait out the same failure.
      const http = ctx.evidence.http as Probed<HttpEvidence> | undefined;
      if (!options.url && http?.status === 'unavailable') return unavailable(`not probed: the target gave no HTTP response (${http.reason})`, http.code ?? 'NO_HTTP');
      const blocked = options.url || http?.status !== 'ok' ? undefined : (await import('./protection.js')).protectedReason(http.data, 'not probed', { evenLogin: true, brief: true });
      if (blocked) return unavailable(blocked, 'PROTECTED');
      // In a scan, as many requests in flight as the budget lets run (more on HTTP/2); alone, four.
      const concurrency = options.concurrency ?? Math.max(4, ctx.net.budget.maxConcurrent ?? 4);
      return probeCors(ctx.net, options.url ?? corsTargetUrl(ctx), { ...options, concurrency }, ctx.signal);
    },
  };
}

export const corsProbe: Probe = createCorsProbe();
