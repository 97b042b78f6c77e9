/**
 * Whether this process can reach its PostgreSQL database right now, and what to do while it cannot.
 * A database restart or a killed session (pg_terminate_backend) must not end a process: the pools
 * report connection errors here instead of throwing them at the event loop, the state turns
 * "degraded" with one log line, a probe reconnects with backoff, and one more line says when the
 * database is back. Writes that must not be lost (a finished scan's report) wait here for the
 * database rather than failing the scan.
 */

export type DbState = 'ok' | 'degraded';

export interface DbHealthSnapshot {
  state: DbState;
  /** Epoch ms of the last change of state (the process start for a database that never went away). */
  since: number;
  /** Why the database is unreachable, in words; present while degraded. */
  reason?: string;
}

/** SQLSTATE classes and codes meaning "the connection is gone or cannot be made", not "the query was wrong". */
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /connection error/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection/i,
  /server closed the connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /cannot use a pool after calling end/i,
];

/** True when `error` says the database went away (retry later), false for any other failure. */
export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (CONNECTION_ERRNOS.has(e.code) || CONNECTION_SQLSTATES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(e.message as string))) return true;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  if (Array.isArray(e.errors) && e.errors.some(isConnectionError)) return true;
  return e.cause !== undefined && e.cause !== error && isConnectionError(e.cause);
}

/** The first line of an error's message, without the stack or the pg Client object a raw dump would print. */
export function errorLine(error: unknown): string {
  const message = error instanceof Error || (error && typeof error === 'object' && 'message' in error) ? String((error as { message: unknown }).message) : String(error);
  const code = error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string' ? ` (${(error as { code: string }).code})` : '';
  return (message.split('\n')[0] ?? '').slice(0, 300) + code;
}

export interface DbHealthOptions {
  /** Answers when the database takes a trivial query; rejects otherwise. */
  probe: () => Promise<unknown>;
  /** One line per change of state (no trailing newline). */
  log: (line: string) => void;
  now?: () => number;
  /** Backoff of the reconnect probe: first and largest wait, ms. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export class DbHealth {
  private state: DbState = 'ok';
  private since: number;
  private reason: string | undefined;
  private probing = false;
  private closed = false;
  private readonly waiters = new Set<() => void>();
  private readonly now: () => number;

  constructor(private readonly options: DbHealthOptions) {
    this.now = options.now ?? Date.now;
    this.since = this.now();
  }

  snapshot(): DbHealthSnapshot {
    return { state: this.state, since: this.since, ...(this.reason !== undefined ? { reason: this.reason } : {}) };
  }

  get ok(): boolean {
    return this.state === 'ok';
  }

  /** Ms the database has been reachable without a break (0 while degraded). */
  upFor(): number {
    return this.state === 'ok' ? this.now() - this.since : 0;
  }

  /**
   * Feed any database error here. A connection error turns the state degraded (logged once) and
   * starts the reconnect probe; true means it was one (the caller need not log it again).
   */
  report(error: unknown): boolean {
    if (!isConnectionError(error)) return false;
    if (this.state === 'ok') {
      this.state = 'degraded';
      this.since = this.now();
      this.reason = errorLine(error);
      this.options.log(`database unreachable: ${this.reason}; reconnecting with backoff, work resumes when it is back`);
    }
    void this.probeUntilUp();
    return true;
  }

  /** Check now (the health endpoint does, so an idle node does not report a database it has not tried). */
  async check(timeoutMs = 2000): Promise<DbHealthSnapshot> {
    try {
      await Promise.race([this.options.probe(), sleep(timeoutMs).then(() => Promise.reject(Object.assign(new Error('timeout exceeded when trying to connect'), { code: 'ETIMEDOUT' })))]);
      this.markUp();
    } catch (error) {
      if (!this.report(error)) throw error;
    }
    return this.snapshot();
  }

  /** Resolves once the database is reachable (at once when it is). */
  whenUp(): Promise<void> {
    if (this.state === 'ok' || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  /**
   * Run a database operation that must happen (a scan's result, a batch poll): while it fails
   * because the database is away, wait for it to come back and try again, up to `maxWaitMs`
   * in all; any other error is thrown at once.
   */
  async retry<T>(operation: () => Promise<T>, maxWaitMs = 15 * 60_000): Promise<T> {
    const deadline = this.now() + maxWaitMs;
    for (;;) {
      try {
        return await operation();
      } catch (error) {
        if (!this.report(error) || this.closed || this.now() >= deadline) throw error;
        await Promise.race([this.whenUp(), sleep(Math.max(0, deadline - this.now()))]);
        // A pool may hand out one more broken connection right after the database returns.
        await sleep(50);
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  private markUp(): void {
    if (this.state === 'ok') return;
    const downMs = this.now() - this.since;
    this.state = 'ok';
    this.since = this.now();
    this.reason = undefined;
    this.options.log(`database reachable again after ${(downMs / 1000).toFixed(1)} s; carrying on`);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  private async probeUntilUp(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    let wait = this.options.minBackoffMs ?? 250;
    try {
      while (this.state === 'degraded' && !this.closed) {
        await sleep(wait);
        try {
          await this.options.probe();
          this.markUp();
        } catch {
          wait = Math.min(wait * 2, this.options.maxBackoffMs ?? 2000);
        }
      }
    } finally {
      this.probing = false;
    }
  }
}

/**
 * pg-boss 10 calls complete() and fail() after a job handler without awaiting them (manager.js,
 * watch()), so a database that goes away at that moment becomes an unhandled promise rejection,
 * which ends a Node process. This keeps the process up for those (one line via `health`; the job
 * stays active and is retried after it expires, and a finished scan is not run again) and leaves
 * every other unhandled rejection fatal, as it should be.
 */
export function surviveDatabaseRejections(health: DbHealth): () => void {
  const handler = (reason: unknown) => {
    if (health.report(reason)) return;
    // Not ours: behave as Node does without a handler.
    process.off('unhandledRejection', handler);
    throw reason;
  };
  // A session killed under a client that is checked out of a pool but idle between queries (Kysely's,
  // pg-boss's) reaches pg as an ErrorResponse with no query to fail, so pg emits 'error' on that client,
  // which has no listener (pools listen only on idle clients): Node throws it from the socket's data
  // handler. Only such a pg connection error is absorbed (the client is dead; its next user gets an
  // error and the health tracker's retry); anything else ends the process as it would without this.
  const onException = (error: unknown) => {
    if (fromPg(error) && health.report(error)) return;
    process.off('uncaughtException', onException);
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  };
  process.on('unhandledRejection', handler);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', handler);
    process.off('uncaughtException', onException);
  };
}

/** A pg protocol error (it carries PostgreSQL's severity) or one thrown from inside pg's client. */
function fromPg(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  if (typeof (error as { severity?: unknown }).severity === 'string') return true;
  const stack = (error as { stack?: unknown }).stack;
  return typeof stack === 'string' && /[\\/](pg|pg-protocol|pg-pool)[\\/]/.test(stack);
}
