/** The connection gate: its bound, the yielding order, and slots added while tasks wait. */
import { describe, expect, it } from 'vitest';
import { Gate } from '../../../src/net/gate.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const tick = () => new Promise((r) => setImmediate(r));

describe('Gate', () => {
  it('runs at most `size` tasks; a freed slot goes to a waiting task that does not yield first', async () => {
    const gate = new Gate(1);
    const first = deferred();
    const order: string[] = [];
    const a = gate.run(() => first.promise);
    const yielding = gate.run(async () => void order.push('yielding'), true);
    const plain = gate.run(async () => void order.push('plain'));
    await tick();
    expect(order).toEqual([]);
    first.resolve();
    await Promise.all([a, yielding, plain]);
    expect(order).toEqual(['plain', 'yielding']);
  });

  it('grow(n) starts n waiting tasks at once and raises the bound', async () => {
    const gate = new Gate(1);
    const hold = deferred();
    let running = 0;
    let most = 0;
    const task = () => gate.run(async () => {
      running++;
      most = Math.max(most, running);
      await hold.promise;
      running--;
    });
    const all = [task(), task(), task(), task()];
    await tick();
    expect(running).toBe(1);
    gate.grow(2);
    await tick();
    expect(running).toBe(3);
    expect(gate.size).toBe(3);
    expect(gate.idle).toBe(0);
    hold.resolve();
    await Promise.all(all);
    expect(most).toBe(3);
    gate.grow(0);
    expect(gate.size).toBe(3);
  });
});
