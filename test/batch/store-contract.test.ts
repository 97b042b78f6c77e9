/**
 * The store contract: every ScanStore method behaves the same on SQLite and on PostgreSQL. The same
 * cases run against both (PostgreSQL when DATABASE_URL_TEST or .ci/.env-test names one); the older
 * cases in test/web/store.test.ts cover create/get/byHost/reusable/purge the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type OpenedDb } from '../../src/store/db.js';
import { ScanStore } from '../../src/store/scan-store.js';
import type { Report } from '../../src/model/report.js';
import { testDatabases } from '../support/databases.js';

const run = `${process.pid}-${Date.now()}`;

function report(score: number | null, findings: string[] = []): Report {
  return {
    schemaVersion: 1,
    target: { input: 'x', url: 'https://x/', host: 'x', schemeGiven: true, resolved: ['127.0.0.1'] },
    startedAt: new Date(0).toISOString(),
    durationMs: 5,
    score,
    grade: score === null ? null : 'B',
    caps: [],
    categories: [],
    findings: findings.map((id) => ({ id, category: 'headers', severity: 'low', title: id, pointsLost: 1, evidence: 'e', location: 'l' })),
    unavailable: [],
  };
}

describe.each(testDatabases())('store contract on %s', (label, location) => {
  let opened: OpenedDb;
  let store: ScanStore;
  beforeAll(async () => {
    opened = await openDb(location);
    store = new ScanStore(opened.db);
  });
  afterAll(() => opened.close());

  it('reports its dialect', () => {
    expect(opened.kind).toBe(label);
  });

  it('creates a batch in one call, keeps its probes, and counts its rows by status', async () => {
    const batch = `contract-${label}-${run}`;
    const rows = await store.createMany(
      Array.from({ length: 130 }, (_, i) => ({ host: `h${i % 7}.${run}.test`, url: `https://h${i % 7}.${run}.test/${i}`, batchId: batch, probes: ['http', 'tls'] })),
    );
    expect(rows).toHaveLength(130);
    expect(new Set(rows.map((r) => r.id)).size).toBe(130);
    const one = (await store.get(rows[0]!.id))!;
    expect(one).toMatchObject({ status: 'queued', batchId: batch, probes: ['http', 'tls'] });
    await store.markRunning(rows[0]!.id);
    await store.complete(rows[1]!.id, report(77, ['missing_csp']));
    await store.fail(rows[2]!.id, 'unreachable');
    expect(await store.batchCounts(batch)).toEqual({ queued: 127, running: 1, done: 1, failed: 1 });
    expect(await store.batchCounts(`${batch}-none`)).toEqual({ queued: 0, running: 0, done: 0, failed: 0 });
    const scans = await store.batchScans(batch);
    expect(scans).toHaveLength(130);
    expect(scans.find((s) => s.id === rows[1]!.id)).toEqual({ id: rows[1]!.id, url: rows[1]!.url, status: 'done' });
  });

  it('returns only finished batch scans, with reports and timings, across the id chunking', async () => {
    const batch = `results-${label}-${run}`;
    const rows = await store.createMany(Array.from({ length: 250 }, (_, i) => ({ host: `r.${run}.test`, url: `https://r.${run}.test/${i}`, batchId: batch })));
    await store.markRunning(rows[0]!.id, 1_000);
    await store.complete(rows[0]!.id, report(90, ['missing_coop']), 1_500);
    await store.fail(rows[249]!.id, "can't\u0000 reach", 2_000);
    const results = await store.batchResults(rows.map((r) => r.id));
    expect(results.map((r) => r.id).sort()).toEqual([rows[0]!.id, rows[249]!.id].sort());
    const done = results.find((r) => r.id === rows[0]!.id)!;
    expect(done).toMatchObject({ status: 'done', startedAt: 1_000, finishedAt: 1_500, error: null });
    expect(done.report!.findings[0]!.id).toBe('missing_coop');
    expect(results.find((r) => r.id === rows[249]!.id)).toMatchObject({ status: 'failed', report: null, error: "can't\uFFFD reach" });
  });

  it('a scan outside any batch has no batch id and no probe list', async () => {
    const s = await store.create({ host: `w.${run}.test`, url: `https://w.${run}.test/` });
    expect(await store.get(s.id)).toMatchObject({ batchId: null, probes: null });
  });

  it('lists recent full scans, counts active ones, and finds scans left running', async () => {
    const host = `life.${label}.${run}.test`;
    const a = await store.create({ host, url: `https://${host}/a`, now: Date.now() + 10_000 });
    const b = await store.create({ host, url: `https://${host}/b`, tool: 'headers' });
    // The PostgreSQL test database is shared with other test files running at the same time: only a lower bound holds.
    expect(await store.countActive()).toBeGreaterThanOrEqual(2);
    await store.markRunning(a.id, 5);
    expect((await store.staleRunning(10)).map((s) => s.id)).toContain(a.id);
    expect((await store.staleRunning(4)).map((s) => s.id)).not.toContain(a.id);
    await store.complete(a.id, report(64));
    await store.complete(b.id, report(50));
    const recent = await store.recent(50);
    expect(recent.map((r) => r.id)).toContain(a.id);
    // Focused-tool scans are not "full scans".
    expect(recent.map((r) => r.id)).not.toContain(b.id);
    expect(recent.find((r) => r.id === a.id)).toMatchObject({ score: 64, grade: 'B', tool: null, status: 'done' });
  });

  it('keeps a scan that measured nothing as done with a null score', async () => {
    const s = await store.create({ host: `null.${run}.test`, url: `https://null.${run}.test/` });
    await store.complete(s.id, report(null));
    expect(await store.get(s.id)).toMatchObject({ status: 'done', score: null, grade: null });
  });
});
