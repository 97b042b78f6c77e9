import { NetError } from './errors.js';
import type { RequestBudget } from './context.js';
import { ActivityMeter, type RequestActivity } from './request-activity.js';

/**
 * The per-scan politeness budget: a cap on the number of requests and on how many run at once.
 * Every probe that contacts the target shares one budget.
 */
export class ScanBudget implements RequestBudget {
  private active = 0;
  private count = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly meter: ActivityMeter;

  constructor(
    readonly maxRequests: number,
    readonly maxConcurrent: number,
    /** Hears each request start and end (progress display); optional. */
    onActivity?: (a: RequestActivity) => void,
  ) {
    this.meter = new ActivityMeter(onActivity);
  }

  get remaining(): number {
    return Math.max(0, this.maxRequests - this.count);
  }

  get used(): number {
    return this.count;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.count >= this.maxRequests) {
      throw new NetError('BUDGET_EXHAUSTED', `the scan's budget of ${this.maxRequests} requests is used up`);
    }
    this.count++;
    if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    const ended = this.meter.start();
    try {
      return await fn();
    } finally {
      ended();
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
