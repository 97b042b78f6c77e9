/**
 * Runs one stored scan through the engine and writes the outcome back. Used by the in-process queue
 * and by pg-boss workers alike. Input and policy refusals are final (the row is marked failed); an
 * unexpected exception is rethrown so a durable queue can retry the job.
 */
import type { ScanOptions, ScanResult } from '../engine/scan.js';
import type { ProgressEvent, ScanStore } from '../store/scan-store.js';
import type { ProgressHub } from './progress-hub.js';
import { ProgressTracker } from './progress-tracker.js';

export type ScanFn = (input: string, options: ScanOptions) => Promise<ScanResult>;

export interface RunnerOptions {
  store: ScanStore;
  scan: ScanFn;
  /** Engine options every scan gets (allowPrivate, resolve pins, extra CAs, timeouts). */
  scanOptions: Omit<ScanOptions, 'onProgress' | 'probes' | 'signal'>;
  hub?: ProgressHub;
  /** A scan running longer than this is aborted and marked failed. */
  maxScanMs?: number;
  /** Probe keys for a focused tool id stored on the row (undefined: unknown tool, run everything). */
  toolProbes?: (tool: string) => string[] | undefined;
}

/** Errors that retrying cannot fix: the input or the target policy said no. */
const FINAL_ERRORS = new Set(['InputError', 'TargetRefusedError']);

export class ScanRunner {
  constructor(private readonly options: RunnerOptions) {}

  async run(scanId: string): Promise<void> {
    const { store, hub } = this.options;
    const row = await store.get(scanId);
    if (!row || row.status === 'done' || row.status === 'failed') return;
    await store.markRunning(scanId);
    hub?.notify(scanId);

    const events: ProgressEvent[] = [];
    // Progress writes are chained so they land in order and never race the final write.
    let writes = Promise.resolve();
    const tracker = new ProgressTracker((event) => {
      events.push(event);
      const snapshot = [...events];
      writes = writes.then(() => store.appendProgress(scanId, snapshot)).then(() => hub?.notify(scanId), () => undefined);
    });
    const onProgress: ScanOptions['onProgress'] = (e) => tracker.probe(e);
    // Nobody watches a batch scan probe by probe (`batch --wait` counts rows): skip its progress row writes.
    const watch: Pick<ScanOptions, 'onProgress' | 'onRequestActivity'> = row.batchId ? {} : { onProgress, onRequestActivity: (a) => tracker.activity(a) };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.options.maxScanMs ?? 120_000);
    try {
      const { report } = await this.options.scan(row.url, {
        ...this.options.scanOptions,
        ...watch,
        signal: abort.signal,
        ...(row.probes?.length
          ? { probes: row.probes }
          : row.tool && this.options.toolProbes?.(row.tool)
            ? { probes: this.options.toolProbes(row.tool)! }
            : {}),
      });
      await writes;
      await store.complete(scanId, report);
    } catch (error) {
      await writes;
      const err = error as Error;
      if (FINAL_ERRORS.has(err.name) || abort.signal.aborted) {
        await store.fail(scanId, abort.signal.aborted ? 'the scan took too long and was stopped' : err.message);
      } else {
        await store.fail(scanId, `internal error: ${err.message}`);
        throw error;
      }
    } finally {
      clearTimeout(timer);
      hub?.notify(scanId);
    }
  }
}
