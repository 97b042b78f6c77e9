/**
 * The distributed queue: pg-boss on the same PostgreSQL database. Web nodes only send; `scorifya
 * worker` processes (and `serve` unless told not to) work jobs. A worker that dies mid-scan loses
 * nothing: pg-boss expires the job and hands it to another worker, which re-runs the scan.
 */
import { randomBytes } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { JobQueue } from './queue.js';
import type { ScanRunner } from './runner.js';
import { HostLocks } from './host-lock.js';
import type { Kysely } from 'kysely';
import type { DbHealth } from '../store/db-health.js';
import type { Database } from '../store/schema.js';
import { JobLeases } from './job-leases.js';

export const SCAN_QUEUE = 'scorifya-scan';

export interface PgBossQueueOptions {
  connectionString: string;
  /** When given, this process works jobs with this runner. */
  runner?: ScanRunner;
  concurrency: number;
  onError?: (error: unknown) => void;
  /** pg-boss schema holding the queue tables; separate installations on one database use separate schemas. */
  schema?: string;
  /**
   * Seconds a job may stay active before it counts as abandoned (its worker died) and is retried.
   * Applied to each job this node sends; default: the queue's own setting (300 s). Keep it above the
   * runner's scan time cap (maxScanMs, 120 s by default), or a slow but healthy scan is run twice.
   */
  jobExpirySeconds?: number;
  /**
   * How often this node sweeps for abandoned jobs, in seconds (pg-boss maintenance, which expires
   * them; one node in the database does it per interval). Default: pg-boss's 120 s.
   */
  maintenanceIntervalSeconds?: number;
  /**
   * Jobs that name their host (batch jobs and the web app's) run only while
   * no other worker scans that host (an advisory lock; see host-lock.ts); a job whose host is busy is
   * put back for a few seconds.
   * Default: on.
   */
  hostPoliteness?: boolean;
  /**
   * The process's database health (store/db-health.ts). pg-boss's connection errors (its polling
   * fails every half second while the database is away) go there, logged once, instead of to onError.
   */
  health?: DbHealth;
  /**
   * The app database (PostgreSQL). With a runner, this node beats a lease for every job it works and
   * sweeps for jobs of dead workers, retrying them within a minute (job-leases.ts).
   */
  db?: Kysely<Database>;
  /** One-line notices (a dead worker's scan queued again); default stderr. */
  log?: (line: string) => void;
}

/** A scan job. `host` opts the job into cluster-wide politeness; `deferrals` counts put-backs. */
export interface ScanJobData {
  scanId: string;
  host?: string;
  deferrals?: number;
  /** The sender's job expiry, kept so a put-back job expires like the original. */
  expireInSeconds?: number;
}

/** Seconds a job whose host is busy waits before it is offered again: doubles with each put-back, capped. */
export const deferralSeconds = (deferrals: number): number => Math.min(30, 2 ** Math.min(deferrals, 5)) + Math.random();

/** The queue's job expiry when a sender does not set one. */
export const DEFAULT_JOB_EXPIRY_SECONDS = 300;

/**
 * `count` UUIDs (version 7 layout: milliseconds first) that sort in the order given: the 12-bit
 * sequence field and the random tail carry the index, so order holds for any count.
 */
