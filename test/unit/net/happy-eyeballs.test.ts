/** RFC 8305 connection racing: order, the attempt delay, failures starting the next attempt at once, cancellation. */
import { EventEmitter } from 'node:events';
import net, { type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { happyEyeballsOrder, raceConnect, type SocketFactory } from '../../../src/net/happy-eyeballs.js';

/** A socket stand-in that connects, fails or stays silent when told (no packet leaves). */
function fakeSockets(plan: Record<string, { after: number; then: 'connect' | string } | 'silent'>) {
  const made: { address: string; destroyed: boolean }[] = [];
  const factory: SocketFactory = (address) => {
    const s = new EventEmitter() as EventEmitter & { destroy(): void; destroyed: boolean };
    const entry = { address, destroyed: false };
    made.push(entry);
    s.destroyed = false;
    s.destroy = () => {
      s.destroyed = entry.destroyed = true;
    };
    const step = plan[address]!;
    if (step !== 'silent') {
      setTimeout(() => {
        if (s.destroyed) return;
        if (step.then === 'connect') s.emit('connect');
        else s.emit('error', Object.assign(new Error(`connect ${step.then} ${address}`), { code: step.then }));
      }, step.after);
    }
    return s as unknown as Socket;
  };
  return { factory, made };
}

describe('happyEyeballsOrder', () => {
  it('starts with IPv6 and alternates families, keeping the order within each family', () => {
    expect(happyEyeballsOrder(['192.0.2.1', '192.0.2.2', '2001:db8::1', '2001:db8::2', '2001:db8::3'])).toEqual([
      '2001:db8::1', '192.0.2.1', '2001:db8::2', '192.0.2.2', '2001:db8::3',
    ]);
    expect(happyEyeballsOrder(['192.0.2.1'])).toEqual(['192.0.2.1']);
  });
});

describe('raceConnect (injected sockets)', () => {
  it('a refused IPv6 address starts IPv4 at once, without waiting the 250 ms delay', async () => {
    const { factory } = fakeSockets({ '2001:db8::1': { after: 5, then: 'ECONNREFUSED' }, '192.0.2.1': { after: 5, then: 'connect' } });
    const t0 = performance.now();
    const { race } = await raceConnect(['192.0.2.1', '2001:db8::1'], 443, { timeoutMs: 2000, connect: factory });
    expect(performance.now() - t0).toBeLessThan(200);
    expect(race.winner).toBe('192.0.2.1');
    expect(race.attempts.map((a) => [a.address, a.outcome, a.code])).toEqual([
      ['2001:db8::1', 'failed', 'ECONNREFUSED'],
      ['192.0.2.1', 'connected', undefined],
    ]);
  });

  it('a silent IPv6 address gets 250 ms before IPv4 starts; IPv4 wins and IPv6 is cancelled', async () => {
    const { factory, made } = fakeSockets({ '2001:db8::1': 'silent', '192.0.2.1': { after: 5, then: 'connect' } });
    const { race } = await raceConnect(['2001:db8::1', '192.0.2.1'], 443, { timeoutMs: 2000, connect: factory });
    expect(race.winner).toBe('192.0.2.1');
    expect(race.attempts[1]!.startedMs).toBeGreaterThanOrEqual(240);
    expect(race.attempts[0]).toMatchObject({ outcome: 'cancelled' });
    expect(made.find((m) => m.address === '2001:db8::1')?.destroyed).toBe(true);
  });

  it('an IPv6 address that answers within the delay wins and IPv4 is never tried', async () => {
    const { factory, made } = fakeSockets({ '2001:db8::1': { after: 20, then: 'connect' }, '192.0.2.1': { after: 1, then: 'connect' } });
    const { race } = await raceConnect(['192.0.2.1', '2001:db8::1'], 443, { timeoutMs: 2000, connect: factory });
    expect(race.winner).toBe('2001:db8::1');
    expect(made.map((m) => m.address)).toEqual(['2001:db8::1']);
  });

  it('records ENETUNREACH (no IPv6 route on this machine) with its code', async () => {
    const { factory } = fakeSockets({ '2001:db8::1': { after: 1, then: 'ENETUNREACH' }, '192.0.2.1': { after: 1, then: 'connect' } });
    const { race } = await raceConnect(['2001:db8::1', '192.0.2.1'], 80, { timeoutMs: 2000, connect: factory });
    expect(race.attempts[0]).toMatchObject({ family: 6, outcome: 'failed', code: 'ENETUNREACH' });
  });

  it('ends within its bound when nothing answers, and says which addresses were never tried', async () => {
    const { factory } = fakeSockets({ '2001:db8::1': 'silent', '192.0.2.1': 'silent', '2001:db8::2': 'silent' });
    const { race, socket } = await raceConnect(['2001:db8::1', '192.0.2.1', '2001:db8::2'], 443, { timeoutMs: 400, connect: factory });
    expect(socket).toBeUndefined();
    expect(race.winner).toBeUndefined();
    expect(race.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'not_tried']);
    expect(race.attempts[0]!.code).toBe('CONNECT_TIMEOUT');
  });

  it('an address the gate refuses is never connected', async () => {
    const { factory, made } = fakeSockets({ '192.0.2.1': { after: 1, then: 'connect' } });
    const gate = (address: string) => {
      if (address.includes(':')) throw new Error('refusing to connect: documentation range');
    };
    const { race } = await raceConnect(['2001:db8::1', '192.0.2.1'], 443, { timeoutMs: 1000, connect: factory, gate });
    expect(race.attempts[0]).toMatchObject({ outcome: 'refused_by_policy' });
    expect(made.map((m) => m.address)).toEqual(['192.0.2.1']);
  });
});

describe('raceConnect on loopback', () => {
  let server: net.Server;
  let port = 0;
  beforeAll(async () => {
    server = net.createServer((s) => s.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('::1 refused (nothing listens there), 127.0.0.1 wins with a connected socket', async () => {
    const { race, socket } = await raceConnect(['::1', '127.0.0.1'], port, { timeoutMs: 2000 });
    expect(race.winner).toBe('127.0.0.1');
    expect(race.attempts[0]).toMatchObject({ address: '::1', outcome: 'failed', code: 'ECONNREFUSED' });
    expect(socket?.remoteAddress).toBe('127.0.0.1');
    socket?.destroy();
  });
});
