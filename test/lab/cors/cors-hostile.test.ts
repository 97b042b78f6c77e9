/** Hostile CORS answers end in explained results: no crash, bounded requests and time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetContext } from '../../../src/net/index.js';
import { probeCors } from '../../../src/probes/cors.js';
import { runChecks } from '../../../src/checks/run.js';
import { CORS_CHECKS } from '../../../src/checks/cors/index.js';
import type { CorsEvidence } from '../../../src/model/cors.js';
import type { Evidence } from '../../../src/model/evidence.js';
import { startCorsSite, type CorsSite } from './cors-site.js';

let site: CorsSite;
beforeAll(async () => {
  site = await startCorsSite({
    '/huge': { allowOrigin: (o) => (o ? `${o}${'x'.repeat(40_000)}` : undefined), credentials: 'true' },
    '/binary': { allowOrigin: () => '\u00ff\u00fe\u0080binary\u00e9', credentials: '\u00ff' },
    '/many': { allowOrigin: (o) => (o ? Array.from({ length: 400 }, () => o) : undefined), credentials: 'true' },
    '/close-options': { allowOrigin: (o) => o, credentials: 'true', vary: true, onOptions: 'close' },
    '/stall': { allowOrigin: (o) => o, always: 'stall' },
    '/too-big': { allowOrigin: (o) => (o ? `${o}${'y'.repeat(300_000)}` : undefined) },
  });
});
afterAll(() => site?.close());

async function probe(path: string, opts: { timeoutMs?: number; maxTotalMs?: number } = {}) {
  const net = createNetContext({ ...site.scanOptions, timeoutMs: opts.timeoutMs ?? 6000 });
  try {
    const t0 = performance.now();
    const result = await probeCors(net, site.url(path), { maxTotalMs: opts.maxTotalMs ?? 20_000 });
    return { result, ms: performance.now() - t0, used: net.budget.used };
  } finally {
    await net.close();
  }
}

function findings(data: CorsEvidence) {
  const evidence = { schemaVersion: 1, target: {} as Evidence['target'], startedAt: new Date(0).toISOString(), durationMs: 0, cors: { status: 'ok', data } } as Evidence;
  return runChecks(CORS_CHECKS, evidence).flatMap((r) => r.results);
}

describe('hostile CORS answers', () => {
  it('a huge ACAO value is kept bounded and matches no origin', async () => {
    const { result } = await probe('/huge');
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    const value = result.data.probes[1]!.get.response!.headers.find(([n]) => n.toLowerCase() === 'access-control-allow-origin')![1];
    expect(value.length).toBeLessThanOrEqual(4096);
    expect(findings(result.data).filter((f) => f.id.includes('reflected'))).toEqual([]);
  });

  it('headers too large for the client become explained errors, not a crash', async () => {
    const { result } = await probe('/too-big');
    expect(result.status).toBe('ok'); // the no-Origin baseline answers normally
    if (result.status !== 'ok') return;
    const failed = result.data.probes[1]!.get;
    expect(failed.response).toBeUndefined();
    expect(failed.error?.code).toBeTruthy();
    expect(failed.error?.message).toMatch(/api\.target\.test/);
  });

  it('binary header values are kept and shown escaped', async () => {
    const { result } = await probe('/binary');
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    const fs = findings(result.data);
    const invalid = fs.find((f) => f.id === 'cors_credentials_value_invalid');
    expect(invalid).toBeDefined();
    expect(invalid!.evidence).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('hundreds of ACAO headers: kept to a bound, browsers (and we) treat them as no match', async () => {
    const { result } = await probe('/many');
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    const headers = result.data.probes[1]!.get.response!.headers;
    expect(headers.length).toBeLessThanOrEqual(64);
    expect(result.data.probes[1]!.get.response!.totalHeaders).toBeGreaterThan(400);
    expect(findings(result.data).filter((f) => f.id.startsWith('cors_origin') || f.id === 'cors_null_origin')).toEqual([]);
  });

  it('a server that closes on OPTIONS: preflights explained, GET findings still reported', async () => {
    const { result } = await probe('/close-options');
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    for (const p of result.data.probes) {
      expect(p.preflight.response).toBeUndefined();
      expect(p.preflight.error?.code).toBeTruthy();
    }
    expect(findings(result.data).map((f) => f.id)).toContain('cors_origin_reflected_credentials');
  });

  it('a stalling server: unavailable with a reason, within the time limit', async () => {
    const { result, ms, used } = await probe('/stall', { timeoutMs: 400, maxTotalMs: 1500 });
    expect(result.status).toBe('unavailable');
    if (result.status === 'unavailable') expect(result.reason).toMatch(/no response to any CORS probe/);
    expect(ms).toBeLessThan(5000); // the lab stalls forever; one wave of 400 ms timeouts ends the probe
    expect(used).toBeLessThanOrEqual(8); // one wave of four, plus those started while it was timing out
  });

  it('the total time limit skips requests not yet started', async () => {
    const { ms, used } = await probe('/stall', { timeoutMs: 10_000, maxTotalMs: 800 });
    expect(ms).toBeLessThan(4000); // against requests that would each wait 10 s
    expect(used).toBeLessThanOrEqual(4);
  });
});
