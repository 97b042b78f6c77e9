import type { HttpExchange, RawHeader } from '../model/http.js';
import type { ConnectGate } from './connect-gate.js';
import type { ConnectRace } from '../model/ipv6.js';

/**
 * Everything a probe may use to reach the network, for one scan. Probes never open sockets
 * themselves: they go through this context, which applies the target policy, the pinned name
 * resolution, the request budget and the time caps.
 */
export interface NetContext {
  /**
   * Resolve a host name once for the whole scan (honouring `--resolve` pins), check every address
   * against the target policy, and return the pinned address. IP literals are checked as they are.
   * Throws TargetRefusedError (code TARGET_REFUSED) before any connection is made.
   */
  resolveHost(host: string, port?: number): Promise<string>;
  /** Every address of host the policy allows, in connection order (IPv6 first); opens no socket. */
  addressesOf?(host: string, port?: number): Promise<string[]>;
  /** The Happy Eyeballs race that chose the scanned host's address, once its first connection ran. */
  connectRace?(host: string): ConnectRace | undefined;
  /**
   * An HTTP client that reaches `host` only at `address` (one of the host's own, policy-checked
   * addresses): to see the site over the family the scan did not settle on. Closed with the scan.
   */
  httpVia?(host: string, address: string): HttpClient;
  /** The HTTP client: one request, no redirects followed, raw headers kept, body capped. */
  http: HttpClient;
  /** Extra trusted roots (PEM text) from `--ca`, added to Node's root store. */
  ca: string[];
  /** Per-request time cap in milliseconds. */
  timeoutMs: number;
  /** Counts requests and caps concurrent connections to the target for the whole scan. */
  budget: RequestBudget;
  /**
   * Call right before opening a socket to the target with something other than `http` (the TLS
   * probe's raw hellos and handshakes): re-checks the policy and records the attempt. Throws
   * TargetRefusedError.
   */
  gate: ConnectGate;
}

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: RawHeader[];
  body?: string;
  /** Bytes of body to keep; the rest is discarded and the connection closed. */
  bodyLimit?: number;
  timeoutMs?: number;
  /** Cancels the request; the signal's reason (a NetError) becomes the request's error. */
  signal?: AbortSignal;
}

export interface HttpClient {
  /** Resolves with the exchange, or rejects with NetError (TARGET_REFUSED, TIMEOUT, BUDGET_EXHAUSTED, …). */
  request(req: HttpRequest): Promise<HttpExchange>;
}

/**
 * What a task holds while it runs: a socket of its own for an HTTP request, a stream on a shared
 * HTTP/2 connection, or a socket of its own for a TLS probe hello or handshake (no HTTP request: it
 * counts against the scan's handshake cap, not its request cap).
 */
export type SlotKind = 'connection' | 'stream' | 'handshake';

export interface RequestBudget {
  /** Requests left in this scan. */
  readonly remaining: number;
  readonly used: number;
  /** Connections to the target open at once, at most (probes size their own parallelism from it). */
  readonly maxConcurrent?: number;
  /** Run `fn` holding one of the scan's slots (a connection by default); throws BUDGET_EXHAUSTED when its cap is spent. */
  run<T>(fn: () => Promise<T>, kind?: SlotKind): Promise<T>;
}
