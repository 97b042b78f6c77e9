/** What the web app needs from a job queue: put a stored scan id in line, and shut down cleanly. */
export interface JobQueue {
  /**
   * `host` (the target's) lets a queue shared by many workers keep at most one scan of a host running
   * at a time across all of them (pg-boss; the in-process queue runs in one process and ignores it).
   */
  enqueue(scanId: string, host?: string): Promise<void>;
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
