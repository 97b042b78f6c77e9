/**
 * Batch progress on stderr: a redrawn bar on a terminal (done/total, scans/s, ETA, failures), or one
 * plain line every few seconds when stderr is a file or a pipe (CI logs stay readable).
 */
export interface ProgressCounts {
  done: number;
  total: number;
  failed: number;
  running: number;
  /** `batch --wait`: scans whose worker stopped (no heartbeat); they are re-queued within a minute. */
  stalled?: number;
  /** `batch --wait`: the database has been unreachable since then (epoch ms); the batch waits for it. */
  dbDownSince?: number;
}

export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  /** Plain-line interval when stderr is not a terminal. */
  intervalMs?: number;
  now?: () => number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The numbers both displays show. `startDone` is what was already done before this run (resume). */
export function progressText(c: ProgressCounts, elapsedMs: number, startDone: number): { rate: number; eta: string; pct: string } {
  const rate = elapsedMs > 0 ? ((c.done - startDone) / elapsedMs) * 1000 : 0;
  const eta = rate > 0 ? formatDuration((c.total - c.done) / rate) : '?';
  const pct = c.total ? ((c.done / c.total) * 100).toFixed(0) : '100';
  return { rate, eta, pct };
}

export class BatchProgress {
  private readonly tty: boolean;
  private readonly now: () => number;
  private readonly started: number;
  private startDone = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastDraw = 0;
  private counts: ProgressCounts = { done: 0, total: 0, failed: 0, running: 0 };

  constructor(private readonly options: ProgressOptions) {
    this.tty = Boolean(options.stream.isTTY);
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  start(counts: ProgressCounts): void {
    this.counts = { ...counts };
    this.startDone = counts.done;
    const every = this.tty ? 250 : (this.options.intervalMs ?? 5000);
    this.timer = setInterval(() => this.draw(), every);
    this.timer.unref();
    if (this.tty) this.draw();
  }

  update(counts: ProgressCounts): void {
    this.counts = { ...counts };
    // The bar follows each finished scan, but no more often than ~10 times a second.
    if (this.tty && this.now() - this.lastDraw > 100) this.draw();
  }

  /** Clear the bar and print the final plain line. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty) this.options.stream.write('\r\x1b[2K');
    this.options.stream.write(this.plainLine() + '\n');
  }

  private plainLine(): string {
    const c = this.counts;
    const { rate, eta, pct } = progressText(c, this.now() - this.started, this.startDone);
    return `batch: ${c.done}/${c.total} (${pct}%) · ${rate.toFixed(1)} scans/s · ETA ${eta} · ${c.failed} failed · ${c.running} running${c.stalled ? ` · ${c.stalled} stalled (worker stopped; retried shortly)` : ''}${this.degraded()}`;
  }

  /** While the database is away the numbers are the last ones seen: say so, and for how long. */
  private degraded(): string {
    const since = this.counts.dbDownSince;
    return since === undefined ? '' : ` · degraded: database unreachable for ${formatDuration((this.now() - since) / 1000)}, waiting`;
  }

  private draw(): void {
    this.lastDraw = this.now();
    if (!this.tty) return void this.options.stream.write(this.plainLine() + '\n');
    const c = this.counts;
    const { rate, eta, pct } = progressText(c, this.now() - this.started, this.startDone);
    const width = 24;
    const filled = c.total ? Math.round((c.done / c.total) * width) : width;
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    this.options.stream.write(`\r\x1b[2K${bar} ${c.done}/${c.total} ${pct}% · ${rate.toFixed(1)} scans/s · ETA ${eta} · ${c.failed} failed${this.degraded()}`);
  }
}
