/** The scan budget: connections and HTTP/2 streams are bounded separately; requests count together. */
import { describe, expect, it } from 'vitest';
import { ScanBudget } from '../../../src/net/budget.js';

async function peak(budget: ScanBudget, kind: 'connection' | 'stream', tasks: number): Promise<number> {
  let active = 0;
  let max = 0;
  await Promise.all(
    Array.from({ length: tasks }, () =>
      budget.run(async () => {
        max = Math.max(max, ++active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
      }, kind),
    ),
  );
  return max;
}

describe('ScanBudget slots', () => {
  it('runs at most maxConcurrent connection tasks and maxStreams stream tasks at once', async () => {
    const budget = new ScanBudget(100, 3, undefined, 7);
    expect(await peak(budget, 'connection', 12)).toBe(3);
    expect(await peak(budget, 'stream', 20)).toBe(7);
    expect(budget.used).toBe(32);
  });

  it('counts both kinds against one request cap', async () => {
    const budget = new ScanBudget(3, 2, undefined, 4);
    await budget.run(async () => 1);
    await budget.run(async () => 2, 'stream');
    await budget.run(async () => 3, 'stream');
    await expect(budget.run(async () => 4)).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED' });
  });
});

describe('ScanBudget caps', () => {
  it('counts TLS handshakes apart from requests: spending one cap leaves the other whole', async () => {
    const budget = new ScanBudget(2, 4, undefined, 4, 3);
    for (let i = 0; i < 3; i++) await budget.run(async () => i, 'handshake');
    await expect(budget.run(async () => 0, 'handshake')).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED', message: expect.stringMatching(/3 TLS handshakes/) });
    await budget.run(async () => 1);
    await budget.run(async () => 2, 'stream');
    await expect(budget.run(async () => 3)).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED', message: expect.stringMatching(/2 requests/) });
    expect([budget.used, budget.handshakesUsed]).toEqual([2, 3]);
  });

  it('handshakes hold connection slots: with HTTP requests they never exceed maxConcurrent at once', async () => {
    const budget = new ScanBudget(100, 3, undefined, 8, 100);
    let active = 0;
    let max = 0;
    const task = async () => {
      max = Math.max(max, ++active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    };
    await Promise.all([...Array.from({ length: 6 }, () => budget.run(task, 'handshake')), ...Array.from({ length: 6 }, () => budget.run(task))]);
    expect(max).toBe(3);
  });
});

describe('ScanBudget order', () => {
  it('a freed slot goes to a waiting HTTP request before a waiting TLS handshake, whatever came first', async () => {
    const budget = new ScanBudget(100, 1, undefined, 4, 100);
    const order: string[] = [];
    let release!: () => void;
    const holding = budget.run(() => new Promise<void>((r) => (release = r)));
    const handshake = budget.run(async () => void order.push('handshake'), 'handshake');
    const request = budget.run(async () => void order.push('request'));
    await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([holding, handshake, request]);
    expect(order).toEqual(['request', 'handshake']);
  });
});
