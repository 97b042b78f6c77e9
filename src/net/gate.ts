/** Runs at most `size` tasks at once, first come first served (the scan budget's slots, the TLS probe's bound). */
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  /** Tasks that could start now without waiting. */
  get idle(): number {
    return Math.max(0, this.size - this.active - this.waiting.length);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