export function orderedJobIds(count: number): string[] {
  const ms = Date.now().toString(16).padStart(12, '0');
  return Array.from({ length: count }, (_, i) => {
    const seq = (Math.floor(i / 0x1000000) & 0xfff).toString(16).padStart(3, '0');
    const low = (i & 0xffffff).toString(16).padStart(6, '0');
    const tail = randomBytes(5).toString('hex').slice(0, 9);
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7${seq}-8${low.slice(0, 3)}-${low.slice(3)}${tail}`;
  });
}

export class PgBossQueue implements JobQueue {
  private readonly boss: PgBoss;
  private started = false;
  private hostLocks: HostLocks | undefined;
  private leases: JobLeases | undefined;

  constructor(private readonly options: PgBossQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema ?? 'pgboss',
      ...(options.maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
    });
    // pg-boss passes on its pool's errors here; with no listener they would end the process.
    this.boss.on('error', (error) => {
      if (!options.health?.report(error)) options.onError?.(error);
    });
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    await this.boss.createQueue(SCAN_QUEUE, { name: SCAN_QUEUE, retryLimit: 2, retryDelay: 5, expireInSeconds: DEFAULT_JOB_EXPIRY_SECONDS });
    const runner = this.options.runner;
    if (!runner) return;
    // pg-boss 10 has no per-worker concurrency; one polling worker per slot gives the same bound.
    if (this.options.hostPoliteness !== false) this.hostLocks = new HostLocks(this.options.connectionString, this.options.concurrency, (e) => void this.options.health?.report(e));
    if (this.options.db) {
      const schema = this.options.schema ?? 'pgboss';
      this.leases = new JobLeases({
        db: this.options.db,
        schema,
        queue: SCAN_QUEUE,
        ...(this.options.health ? { health: this.options.health } : {}),
        failJobs: async (ids, reason) => {
          for (const id of ids) await this.boss.fail(SCAN_QUEUE, id, { message: reason });
        },
        log: this.options.log ?? ((line) => void process.stderr.write(`scorifya: ${line}\n`)),
      });
      this.leases.start();
    }
    for (let i = 0; i < this.options.concurrency; i++) {
      await this.boss.work<ScanJobData>(SCAN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        if (!job) return;
        await this.leases?.take(job.id, job.data.scanId);
        try {
          await this.runJob(runner, job.data);
        } finally {
          this.leases?.release(job.id);
        }
        // pg-boss records the job complete right after this returns, without retrying: give that
        // write a database to land on (if it is lost anyway, the job expires and the retry finds the
        // scan done and skips it).
        await this.options.health?.whenUp();
      });
    }
  }

  private async runJob(runner: ScanRunner, data: ScanJobData): Promise<void> {
    if (!data.host || !this.hostLocks) return runner.run(data.scanId);
    const locks = this.hostLocks;
    const host = data.host;
    // Waits out a database restart instead of failing the job (which would spend one of its retries).
    const lease = this.options.health ? await this.options.health.retry(() => locks.tryAcquire(host)) : await locks.tryAcquire(host);
    if (!lease) {
      // Another worker is scanning this host: offer the job again later. The new job is sent before
      // this one completes, so a crash in between can only leave a duplicate, which the runner ignores
      // once the scan row is finished.
      const deferrals = (data.deferrals ?? 0) + 1;
      const expiry = data.expireInSeconds ?? this.options.jobExpirySeconds;
      const putBack = () => this.boss.send(SCAN_QUEUE, { ...data, deferrals }, { startAfter: Math.ceil(deferralSeconds(deferrals)), ...(expiry !== undefined ? { expireInSeconds: expiry } : {}) });
      await (this.options.health ? this.options.health.retry(putBack) : putBack());
      return;
    }
    try {
      await runner.run(data.scanId);
    } finally {
      await lease.release();
    }
  }

  private expiryOption(): { expireInSeconds?: number } {
    const expiry = this.options.jobExpirySeconds;
    return expiry !== undefined ? { expireInSeconds: expiry } : {};
  }

  /**
   * Queue many scans in one round trip per thousand (a batch). Each job carries its host, which
   * opts it into cluster-wide politeness.
   */
  async enqueueMany(jobs: { scanId: string; host: string }[]): Promise<void> {
    if (!this.started) throw new Error('queue not started');
    // pg-boss hands out jobs by created_on, then id; one insert shares one created_on, so ids that
    // sort in list order keep the caller's order (batch interleaves hosts on purpose).
    const ids = orderedJobIds(jobs.length);
    for (let i = 0; i < jobs.length; i += 1000) {
      await this.boss.insert(
        jobs.slice(i, i + 1000).map((j, k) => {
          const data: ScanJobData = { scanId: j.scanId, host: j.host, ...this.expiryOption() };
          return { id: ids[i + k]!, name: SCAN_QUEUE, data, ...this.expiryOption() };
        }),
      );
    }
  }

  async enqueue(scanId: string, host?: string): Promise<void> {
    if (!this.started) throw new Error('queue not started');
    // Set per job: the queue row is created once per database, so its expiry cannot be changed per node.
    const expiry = this.options.jobExpirySeconds;
    await this.boss.send(SCAN_QUEUE, { scanId, ...(host ? { host } : {}) }, expiry !== undefined ? { expireInSeconds: expiry } : {});
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.leases?.stop();
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    await this.hostLocks?.close();
  }
}
