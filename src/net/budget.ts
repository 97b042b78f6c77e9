import { NetError } from './errors.js';
import { Gate } from './gate.js';
import type { RequestBudget, SlotKind } from './context.js';
import { ActivityMeter, type RequestActivity } from './request-activity.js';

/**
 * The per-scan politeness budget: a cap on the number of requests, on how many connections to the
 * target are open at once, and on how many requests share one HTTP/2 connection at once. Every probe
 * that contacts the target shares one budget.
 */
export class ScanBudget implements RequestBudget {
  private count = 0;
  private readonly connections: Gate;
  private readonly streams: Gate;
  private readonly meter: ActivityMeter;

  constructor(
    readonly maxRequests: number,
    readonly maxConcurrent: number,
    /** Hears each request start and end (progress display); optional. */
    onActivity?: (a: RequestActivity) => void,
    readonly maxStreams: number = maxConcurrent,
  ) {
    this.connections = new Gate(maxConcurrent);
    this.streams = new Gate(maxStreams);
    this.meter = new ActivityMeter(onActivity);
  }

  get remaining(): number {
    return Math.max(0, this.maxRequests - this.count);
  }

  get used(): number {
    return this.count;
  }

  /**
   * A `connection` slot is one socket to the target for the task's length (an HTTP/1.1 request, a TLS
   * hello); a `stream` slot is one request multiplexed on an HTTP/2 connection that is already open.
   */
  async run<T>(fn: () => Promise<T>, kind: SlotKind = 'connection'): Promise<T> {
    if (this.count >= this.maxRequests) {
      throw new NetError('BUDGET_EXHAUSTED', `the scan's budget of ${this.maxRequests} requests is used up`);
    }
    this.count++;
    return (kind === 'stream' ? this.streams : this.connections).run(async () => {
      const ended = this.meter.start();
      try {
        return await fn();
      } finally {
        ended();
      }
    });
  }
}
