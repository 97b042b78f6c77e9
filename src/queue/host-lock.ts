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

  constructor(connectionString: string, maxHeld: number) {
    // One connection per lock held, plus one to try a lock while all others are held.
    this.pool = new pg.Pool({ connectionString, max: maxHeld + 1 });
    this.pool.on('error', () => undefined);
  }

  /** The lease if no other session holds this host, else null (the caller tries again later). */
  async tryAcquire(host: string): Promise<HostLease | null> {
    const client = await this.pool.connect();
    let held = false;
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_SPACE, host.toLowerCase()]);
      held = rows[0]?.ok === true;
    } catch (error) {
      client.release(true);
      throw error;
    }
    if (!held) {
      client.release();
      return null;
    }
    return {
      release: async () => {
        try {
          await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, host.toLowerCase()]);
          client.release();
        } catch {
          // Closing the session releases its locks whatever state it is in.
          client.release(true);
        }
      },
    };
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
