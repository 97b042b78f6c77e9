/** What the web app needs from a job queue: put a stored scan id in line, and shut down cleanly. */
export interface JobQueue {
  enqueue(scanId: string): Promise<void>;
  /** Start pulling jobs (in-process: always; pg-boss: only in workers). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class QueueFullError extends Error {
  readonly code = 'QUEUE_FULL';
  constructor(limit: number) {
    super(`${limit} scans are already waiting; try again in a minute`);
    this.name = 'QueueFullError';
  }
}
