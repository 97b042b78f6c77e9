/**
 * What a scan loads before its first packet, and what after. Loading modules is CPU work on the one
 * JavaScript thread: whatever loads first delays everything else, so the HTTP probe (the head of the
 * critical path: CORS, exposure and WordPress wait for its final URL) loads and opens its first
 * connection before the other probes' code and the checks load. Loading them after costs them nothing
 * measurable, since they would have shared the same thread anyway, and they then load while the first
 * packets travel.
 */
import type { ConnectAttempt } from '../net/connect-gate.js';
import type { Probe } from '../probes/probe.js';

export interface FirstPacket {
  /** Pass as the net context's onConnect (it calls `next` too). */
  onConnect(attempt: ConnectAttempt): void;
  /** Resolves once the first socket to the target is opening and its connect has been issued. */
  sent: Promise<void>;
  /** The probes, with those that need nothing else waiting for the HTTP probe's first connection. */
  httpFirst(probes: Probe[]): Probe[];
}

export function firstPacket(next?: (attempt: ConnectAttempt) => void): FirstPacket {
  let opening!: () => void;
  const connecting = new Promise<void>((resolve) => (opening = resolve));
  // setImmediate: node:net issues the connect on the next tick after connect() is called.
  const sent = connecting.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  return {
    onConnect(attempt) {
      opening();
      next?.(attempt);
    },
    sent,
    httpFirst(probes) {
      const http = probes.find((p) => p.key === 'http');
      if (!http) return probes;
      let httpDone!: () => void;
      // An HTTP probe that ends without opening a socket (refused, budget) releases the others too.
      const ended = new Promise<void>((resolve) => (httpDone = resolve));
      const turn = Promise.race([sent, ended]);
      return probes.map((p) => {
        if (p === http) return { ...p, run: (ctx) => p.run(ctx).finally(httpDone) };
        if (p.dependsOn?.length) return p;
        return { ...p, run: async (ctx) => (await turn, p.run(ctx)) };
      });
    },
  };
}
