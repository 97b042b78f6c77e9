/**
 * Connecting as browsers do when a name has addresses of both families (RFC 8305, Happy Eyeballs v2):
 * IPv6 first, the families interleaved, a new attempt every 250 ms (or at once when the previous one
 * failed), and the first TCP connection to complete wins; the others are cancelled. Without it a host
 * whose AAAA points where nothing listens was scanned only on that dead address and every web category
 * came out "not measured" (a perfect score for a site that every browser reaches over IPv4).
 *
 * The winner's socket is handed to the scan's first connection (no extra round trip), and every
 * attempt, winner or not, is recorded: the IPv6 checks read which family lost and why.
 */
import net, { isIP, type Socket } from 'node:net';
import type { ConnectRace, RaceAttempt } from '../model/ipv6.js';
import type { ConnectGate } from './connect-gate.js';

/** RFC 8305 §5: the recommended Connection Attempt Delay. */
export const CONNECTION_ATTEMPT_DELAY_MS = 250;
/** Addresses tried in one race at most: a name with dozens of addresses must not become a scan. */
export const MAX_RACE_ATTEMPTS = 6;
/**
 * Errors that say the scanning machine itself cannot reach that family (no route, no source address
 * of the family): about us, not the site.
 */
export const LOCAL_NETWORK_CODES: ReadonlySet<string> = new Set(['ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

export type SocketFactory = (address: string, port: number) => Socket;

export interface RaceOptions {
  gate?: ConnectGate;
  /** Whole race bound, ms: each attempt gets what is left of it. */
  timeoutMs: number;
  delayMs?: number;
  /** Injected by tests (a socket that fails with a chosen code); default net.connect. */
  connect?: SocketFactory;
}

export interface RaceOutcome {
  race: ConnectRace;
  /** The winning connected socket, for the caller to use or destroy. */
  socket?: Socket;
}

/**
 * RFC 8305 §4: the address list reordered so that families alternate, starting with IPv6 (the order
 * within a family is the resolver's, which already applied RFC 6724).
 */
export function happyEyeballsOrder(addresses: readonly string[]): string[] {
  const v6 = addresses.filter((a) => isIP(a) === 6);
  const v4 = addresses.filter((a) => isIP(a) === 4);
  const out: string[] = [];
  for (let i = 0; i < Math.max(v6.length, v4.length); i++) {
    if (v6[i]) out.push(v6[i]!);
    if (v4[i]) out.push(v4[i]!);
  }
  return out;
}

/** Race TCP connections to `port` on the addresses; resolves once one connects or all have failed. */
export function raceConnect(addresses: readonly string[], port: number, options: RaceOptions): Promise<RaceOutcome> {
  const order = happyEyeballsOrder(addresses).slice(0, MAX_RACE_ATTEMPTS);
  const delay = options.delayMs ?? CONNECTION_ATTEMPT_DELAY_MS;
  const open = options.connect ?? ((host: string, p: number) => net.connect({ host, port: p }));
  const t0 = performance.now();
  const attempts: RaceAttempt[] = [];
  const live = new Map<RaceAttempt, Socket>();
  const since = () => Math.round(performance.now() - t0);
  return new Promise<RaceOutcome>((resolve) => {
    let next = 0;
    let settled = false;
    let stagger: NodeJS.Timeout | undefined;
    const overall = setTimeout(() => {
      for (const [attempt, socket] of live) {
        socket.destroy();
        Object.assign(attempt, { outcome: 'failed', code: 'CONNECT_TIMEOUT', error: `no answer within ${options.timeoutMs} ms`, ms: since() - attempt.startedMs });
      }
      live.clear();
      // Addresses never tried in time are recorded as such: a reader sees the bound, not silence.
      while (next < order.length) attempts.push({ address: order[next++]!, family: family(order[next - 1]!), startedMs: since(), outcome: 'not_tried' });
      finish();
    }, options.timeoutMs);
    const finish = (socket?: Socket, winner?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(stagger);
      resolve({ race: { port, ...(winner ? { winner } : {}), attempts }, ...(socket ? { socket } : {}) });
    };
    const launch = (): void => {
      clearTimeout(stagger);
      if (settled) return;
      if (next >= order.length) {
        if (live.size === 0) finish();
        return;
      }
      const address = order[next++]!;
      const attempt: RaceAttempt = { address, family: family(address), startedMs: since(), outcome: 'pending' };
      attempts.push(attempt);
      try {
        options.gate?.(address, port, 'connect-race');
      } catch (err) {
        Object.assign(attempt, { outcome: 'refused_by_policy', error: (err as Error).message });
        launch();
        return;
      }
      const socket = open(address, port);
      live.set(attempt, socket);
      socket.once('connect', () => {
        live.delete(attempt);
        Object.assign(attempt, { outcome: 'connected', ms: since() - attempt.startedMs });
        for (const [other, s] of live) {
          s.destroy();
          Object.assign(other, { outcome: 'cancelled', ms: since() - other.startedMs });
        }
        live.clear();
        socket.removeAllListeners('error');
        finish(socket, address);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        if (!live.has(attempt)) return;
        live.delete(attempt);
        socket.destroy();
        Object.assign(attempt, { outcome: 'failed', code: err.code ?? 'ECONNECT', error: err.message, ms: since() - attempt.startedMs });
        // A failure starts the next attempt at once (RFC 8305 §5), not after the delay.
        launch();
      });
      stagger = setTimeout(launch, delay);
    };
    launch();
  });
}

function family(address: string): 4 | 6 {
  return isIP(address) === 6 ? 6 : 4;
}
