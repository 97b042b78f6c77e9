/** The probe runner's backstop: a probe that never settles is stopped, said so, and the scan goes on. */
import { expect, it } from 'vitest';
import { runProbes } from '../../../src/probes/index.js';
import type { Probe, ProbeContext } from '../../../src/probes/probe.js';
import type { Evidence } from '../../../src/model/evidence.js';

function context(signal?: AbortSignal) {
  const evidence = { schemaVersion: 1 } as unknown as Evidence;
  return { target: {} as ProbeContext['target'], net: { timeoutMs: 1_000 } as ProbeContext['net'], evidence, ...(signal ? { signal } : {}) };
}

it('a probe that never settles is stopped at the limit, aborted, and its dependants still run', async () => {
  let seen: AbortSignal | undefined;
  let dependantSaw: unknown = 'not run';
  const probes: Probe[] = [
    { key: 'stuck', label: 'Stuck', run: (ctx) => ((seen = ctx.signal), new Promise(() => undefined)) },
    { key: 'quick', label: 'Quick', run: async () => ({ status: 'ok', data: { fine: true } }) as never },
    {
      key: 'after', label: 'After', dependsOn: ['stuck'],
      run: async (ctx) => {
        dependantSaw = ctx.evidence['stuck' as never];
        return { status: 'ok', data: {} } as never;
      },
    },
  ];
  const ctx = context();
  const t0 = performance.now();
  await runProbes(probes, ctx, undefined, 150);
  expect(performance.now() - t0).toBeLessThan(1_000);
  const stuck = (ctx.evidence as unknown as Record<string, { status: string; code?: string; reason?: string }>).stuck!;
  expect(stuck).toMatchObject({ status: 'unavailable', code: 'PROBE_TIME_LIMIT' });
  expect(stuck.reason).toMatch(/the Stuck probe did not finish within 150 ms and was stopped/);
  expect(seen?.aborted).toBe(true);
  expect((ctx.evidence as unknown as Record<string, unknown>).quick).toEqual({ status: 'ok', data: { fine: true } });
  expect(dependantSaw).toMatchObject({ code: 'PROBE_TIME_LIMIT' });
});

it('the scan\'s own abort reaches every probe through the probe\'s signal', async () => {
  const scan = new AbortController();
  let probeSignal: AbortSignal | undefined;
  const probes: Probe[] = [
    {
      key: 'waits', label: 'Waits',
      run: (ctx) => new Promise((resolve) => {
        probeSignal = ctx.signal;
        ctx.signal!.addEventListener('abort', () => resolve({ status: 'unavailable', reason: 'cancelled' } as never));
      }),
    },
  ];
  const ctx = context(scan.signal);
  const running = runProbes(probes, ctx);
  setTimeout(() => scan.abort(), 50);
  await running;
  expect(probeSignal?.aborted).toBe(true);
  expect((ctx.evidence as unknown as Record<string, unknown>).waits).toEqual({ status: 'unavailable', reason: 'cancelled' });
});
