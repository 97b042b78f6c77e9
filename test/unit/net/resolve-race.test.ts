/** The resolver's side of Happy Eyeballs: who races, what gets pinned, the winning socket handed over once. */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PinnedResolver } from '../../../src/net/resolve.js';
import type { RaceOutcome } from '../../../src/net/happy-eyeballs.js';

const fakeSocket = () => Object.assign(new EventEmitter(), { destroyed: false, destroy() { this.destroyed = true; } }) as unknown as Socket;

function resolverWith(result: (addresses: readonly string[], port: number) => RaceOutcome) {
  const calls: { addresses: readonly string[]; port: number }[] = [];
  const resolver = new PinnedResolver({
    allowPrivate: true,
    pins: [{ host: 'site.test', port: '*', addresses: ['127.0.0.1', '::1'] }, { host: 'other.test', port: '*', addresses: ['127.0.0.2', '::1'] }],
    happyEyeballs: {
      host: 'site.test',
      race: async (addresses, port) => {
        calls.push({ addresses, port });
        return result(addresses, port);
      },
    },
  });
  return { resolver, calls };
}

describe('PinnedResolver with Happy Eyeballs', () => {
  it('races the scanned host once, in IPv6-first order, pins the winner and hands its socket over once', async () => {
    const socket = fakeSocket();
    const { resolver, calls } = resolverWith((_, port) => ({ race: { port, winner: '127.0.0.1', attempts: [] }, socket }));
    const [a, b] = await Promise.all([resolver.resolve('site.test', 443), resolver.resolve('site.test', 443)]);
    expect([a, b]).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(calls).toEqual([{ addresses: ['::1', '127.0.0.1'], port: 443 }]);
    expect(resolver.takeParked('127.0.0.1', 443)).toBe(socket);
    expect(resolver.takeParked('127.0.0.1', 443)).toBeUndefined();
    expect(await resolver.resolve('site.test', 80)).toBe('127.0.0.1');
    expect(calls).toHaveLength(1);
    expect(resolver.races.get('site.test')?.winner).toBe('127.0.0.1');
  });

  it('other names are not raced: the first allowed address, as before', async () => {
    const { resolver, calls } = resolverWith(() => {
      throw new Error('must not race');
    });
    expect(await resolver.resolve('other.test', 443)).toBe('127.0.0.2');
    expect(calls).toEqual([]);
  });

  it('no winner on one port: the preferred address, and a connection to another port races again', async () => {
    const { resolver, calls } = resolverWith((_, port) => (port === 443 ? { race: { port, attempts: [] } } : { race: { port, winner: '127.0.0.1', attempts: [] }, socket: fakeSocket() }));
    expect(await resolver.resolve('site.test', 443)).toBe('::1');
    expect(await resolver.resolve('site.test', 443)).toBe('::1');
    expect(await resolver.resolve('site.test', 80)).toBe('127.0.0.1');
    expect(calls.map((c) => c.port)).toEqual([443, 80]);
  });

  it('without a port nothing is pinned, so the first real connection still races', async () => {
    const { resolver, calls } = resolverWith((_, port) => ({ race: { port, winner: '127.0.0.1', attempts: [] }, socket: fakeSocket() }));
    expect(await resolver.resolve('site.test')).toBe('::1');
    expect(await resolver.resolve('site.test', 443)).toBe('127.0.0.1');
    expect(calls).toHaveLength(1);
    resolver.dispose();
  });

  it('a parked socket nobody takes is closed by dispose()', async () => {
    const socket = fakeSocket();
    const { resolver } = resolverWith((_, port) => ({ race: { port, winner: '::1', attempts: [] }, socket }));
    await resolver.resolve('site.test', 443);
    resolver.dispose();
    expect(socket.destroyed).toBe(true);
  });
});
