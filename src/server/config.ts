import { DEFAULT_QUEUE_SCHEMA } from '../queue/schema-name.js';
import type { LogMode } from './log.js';

/** Everything an operator can set for `scorifya serve` / `scorifya worker`. */
export interface ServerConfig {
  /** SQLite file path (default `scorifya.db`), `:memory:`, or a `postgres://` URL. */
  db: string;
  host: string;
  port: number;
  /**
   * Engine options for every scan. They are the operator's, never a visitor's: a per-request DNS
   * server, pin or CA would let anyone aim this server's resolver and connections at internal hosts.
   * Every report records them (report.options) and the result page shows them.
   */
  allowPrivate: boolean;
  resolve: string[];
  ca: string[];
  timeoutMs?: number;
  /** DNS servers (`HOST[:PORT]`) the DNS & email records are asked of; empty: the system resolver. */
  dnsServers: string[];
  /** Path of a DNSSEC trust anchor file (DS or DNSKEY lines); default: the IANA root anchor. */
  dnssecAnchor?: string;
  /** Scans running at once in this process (the global concurrency bound). */
  concurrency: number;
  /** Scans allowed to wait; beyond this new requests get 503. */
  maxQueued: number;
  /** A scan of the same URL within this many seconds returns the earlier result. */
  cooldownSeconds: number;
  /** Scans older than this many days are deleted (0 keeps them forever). */
  retentionDays: number;
  /** Scan requests per client address per window. */
  scanRateLimit: { max: number; windowMs: number };
  /** All requests per client address per window. */
  requestRateLimit: { max: number; windowMs: number };
  /**
   * A request's headers and body must arrive within this many ms; a client that trickles its body
   * slower gets 408 and its connection closed (slowloris). 0 turns the limit off.
   */
  requestTimeoutMs: number;
  /** Bytes an event stream may leave unread in the server's buffer before the client is dropped. */
  sseMaxBufferedBytes: number;
  /** Event streams one client address may have open at once; more get 429. */
  sseMaxPerClient: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** With PostgreSQL: also work queued jobs in this process (false = web node only). */
  work: boolean;
  /** With PostgreSQL: the pg-boss schema of the job queue and the monitor's schedule (src/queue/schema-name.ts). */
  queueSchema: string;
  /** Serve HTTPS directly (PEM text). */
  tls?: { key: string; cert: string };
  /** `errors` (default): one human line per error on stderr; `requests` (or true): fastify's JSON line per request on stdout; false: silent. */
  logger: LogMode | true;
  /** Monitoring (watched sites, alerts): see src/monitor/config.ts. */
  monitor?: Partial<import('../monitor/config.js').MonitorConfig> & { dnsVerification?: boolean };
}

export const DEFAULT_CONFIG: ServerConfig = {
  db: 'scorifya.db',
  host: '127.0.0.1',
  port: 8080,
  allowPrivate: false,
  resolve: [],
  ca: [],
  dnsServers: [],
  concurrency: 2,
  maxQueued: 50,
  cooldownSeconds: 300,
  retentionDays: 30,
  scanRateLimit: { max: 10, windowMs: 60_000 },
  requestRateLimit: { max: 600, windowMs: 60_000 },
  requestTimeoutMs: 15_000,
  sseMaxBufferedBytes: 256 * 1024,
  sseMaxPerClient: 8,
  trustProxy: false,
  work: true,
  queueSchema: DEFAULT_QUEUE_SCHEMA,
  logger: 'errors',
};

export function withDefaults(partial: Partial<ServerConfig>): ServerConfig {
  return { ...DEFAULT_CONFIG, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) };
}

/** The engine options of every scan this server runs (the in-process queue's and a worker's alike). */
export function scanOptionsOf(config: Pick<ServerConfig, 'allowPrivate' | 'resolve' | 'ca' | 'timeoutMs' | 'dnsServers' | 'dnssecAnchor'>) {
  const dns = { ...(config.dnsServers.length ? { dnsServers: config.dnsServers } : {}), ...(config.dnssecAnchor ? { dnssecAnchor: config.dnssecAnchor } : {}) };
  return {
    allowPrivate: config.allowPrivate,
    resolve: config.resolve,
    ca: config.ca,
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    ...(Object.keys(dns).length ? { dns } : {}),
  };
}
