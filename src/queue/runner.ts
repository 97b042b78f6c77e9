/**
 * Runs one stored scan through the engine and writes the outcome back. Used by the in-process queue
 * and by pg-boss workers alike. Input and policy refusals are final (the row is marked failed); an
 * unexpected exception is rethrown so a durable queue can retry the job.
 */
import type { ScanFn, ScanOptions, ScanResult } from '../engine/scan.js';
import { focusedTool } from '../engine/focused-tools.js';
import { runFocusedTool } from '../engine/run-tool.js';
import type { ProgressEvent, ScanStore } from '../store/scan-store.js';
import type { ProgressHub } from './progress-hub.js';
import { isConnectionError, type DbHealth } from '../store/db-health.js';
import { ProgressTracker } from './progress-tracker.js';
import type { SiteCredentials } from './site-credentials.js';

export type { ScanFn } from '../engine/scan.js';

export interface RunnerOptions {
  store: ScanStore;
  scan: ScanFn;
  /** Engine options every scan gets (allowPrivate, resolve pins, extra CAs, timeouts, DNS servers and anchor). */
  scanOptions: Omit<ScanOptions, 'onProgress' | 'probes' | 'signal'>;
  hub?: ProgressHub;
  /** A scan running longer than this is aborted and marked failed. */
  maxScanMs?: number;
  /** The headers of signed-in scans, held in memory until their job starts (site-credentials.ts). */
  credentials?: SiteCredentials;
  /**
   * PostgreSQL: a scan that finishes while the database is away waits for it to come back and then
   * stores its result (see db-health.ts), instead of being lost or marked failed.
   */
  health?: DbHealth;
}

/** A signed-in scan whose headers are gone cannot run: anonymously it would judge another page. */
export const CREDENTIALS_GONE =
  'the headers of this signed-in scan were held only in memory and are gone (the server restarted before the scan ran); start the scan again';

/** Errors that retrying cannot fix: the input or the target policy said no. */
const FINAL_ERRORS = new Set(['InputError', 'TargetRefusedError']);

export class ScanRunner {
  constructor(private readonly options: RunnerOptions) {}

  async run(scanId: string): Promise<void> {
    const { store, hub } = this.options;
    // Taken before anything else, so the values leave the hold however this job ends.
    const siteHeaders = this.options.credentials?.take(scanId);
    const row = await store.get(scanId);
    if (!row || row.status === 'done' || row.status === 'failed') return;
    if (row.siteHeaders?.length && !siteHeaders) {
      await store.fail(scanId, CREDENTIALS_GONE);
      hub?.notify(scanId);
      return;
    }
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
      const options = { ...this.options.scanOptions, ...watch, ...(row.siteHeaders?.length && siteHeaders ? { siteHeaders } : {}), signal: abort.signal };
      // A focused tool runs its one definition (the CLI's too); a tool id no longer known runs a full scan.
      const tool = row.tool ? focusedTool(row.tool) : undefined;
      const { report } = tool
        ? await runFocusedTool(tool, row.url, options, this.options.scan)
        : await this.options.scan(row.url, { ...options, ...(row.probes?.length ? { probes: row.probes } : {}) });
      await writes;
      await this.persist(() => store.complete(scanId, report));
    } catch (error) {
      await writes;
      const err = error as Error;
      // The database went away for longer than the result could wait: the scan is neither done nor
      // failed; the queue's retry runs it again once the database is back.
      if (isConnectionError(error)) throw error;
      if (FINAL_ERRORS.has(err.name) || abort.signal.aborted) {
        await this.persist(() => store.fail(scanId, abort.signal.aborted ? 'the scan took too long and was stopped' : err.message));
      } else {
        await store.fail(scanId, `internal error: ${err.message}`);
        throw error;
      }
    } finally {
      clearTimeout(timer);
      hub?.notify(scanId);
    }
  }

  private persist(write: () => Promise<void>): Promise<void> {
    return this.options.health ? this.options.health.retry(write) : write();
  }
}
