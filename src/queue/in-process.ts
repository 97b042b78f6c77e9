/**
 * The embedded queue: jobs live in memory and run in this process, at most `concurrency` at once,
 * with a bounded backlog. Jobs that a previous process left queued or running are re-queued at start,
 * because their rows are in the database.
 */
import type { ScanStore } from '../store/scan-store.js';
import { QueueFullError, type JobQueue } from './queue.js';
import type { ScanRunner } from './runner.js';

export interface InProcessQueueOptions {
  runner: ScanRunner;
  store: ScanStore;
  concurrency: number;
  maxQueued: number;
  onError?: (scanId: string, error: unknown) => void;
}

export class InProcessQueue implements JobQueue {
  private readonly waiting: string[] = [];
  private running = 0;
  private stopped = false;
  private readonly active = new Set<Promise<void>>();

  constructor(private readonly options: InProcessQueueOptions) {}

  get backlog(): number {
    return this.waiting.length;
  }

  get inFlight(): number {
    return this.running;
  }

  async enqueue(scanId: string): Promise<void> {
    if (this.waiting.length >= this.options.maxQueued) throw new QueueFullError(this.options.maxQueued);
    this.waiting.push(scanId);
    this.pump();
  }

  async start(): Promise<void> {
    const { db } = this.options.store;
    const leftovers = await db.selectFrom('scans').select('id').where('status', 'in', ['queued', 'running']).orderBy('created_at').execute();
    for (const { id } of leftovers) this.waiting.push(id);
    this.pump();
  }

  /** Stop taking jobs and wait for the running ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.active]);
  }

  /** Resolves once nothing is waiting or running (tests and benchmarks use it). */
  async idle(): Promise<void> {
    while (this.running > 0 || this.waiting.length > 0) await Promise.allSettled([...this.active]);
  }

  private pump(): void {
    while (!this.stopped && this.running < this.options.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      this.running++;
      const job = this.options.runner
        .run(id)
        .catch((error) => this.options.onError?.(id, error))
        .finally(() => {
          this.running--;
          this.active.delete(job);
          this.pump();
        });
      this.active.add(job);
    }
  }
}
