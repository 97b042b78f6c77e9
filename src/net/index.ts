import type { NetContext } from './context.js';
import { ScanBudget } from './budget.js';
import type { RequestActivity } from './request-activity.js';
import { createHttpClient } from './http-client.js';
import { PinnedResolver, parseResolveEntry, type LookupFn, type ResolvePin } from './resolve.js';

export interface NetOptions {
  allowPrivate?: boolean;
  allowList?: string[];
  /** curl-style `HOST:PORT:ADDR` entries. */
  resolve?: string[];
  /** Extra trusted roots (PEM text). */
  ca?: string[];
  timeoutMs?: number;
  bodyLimit?: number;
  maxRequests?: number;
  maxConcurrent?: number;
  userAgent?: string;
  lookup?: LookupFn;
  /** Hears every request start and end, tagged with the probe that made it (progress display). */
  onRequestActivity?: (a: RequestActivity) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REQUESTS = 150;
export const DEFAULT_MAX_CONCURRENT = 4;

/**
 * A batch passes the same `resolve` list to thousands of scans; parsing it once per list (not per
 * scan) keeps a 1,000-name pin list from costing a million parses.
 */
const pinCache = new WeakMap<readonly string[], ResolvePin[]>();
function parsedPins(resolve: readonly string[]): ResolvePin[] {
  let pins = pinCache.get(resolve);
  if (!pins) {
    pins = resolve.map(parseResolveEntry);
    pinCache.set(resolve, pins);
  }
  return pins;
}

/** Build the one network context of a scan. `close()` releases its connections. */
export function createNetContext(options: NetOptions = {}): NetContext & { resolver: PinnedResolver; close(): Promise<void> } {
  const resolver = new PinnedResolver({
    allowPrivate: options.allowPrivate ?? false,
    allowList: options.allowList ?? [],
    pins: parsedPins(options.resolve ?? []),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  const budget = new ScanBudget(options.maxRequests ?? DEFAULT_MAX_REQUESTS, options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT, options.onRequestActivity);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const http = createHttpClient({
    resolver,
    budget,
    ca: options.ca ?? [],
    timeoutMs,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  });
  return {
    resolver,
    resolveHost: (host, port) => resolver.resolve(host, port),
    http,
    ca: options.ca ?? [],
    timeoutMs,
    budget,
    close: () => http.close(),
  };
}

export { NetError, TargetRefusedError } from './errors.js';
export type { NetContext, HttpClient, HttpRequest } from './context.js';
