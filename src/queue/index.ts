export type { JobQueue } from './queue.js';
export { QueueFullError } from './queue.js';
export { InProcessQueue } from './in-process.js';
export { PgBossQueue, SCAN_QUEUE } from './pg-boss.js';
export { ScanRunner, type ScanFn, type RunnerOptions } from './runner.js';
export { ProgressHub } from './progress-hub.js';
