/**
 * Cluster-wide politeness: at most one running scan per target host across every worker sharing the
 * database. A worker holds a PostgreSQL session-level advisory lock keyed by the host for the whole
 * scan, on a connection of its own. The lock dies with the session, so a SIGKILLed worker (or a lost
 * network link, once PostgreSQL notices) can never leave a host locked for good.
 */
import pg from 'pg';

/** First half of the two-key advisory lock, so our locks cannot collide with anyone else's in the database. */
const LOCK_SPACE = 0x5c0f1a;

export interface HostLease {
  release(): Promise<void>;
}

export class HostLocks {
  private readonly pool: pg.Pool;

  /** `onError`: a lock's session died (a database restart, pg_terminate_backend); the lock went with it. */
  constructor(connectionString: string, maxHeld: number, private readonly onError: (error: unknown) => void = () => undefined) {
    // One connection per lock held, plus one to try a lock while all others are held.
    this.pool = new pg.Pool({ connectionString, max: maxHeld + 1, connectionTimeoutMillis: 10_000, keepAlive: true });
    this.pool.on('error', (error) => this.onError(error));
  }

  /** The lease if no other session holds this host, else null (the caller tries again later). */
  async tryAcquire(host: string): Promise<HostLease | null> {
    const client = await this.pool.connect();
    // The pool listens for errors only on idle connections; this one is held for a whole scan, and a
    // session killed under it would otherwise be an unhandled 'error' event that ends the process.
    const onClientError = (error: unknown) => this.onError(error);
    client.on('error', onClientError);
    let held = false;
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_SPACE, host.toLowerCase()]);
      held = rows[0]?.ok === true;
    } catch (error) {
      client.off('error', onClientError);
      client.release(true);
      throw error;
    }
    if (!held) {
      client.off('error', onClientError);
      client.release();
      return null;
    }
    return {
      release: async () => {
        try {
          await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, host.toLowerCase()]);
          client.off('error', onClientError);
          client.release();
        } catch {
          // Closing the session releases its locks whatever state it is in (a dead one has none left).
          client.off('error', onClientError);
          client.release(true);
        }
      },
    };
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
