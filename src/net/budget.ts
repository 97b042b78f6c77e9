import { NetError } from './errors.js';
import { Gate } from './gate.js';
import type { RequestBudget, SlotKind } from './context.js';
import { ActivityMeter, type RequestActivity } from './request-activity.js';

/**
 * The per-scan politeness budget: a cap on the number of HTTP requests, a separate cap on the TLS
 * probe's hellos and handshakes, and bounds on how many connections to the target are open at once
 * and on how many requests share one HTTP/2 connection at once. Every probe that contacts the target
 * shares one budget. The caps are separate because they measure different things: a legacy server
 * that accepts many suites on four protocol versions needs a hundred hellos or more, and that must
 * not leave a WordPress site's path checks without requests (or the reverse).
 */
export class ScanBudget implements RequestBudget {
  private count = 0;
  private handshakes = 0;
  private readonly connections: Gate;
  private readonly streams: Gate;
  private readonly meter: ActivityMeter;

  constructor(
    readonly maxRequests: number,
    readonly maxConcurrent: number,
    /** Hears each request start and end (progress display); optional. */
    onActivity?: (a: RequestActivity) => void,
    readonly maxStreams: number = maxConcurrent,
    readonly maxHandshakes: number = maxRequests,
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

  get handshakesUsed(): number {
    return this.handshakes;
  }

  /**
   * A `connection` slot is one socket to the target for the task's length (an HTTP/1.1 request); a
   * `handshake` is the same for a TLS probe hello or handshake; a `stream` slot is one request
   * multiplexed on an HTTP/2 connection that is already open.
   */
  async run<T>(fn: () => Promise<T>, kind: SlotKind = 'connection'): Promise<T> {
    if (kind === 'handshake') {
      if (this.handshakes >= this.maxHandshakes) {
        throw new NetError('BUDGET_EXHAUSTED', `the scan's budget of ${this.maxHandshakes} TLS handshakes is used up`);
      }
      this.handshakes++;
    } else {
      if (this.count >= this.maxRequests) {
        throw new NetError('BUDGET_EXHAUSTED', `the scan's budget of ${this.maxRequests} requests is used up`);
      }
      this.count++;
    }
    // A handshake yields to waiting HTTP requests: the three path probes wait on the HTTP requests'
    // answers, while the TLS probe's hellos are many, short and independent (docs/speed.md).
    return (kind === 'stream' ? this.streams : this.connections).run(async () => {
      const ended = this.meter.start();
      try {
        return await fn();
      } finally {
        ended();
      }
    }, kind === 'handshake');
  }
}
