/**
 * Polite fetching of many small paths on one origin, shared by the exposure and WordPress probes:
 * no redirects followed, a few KiB read, every request counted against the scan's budget and holding
 * one of its slots (the HTTP client charges it): the budget, not this file, bounds what runs at once.
 * Failures are recorded, not thrown.
 */
import { randomUUID } from 'node:crypto';
import { getDomain } from 'tldts';
import type { ExposureFailure, ExposureResponse, PathShape } from '../model/exposure.js';
import { PATH_SHAPES, shapeOf } from '../model/exposure.js';
import type { RawHeader } from '../model/http.js';
import type { NetContext } from '../net/context.js';
import { NetError } from '../net/errors.js';
import { classifyAnswer } from './protection.js';

/** Requests this file queues at once; the scan budget decides how many of them actually run. */
export const PATH_CONCURRENCY = 16;
/** Stalls (timeouts, bodies cut for slowness) in a row after which the rest of the paths are skipped. */
export const MAX_STALLS_IN_A_ROW = 3;

export interface PathTask {
  probe: string;
  path: string;
  method?: string;
  headers?: RawHeader[];
  bodyLimit: number;
}

export interface PathResults {
  responses: ExposureResponse[];
  failures: ExposureFailure[];
  requests: number;
}

/** Which baseline a path is compared with. */

/** One random path per shape: these should all be "not found" on a well-behaved server. */
export function baselineTasks(bodyLimit: number): PathTask[] {
  const make: Record<PathShape, (id: string) => string> = {
    file: (id) => `/${id}`,
    php: (id) => `/${id}.php`,
    dotfile: (id) => `/.${id}`,
    dir: (id) => `/${id}/`,
  };
  return PATH_SHAPES.map((shape) => ({ probe: 'baseline', path: make[shape](randomUUID()), bodyLimit }));
}

/**
 * The not-found baselines of one origin, fetched once per scan however many probes ask (exposure and
 * WordPress start together and both compare with them). `first` tells the caller it sent them.
 */
const baselineCache = new WeakMap<NetContext, Map<string, Promise<PathResults>>>();
export async function siteBaselines(net: NetContext, origin: string, bodyLimit: number, signal?: AbortSignal): Promise<PathResults & { first: boolean }> {
  let perOrigin = baselineCache.get(net);
  if (!perOrigin) baselineCache.set(net, (perOrigin = new Map()));
  const pending = perOrigin.get(origin);
  if (pending) return { ...(await pending), first: false };
  const started = fetchPaths(net, origin, baselineTasks(bodyLimit), signal);
  perOrigin.set(origin, started);
  return { ...(await started), first: true };
}

export async function fetchPaths(net: NetContext, origin: string, tasks: readonly PathTask[], signal?: AbortSignal): Promise<PathResults> {
  const results: PathResults = { responses: [], failures: [], requests: 0 };
  const slots: (ExposureResponse | undefined)[] = new Array(tasks.length);
  let next = 0;
  let stopped: NetError | undefined;
  let stallsInARow = 0;
  // A server that stalls every answer would make each path cost the full time limit: stop early, say why.
  const noteStall = (stalled: boolean) => {
    stallsInARow = stalled ? stallsInARow + 1 : 0;
    if (stallsInARow >= MAX_STALLS_IN_A_ROW && !stopped) {
      stopped = new NetError('TARGET_TOO_SLOW', `the server stalled on ${stallsInARow} requests in a row (no answer or a body that never finished within the time limit)`);
    }
  };

  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index]!;
      if (stopped || signal?.aborted) {
        results.failures.push({
          probe: task.probe,
          path: task.path,
          code: stopped?.code ?? 'ABORTED',
          message: stopped ? `not requested: ${stopped.message}` : 'the scan was cancelled',
        });
        continue;
      }
      const url = new URL(task.path, origin).href;
      try {
        results.requests++;
        const exchange = await net.http.request({
          url,
          method: task.method ?? 'GET',
          headers: task.headers ?? [],
          bodyLimit: task.bodyLimit,
        });
        // A protection layer's answer for a path is not the site's: recorded as such for the checks.
        const protection = classifyAnswer(exchange);
        slots[index] = {
          probe: task.probe,
          path: task.path,
          url,
          method: exchange.method,
          shape: shapeOf(task.path),
          sent: task.headers ?? [],
          status: exchange.status,
          headers: exchange.headers,
          body: exchange.body,
          bodyBytes: exchange.bodyBytes,
          bodyTruncated: exchange.bodyTruncated,
          ...(protection ? { protection } : {}),
        };
        noteStall(exchange.truncatedBy === 'stalled');
      } catch (error) {
        const code = error instanceof NetError ? error.code : 'NETWORK_ERROR';
        noteStall(code === 'TIMEOUT' || code === 'CONNECT_TIMEOUT');
        // Budget and policy refusals stop the rest: asking again would only fail the same way.
        if (error instanceof NetError && (code === 'BUDGET_EXHAUSTED' || code === 'TARGET_REFUSED')) {
          stopped = error;
          results.requests--;
        }
        results.failures.push({ probe: task.probe, path: task.path, code, message: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PATH_CONCURRENCY, tasks.length) }, worker));
  results.responses = slots.filter((r): r is ExposureResponse => r !== undefined);
  return results;
}

/**
 * The origin a site's probes go to: where its main page finally landed, when that is still the same
 * site (same registrable domain, or the same host for IP addresses); otherwise the target itself, so
 * a redirect to a third party (a login provider, a parked-domain service) never aims our probe list
 * at someone else's server.
 */
export function siteOrigin(finalUrl: string | undefined, targetUrl: string): string {
  const target = new URL(targetUrl);
  if (!finalUrl) return target.origin;
  try {
    const final = new URL(finalUrl);
    return sameSite(final.hostname, target.hostname) ? final.origin : target.origin;
  } catch {
    return target.origin;
  }
}

function sameSite(a: string, b: string): boolean {
  const hostA = a.replace(/^\[|\]$/g, '').toLowerCase();
  const hostB = b.replace(/^\[|\]$/g, '').toLowerCase();
  if (hostA === hostB) return true;
  const domainA = getDomain(hostA, { allowPrivateDomains: true });
  return domainA !== null && domainA === getDomain(hostB, { allowPrivateDomains: true });
}
