/**
 * Turns the engine's raw progress (probe start/done, every request start/end) into the stored
 * progress events a visitor sees: which step runs, how many of how many are finished, how many
 * requests the current step has made and how long the target takes per response. Request activity
 * is throttled per probe so a 150-request scan stores a few dozen events, not hundreds.
 */
import type { ProbeProgress, RequestActivity } from '../engine/scan.js';
import type { ProgressEvent } from '../store/scan-store.js';

export class ProgressTracker {
  private readonly labels = new Map<string, string>();
  private readonly counts = new Map<string, { requests: number; meanMs: number | null }>();
  private readonly lastActive = new Map<string, number>();
  private finished = 0;
  private total: number | undefined;

  constructor(
    private readonly push: (event: ProgressEvent) => void,
    private readonly throttleMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  probe(e: ProbeProgress): void {
    this.labels.set(e.probe, e.label);
    if (e.finished !== undefined) this.finished = e.finished;
    if (e.total !== undefined) this.total = e.total;
    const counts = this.counts.get(e.probe);
    this.push({
      probe: e.probe,
      label: e.label,
      state: e.state,
      at: this.now(),
      ...this.steps(),
      ...(counts ? { requests: counts.requests, ...(counts.meanMs !== null ? { meanMs: counts.meanMs } : {}) } : {}),
    });
  }

  activity(a: RequestActivity): void {
    if (!a.tag) return;
    this.counts.set(a.tag, { requests: a.requests, meanMs: a.meanMs });
    const label = this.labels.get(a.tag);
    const at = this.now();
    if (label === undefined || at - (this.lastActive.get(a.tag) ?? 0) < this.throttleMs) return;
    this.lastActive.set(a.tag, at);
    this.push({ probe: a.tag, label, state: 'active', at, ...this.steps(), requests: a.requests, ...(a.meanMs !== null ? { meanMs: a.meanMs } : {}) });
  }

  private steps(): { finished?: number; total?: number } {
    return this.total === undefined ? {} : { finished: this.finished, total: this.total };
  }
}
