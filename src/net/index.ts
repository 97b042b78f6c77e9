import type { NetContext } from './context.js';
import { ScanBudget } from './budget.js';
import type { RequestActivity } from './request-activity.js';
import { createHttpClient } from './http-client.js';
import { PinnedResolver, parseResolveEntry, type LookupFn, type ResolvePin } from './resolve.js';
import { createConnectGate, type ConnectAttempt } from './connect-gate.js';
import { nameServerLookup } from './name-servers.js';
import { raceConnect } from './happy-eyeballs.js';
import type { RawHeader } from '../model/http.js';

export interface NetOptions {
  allowPrivate?: boolean;
  allowList?: string[];
  /** curl-style `HOST:PORT:ADDR` entries. */
  resolve?: string[];
  /** Extra trusted roots (PEM text). */
  ca?: string[];
  timeoutMs?: number;
  bodyLimit?: number;
  /** HTTP requests in the whole scan. */
  maxRequests?: number;
  /** TLS probe hellos and handshakes in the whole scan (counted apart from requests). */
  maxHandshakes?: number;
  maxConcurrent?: number;
  /** Requests at once on one HTTP/2 connection to the target. */
  maxStreams?: number;
  userAgent?: string;
  /**
   * Headers for authenticated or staging scans (`--header`, `--cookie`): sent only on requests to
   * `siteHost` (the scanned host; none are sent when it is not given), never recorded.
   */
  siteHeaders?: RawHeader[];
  siteHost?: string;
  lookup?: LookupFn;
  /**
   * Resolve target names through these DNS servers (`HOST[:PORT]`, IP addresses) instead of the
   * system resolver. The first answer is still pinned for the whole scan.
   */
  nameServers?: string[];
  /** Told about every connection to the target before its socket opens (tests, audit logs). */
  onConnect?: (attempt: ConnectAttempt) => void;
  /** Hears every request start and end, tagged with the probe that made it (progress display). */
  onRequestActivity?: (a: RequestActivity) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REQUESTS = 150;
/**
 * TLS hellos and handshakes per scan: a full enumeration of a server that accepts about 60 suites on
 * each of four protocol versions, with room for the ranking and certificate handshakes. A modern
 * server needs 25–35; the legacy gnutls fixture (TLS 1.0–1.3 with RC4 and 3DES) 87.
 */
export const DEFAULT_MAX_HANDSHAKES = 300;
/**
 * Connections to the target open at once, HTTP and TLS probing together: as many as one browser
 * visitor may open to a host it reaches by http:// and https:// (six per host and scheme over
 * HTTP/1.1). Most of ours are the TLS probe's short hellos (connect, ClientHello, ServerHello, close).
 * See docs/speed.md.
 */
export const DEFAULT_MAX_CONCURRENT = 12;
/** HTTP connections to one origin at once: a browser's per-origin limit over HTTP/1.1. */
export const MAX_CONNECTIONS_PER_ORIGIN = 6;
/** Requests at once on one HTTP/2 connection: far below the 100 streams servers commonly allow. */
export const DEFAULT_MAX_STREAMS = 16;

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
  const policy = { allowPrivate: options.allowPrivate ?? false, allowList: options.allowList ?? [] };
  const gate = createConnectGate(policy, options.onConnect);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pins = parsedPins(options.resolve ?? []);
  const resolver = new PinnedResolver({
    ...policy,
    pins,
    ...(options.lookup ? { lookup: options.lookup } : options.nameServers?.length ? { lookup: nameServerLookup(options.nameServers, options.timeoutMs) } : {}),
    // The scanned host is reached as browsers reach it: its addresses raced (RFC 8305), the winner pinned.
    ...(options.siteHost ? { happyEyeballs: { host: options.siteHost.toLowerCase(), race: (addresses: readonly string[], port: number) => raceConnect(addresses, port, { gate, timeoutMs }) } } : {}),
  });
  const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  const budget = new ScanBudget(
    options.maxRequests ?? DEFAULT_MAX_REQUESTS,
    maxConcurrent,
    options.onRequestActivity,
    maxStreams,
    options.maxHandshakes ?? DEFAULT_MAX_HANDSHAKES,
  );
  const clientOptions = (r: PinnedResolver) => ({
    resolver: r,
    budget,
    ca: options.ca ?? [],
    timeoutMs,
    connections: Math.min(maxConcurrent, MAX_CONNECTIONS_PER_ORIGIN),
    streams: maxStreams,
    gate,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.siteHeaders?.length && options.siteHost ? { site: { host: options.siteHost.toLowerCase(), headers: options.siteHeaders } } : {}),
  });
  const http = createHttpClient(clientOptions(resolver));
  const extra = new Set<{ close(): Promise<void> }>();
  return {
    resolver,
    resolveHost: (host, port) => resolver.resolve(host, port),
    addressesOf: (host, port) => resolver.addresses(host, port),
    connectRace: (host) => resolver.races.get(host.toLowerCase()),
    httpVia: (host, address) => {
      // A client of its own whose only address for `host` is `address` (same policy, budget and gate).
      const client = createHttpClient(clientOptions(new PinnedResolver({ ...policy, pins: [{ host: host.toLowerCase(), port: '*', addresses: [address] }] })));
      extra.add(client);
      return client;
    },
    http,
    ca: options.ca ?? [],
    timeoutMs,
    budget,
    gate,
    close: async () => {
      resolver.dispose();
      await Promise.all([http.close(), ...[...extra].map((c) => c.close())]);
    },
  };
}

export { NetError, TargetRefusedError } from './errors.js';
export type { NetContext, HttpClient, HttpRequest } from './context.js';
export type { ConnectAttempt } from './connect-gate.js';
