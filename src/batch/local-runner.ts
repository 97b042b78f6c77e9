/**
 * Runs a batch in this process: up to `concurrency` scans at once, never two at once on the same host
 * (politeness: 500 URLs on one host run one after another while other hosts proceed). A failing
 * target is recorded and the batch goes on; `stop()` aborts the scans in flight and starts no more,
 * and their results are dropped, so an interrupted batch can be resumed without gaps or repeats.
 */
import type { Report } from '../model/report.js';
import type { ScanOptions, ScanResult } from '../engine/scan.js';
import { outcomeFromError, outcomeFromReport, type BatchOutcome } from './outcome.js';
import type { BatchTarget } from './targets.js';

/** `scan()` itself, or a scan process pool's stand-in for it (process-pool.ts). */
export type BatchScanFn = (input: string, options: ScanOptions) => Promise<Pick<ScanResult, 'report'>>;

export interface LocalRunnerOptions {
  scan: BatchScanFn;
  scanOptions: Omit<ScanOptions, 'signal' | 'onProgress'>;
  concurrency: number;
  /** A scan running longer than this is aborted and counted as failed. */
  maxScanMs?: number;
  /** Called once per finished target, in completion order. */
  onResult: (outcome: BatchOutcome, report: Report | null) => void;
  /** Called when a scan starts or ends (for the running count). */
  onChange?: () => void;
}

export const DEFAULT_MAX_SCAN_MS = 120_000;

export class LocalBatchRunner {
  private readonly pending: BatchTarget[];
  private readonly busyHosts = new Set<string>();
  private readonly inFlight = new Map<BatchTarget, AbortController>();
  private stopped = false;
  private finish!: () => void;
  private readonly finished = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(
    targets: BatchTarget[],
    private readonly options: LocalRunnerOptions,
  ) {
    this.pending = [...targets];
  }

  get running(): number {
    return this.inFlight.size;
  }

  /** Targets never started (after `stop()`, what a resume will run). */
  get notStarted(): number {
    return this.pending.length;
  }

  /** Resolves when every target has finished, or after `stop()` once the scans in flight have ended. */
  run(): Promise<void> {
    this.pump();
    return this.finished;
  }

  stop(): void {
    this.stopped = true;
    for (const abort of this.inFlight.values()) abort.abort();
    if (this.inFlight.size === 0) this.finish();
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.options.concurrency) {
      // The first waiting target whose host is not being scanned right now.
      const index = this.pending.findIndex((t) => !this.busyHosts.has(t.host));
      if (index < 0) break;
      const [target] = this.pending.splice(index, 1);
      void this.runOne(target!);
    }
    if (this.inFlight.size === 0 && (this.stopped || this.pending.length === 0)) this.finish();
  }

  private async runOne(target: BatchTarget): Promise<void> {
    const abort = new AbortController();
    this.inFlight.set(target, abort);
    this.busyHosts.add(target.host);
    this.options.onChange?.();
    const timer = setTimeout(() => abort.abort(new Error('timeout')), this.options.maxScanMs ?? DEFAULT_MAX_SCAN_MS);
    const t0 = performance.now();
    let result: { outcome: BatchOutcome; report: Report | null } | undefined;
    try {
      const { report } = await this.options.scan(target.input, { ...this.options.scanOptions, signal: abort.signal });
      if (!abort.signal.aborted) result = { outcome: outcomeFromReport(target.input, report), report };
    } catch (error) {
      if (!abort.signal.aborted || !this.stopped) {
        result = { outcome: outcomeFromError(target.input, (error as Error).message, Math.round(performance.now() - t0)), report: null };
      }
    } finally {
      clearTimeout(timer);
    }
    // A scan stopped by the user is not a result: a resume runs it again. One stopped by the time cap is a failure.
    if (abort.signal.aborted && !this.stopped) {
      result = { outcome: outcomeFromError(target.input, `the scan took longer than ${Math.round((this.options.maxScanMs ?? DEFAULT_MAX_SCAN_MS) / 1000)} s and was stopped`, Math.round(performance.now() - t0)), report: null };
    }
    this.inFlight.delete(target);
    this.busyHosts.delete(target.host);
    if (result) this.options.onResult(result.outcome, result.report);
    this.options.onChange?.();
    this.pump();
  }
}
