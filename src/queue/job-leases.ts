/**
 * Dead workers (issue 25): a worker holds a lease row for every scan job it works and beats it every
 * few seconds, whatever the scan is doing. Every worker sweeps for jobs pg-boss still counts as
 * active but whose lease has not been beaten for STALE_MS (the worker was SIGKILLed, lost its host,
 * or the database lost the answer to its fetch): such a job is failed through pg-boss, so its retry
 * runs within seconds instead of after the 300 s job expiry, and its scan row goes back to "queued"
 * (a dead worker's scan is never shown as running). pg-boss's expiry stays as the last resort.
 *
 * Times come from the database clock, so workers on machines whose clocks disagree judge alike.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { DbHealth } from '../store/db-health.js';

export const HEARTBEAT_MS = 4_000;
/** Without a beat for this long, a job's worker is taken for dead. Several missed beats, not one slow one. */
export const STALE_MS = 15_000;
export const SWEEP_MS = 5_000;

/** The database's clock in epoch ms, as SQL. */
const DB_NOW_MS = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** Key of the transaction lock that lets one sweeper at a time act (two would fail a job twice). */
const SWEEP_LOCK = sql`pg_try_advisory_xact_lock(${0x5c0f1a}, ${0x5eeb})`;

export interface AbandonedJob {
  jobId: string;
  scanId: string;
  /** True when the job had no retry left: its scan is marked failed instead. */
  final: boolean;
}

export interface JobLeasesOptions {
  db: Kysely<Database>;
  /** pg-boss schema (its job table is read to find active jobs). */
  schema: string;
  queue: string;
  health?: DbHealth;
  /** Fails the given jobs through pg-boss (so its retry policy applies). */
  failJobs: (ids: string[], reason: string) => Promise<void>;
  log: (line: string) => void;
}

export class JobLeases {
  /** A name for this process in the lease rows (for an operator reading the table). */
  readonly worker = `${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly held = new Map<string, string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(private readonly options: JobLeasesOptions) {}

  start(): void {
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.sweeper = setInterval(() => void this.sweepQuietly(), SWEEP_MS);
  }

  stop(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.sweeper);
  }

  /** Called as a job starts: from now on this process vouches for it. */
  async take(jobId: string, scanId: string): Promise<void> {
    this.held.set(jobId, scanId);
    const write = () =>
      this.options.db
        .insertInto('job_leases')
        .values({ job_id: jobId, scan_id: scanId, worker: this.worker, heartbeat_at: DB_NOW_MS })
        .onConflict((oc) => oc.column('job_id').doUpdateSet({ worker: this.worker, heartbeat_at: DB_NOW_MS }))
        .execute();
    await (this.options.health ? this.options.health.retry(write) : write());
  }

  /**
   * Called as a job's handler ends, whatever the outcome: the beats stop. The row stays until a sweep
   * deletes it as stale, so the moment between this and pg-boss recording the job complete is covered.
   */
  release(jobId: string): void {
    this.held.delete(jobId);
  }

  private async beat(): Promise<void> {
    if (!this.held.size) return;
    try {
      await this.options.db.updateTable('job_leases').set({ heartbeat_at: DB_NOW_MS }).where('job_id', 'in', [...this.held.keys()]).execute();
    } catch (error) {
      // The database is away: the beat resumes when it is back, and sweepers wait before judging (see sweep).
      if (!this.options.health?.report(error)) this.options.log(`heartbeat: ${String((error as Error).message ?? error)}`);
    }
  }

  private async sweepQuietly(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.sweep();
    } catch (error) {
      if (!this.options.health?.report(error)) this.options.log(`sweep for abandoned scans: ${String((error as Error).message ?? error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * Find and retry the jobs of dead workers; returns what it did. Skipped until this process has
   * seen the database for STALE_MS without a break: beats missed while the database was away say
   * nothing about the workers.
   */
  async sweep(): Promise<AbandonedJob[]> {
    if (this.options.health && this.options.health.upFor() < STALE_MS) return [];
    const { db, schema, queue } = this.options;
    return db.transaction().execute(async (trx) => {
      const lock = await sql<{ ok: boolean }>`SELECT ${SWEEP_LOCK} AS ok`.execute(trx);
      if (!lock.rows[0]?.ok) return [];
      const staleBefore = sql<number>`${DB_NOW_MS} - ${STALE_MS}`;
      const { rows } = await sql<{ id: string; scan_id: string | null; final: boolean }>`
        SELECT j.id::text AS id, j.data->>'scanId' AS scan_id, j.retry_count >= j.retry_limit AS final
        FROM ${sql.table(`${schema}.job`)} j
        WHERE j.name = ${queue} AND j.state = 'active'
          AND j.started_on < clock_timestamp() - make_interval(secs => ${STALE_MS / 1000})
          AND NOT EXISTS (SELECT 1 FROM job_leases l WHERE l.job_id = j.id::text AND l.heartbeat_at > ${staleBefore})`.execute(trx);
      // Leases nobody beats any more: their job has been dealt with (finished, or failed just now).
      await trx.deleteFrom('job_leases').where('heartbeat_at', '<', staleBefore).execute();
      if (!rows.length) return [];
      await this.options.failJobs(rows.map((r) => r.id), `its worker stopped (no heartbeat for ${STALE_MS / 1000} s)`);
      const abandoned: AbandonedJob[] = [];
      for (const r of rows) {
        if (!r.scan_id) continue;
        abandoned.push({ jobId: r.id, scanId: r.scan_id, final: r.final });
        if (r.final) {
          await trx
            .updateTable('scans')
            .set({ status: 'failed', error: 'its scan was interrupted three times (the worker running it stopped: crashed, killed, or cut off); not retried again', finished_at: Date.now() })
            .where('id', '=', r.scan_id)
            .where('status', 'in', ['queued', 'running'])
            .execute();
        } else {
          await trx.updateTable('scans').set({ status: 'queued', started_at: null, progress: '[]' }).where('id', '=', r.scan_id).where('status', '=', 'running').execute();
        }
        this.options.log(`scan ${r.scan_id} was left by a worker that stopped; ${r.final ? 'no retry left: marked failed' : 'queued again'} (job ${r.id})`);
      }
      return abandoned;
    });
  }
}
