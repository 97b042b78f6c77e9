/**
 * Who is using the scan's request budget, for progress display. A probe runs inside
 * `requestTag.run(probeKey, …)`; every request it makes (however deep in the call stack) is then
 * counted under that key, without threading an argument through every network call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const requestTag = new AsyncLocalStorage<string>();

export interface RequestActivity {
  /** The probe that made the request (undefined outside any probe). */
  tag: string | undefined;
  phase: 'start' | 'end';
  /** Requests this tag has started so far. */
  requests: number;
  /** Mean time per finished request of this tag, in ms (null before the first one finishes). */
  meanMs: number | null;
}

/** Per-tag request counts and timings; `observe` hears every start and end. */
export class ActivityMeter {
  private readonly perTag = new Map<string | undefined, { requests: number; finished: number; totalMs: number }>();
  constructor(private readonly observe?: (a: RequestActivity) => void) {}

  start(): () => void {
    const tag = requestTag.getStore();
    const entry = this.perTag.get(tag) ?? { requests: 0, finished: 0, totalMs: 0 };
    this.perTag.set(tag, entry);
    entry.requests++;
    this.emit(tag, 'start', entry);
    const t0 = performance.now();
    return () => {
      entry.finished++;
      entry.totalMs += performance.now() - t0;
      this.emit(tag, 'end', entry);
    };
  }

  private emit(tag: string | undefined, phase: 'start' | 'end', e: { requests: number; finished: number; totalMs: number }): void {
    if (!this.observe) return;
    try {
      this.observe({ tag, phase, requests: e.requests, meanMs: e.finished ? Math.round(e.totalMs / e.finished) : null });
    } catch {
      // A display callback must never break a scan.
    }
  }
}
