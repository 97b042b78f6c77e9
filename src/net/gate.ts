/**
 * Runs at most `size` tasks at once, first come first served within a priority: when a slot frees, a
 * waiting task that did not ask to yield goes before one that did (the scan budget lets HTTP requests,
 * on the critical path of three probes, go before the TLS probe's hellos; see ScanBudget).
 */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly yielding: (() => void)[] = [];

  constructor(private slots: number) {}

  get size(): number {
    return this.slots;
  }

  /** Adds `n` slots (when a caller learns that more connections are free for it); waiting tasks start in them at once. */
  grow(n: number): void {
    if (!(n > 0)) return;
    this.slots += n;
    for (let i = 0; i < n; i++) (this.waiting.shift() ?? this.yielding.shift())?.();
  }

  /** Tasks that could start now without waiting (yielding tasks give way, so they do not count). */
  get idle(): number {
    return Math.max(0, this.slots - this.active - this.waiting.length);
  }

  /**
   * Run `fn` in a slot. With `yields`, tasks without it that are waiting when a slot frees go first.
   * A task whose `signal` aborts while it waits leaves the queue at once, rejected with the signal's reason.
   */
  async run<T>(fn: () => Promise<T>, yields = false, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.slots) await this.wait(yields ? this.yielding : this.waiting, signal);
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      (this.waiting.shift() ?? this.yielding.shift())?.();
    }
  }

  private wait(queue: (() => void)[], signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        const at = queue.indexOf(turn);
        if (at >= 0) queue.splice(at, 1);
        reject(signal!.reason);
      };
      const turn = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      queue.push(turn);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
