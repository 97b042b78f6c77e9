/**
 * The distributed queue: pg-boss on the same PostgreSQL database. Web nodes only send; `scorifya
 * worker` processes (and `serve` unless told not to) work jobs. A worker that dies mid-scan loses
 * nothing: pg-boss expires the job and hands it to another worker, which re-runs the scan.
 */
import PgBoss from 'pg-boss';
import type { JobQueue } from './queue.js';
import type { ScanRunner } from './runner.js';

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
}

/** The queue's job expiry when a sender does not set one. */
export const DEFAULT_JOB_EXPIRY_SECONDS = 300;

export class PgBossQueue implements JobQueue {
  private readonly boss: PgBoss;
  private started = false;

  constructor(private readonly options: PgBossQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema ?? 'pgboss',
      ...(options.maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
    });
    this.boss.on('error', (error) => options.onError?.(error));
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    await this.boss.createQueue(SCAN_QUEUE, { name: SCAN_QUEUE, retryLimit: 2, retryDelay: 5, expireInSeconds: DEFAULT_JOB_EXPIRY_SECONDS });
    const runner = this.options.runner;
    if (!runner) return;
    // pg-boss 10 has no per-worker concurrency; one polling worker per slot gives the same bound.
    for (let i = 0; i < this.options.concurrency; i++) {
      await this.boss.work<{ scanId: string }>(SCAN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        if (job) await runner.run(job.data.scanId);
      });
    }
  }

  async enqueue(scanId: string): Promise<void> {
    if (!this.started) throw new Error('queue not started');
    // Set per job: the queue row is created once per database, so its expiry cannot be changed per node.
    const expiry = this.options.jobExpirySeconds;
    await this.boss.send(SCAN_QUEUE, { scanId }, expiry !== undefined ? { expireInSeconds: expiry } : {});
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}
