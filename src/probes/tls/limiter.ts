/** Runs at most `size` tasks at once: the TLS probe keeps only a few connections open to a target. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** Tasks that could start now without waiting. */
  get idle(): number {
    return Math.max(0, this.size - this.active - this.queue.length);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
