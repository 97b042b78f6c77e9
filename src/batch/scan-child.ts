/**
 * A batch scan process (`batch --processes N`): scans targets the parent sends over IPC and sends
 * back reports. Node runs JavaScript on one core per process; full scans are CPU-bound (TLS
 * enumeration), so several processes use several cores. Ctrl-C reaches the whole process group: the
 * child ignores it and lets the parent decide (it aborts scans in flight and then disconnects).
 */
import 'reflect-metadata';
import { scan, type ScanOptions } from '../engine/scan.js';
import type { Report } from '../model/report.js';

export type ToChild = { kind: 'scan'; id: number; input: string } | { kind: 'abort'; id: number };
export type FromChild = { kind: 'ready' } | { kind: 'result'; id: number; report: Report | null; error: string | null };

const options = JSON.parse(process.env.SCORIFYA_BATCH_SCAN_OPTIONS ?? '{}') as ScanOptions;
const running = new Map<number, AbortController>();
const send = (message: FromChild) => process.send?.(message);

process.on('SIGINT', () => undefined);
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ToChild) => {
  if (message.kind === 'abort') return void running.get(message.id)?.abort();
  const abort = new AbortController();
  running.set(message.id, abort);
  scan(message.input, { ...options, signal: abort.signal })
    .then(
      ({ report }) => send({ kind: 'result', id: message.id, report, error: null }),
      (error: Error) => send({ kind: 'result', id: message.id, report: null, error: error.message }),
    )
    .finally(() => running.delete(message.id));
});
send({ kind: 'ready' });
