/** The scan store on SQLite and (when available) PostgreSQL: same behaviour on both. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type OpenedDb } from '../../src/store/db.js';
import { ScanStore } from '../../src/store/scan-store.js';
import type { Report } from '../../src/model/report.js';
import { testDatabases } from '../support/databases.js';

const run = `${process.pid}-${Date.now()}`;
const host = (name: string) => `${name}-${run}.store.test`;

function report(score: number, ids: string[]): Report {
  return {
    schemaVersion: 1,
    target: { input: 'x', url: 'https://x/', host: 'x', schemeGiven: true, resolved: ['127.0.0.1'] },
    startedAt: new Date().toISOString(),
    durationMs: 12,
    score,
    grade: score >= 90 ? 'A' : 'C',
    caps: [],
    categories: [],
    findings: ids.map((id) => ({ id, category: 'headers', severity: 'low', title: `<b>${id}</b>`, pointsLost: 1, evidence: 'e', location: 'l' })),
    unavailable: [],
  };
}

describe.each(testDatabases())('scan store on %s', (_label, location) => {
  let opened: OpenedDb;
  let store: ScanStore;
  beforeAll(async () => {
    opened = await openDb(location);
    store = new ScanStore(opened.db);
  });
  afterAll(() => opened.close());

  it('migrates idempotently (opening twice is fine)', async () => {
    if (location === ':memory:') return expect(opened.kind).toBe('sqlite');
    const again = await openDb(location);
    await again.close();
    expect(opened.kind).toBe('postgres');
  });

  it('creates, runs, completes and reads back a scan with its report and progress', async () => {
    const h = host('life');
    const created = await store.create({ host: h, url: `https://${h}/` });
    expect(created.status).toBe('queued');
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await store.markRunning(created.id);
    await store.appendProgress(created.id, [{ probe: 'http', label: 'HTTP', state: 'start', at: 1 }]);
    expect((await store.get(created.id))!.progress).toHaveLength(1);
    await store.complete(created.id, report(93, ['missing_coop']));
    const got = (await store.get(created.id))!;
    expect(got).toMatchObject({ status: 'done', score: 93, grade: 'A', host: h });
    expect(typeof got.createdAt).toBe('number');
    expect(got.finishedAt).toBeGreaterThanOrEqual(got.createdAt);
    expect(got.report!.findings[0]!.title).toBe('<b>missing_coop</b>');
  });

  it('keeps a partial grade in the row, so lists and the badge show it; rows written before the mark read as not partial', async () => {
    const h = host('partial');
    const a = await store.create({ host: h, url: `https://${h}/`, now: 1_000 });
    await store.complete(a.id, { ...report(96, []), gradePartial: true, measured: { points: 65, of: 100 } });
    expect(await store.latestDone(h)).toMatchObject({ id: a.id, grade: 'A', gradePartial: true });
    expect((await store.get(a.id))!.gradePartial).toBe(true);
    const b = await store.create({ host: h, url: `https://${h}/`, now: 2_000 });
    await store.complete(b.id, report(96, []));
    expect((await store.byHost(h)).map((s) => [s.id, s.gradePartial])).toEqual([[b.id, false], [a.id, true]]);
    // The row keeps the mark in its grade column; a row written before the mark existed has the bare letter.
    expect((await opened.db.selectFrom('scans').select('grade').where('id', '=', a.id).executeTakeFirstOrThrow()).grade).toBe('A*');
    expect((await opened.db.selectFrom('scans').select('grade').where('id', '=', b.id).executeTakeFirstOrThrow()).grade).toBe('A');
  });

  it('lists by host newest first, finds the latest done scan, and marks failures', async () => {
    const h = host('hist');
    const a = await store.create({ host: h, url: `https://${h}/`, now: 1_000 });
    const b = await store.create({ host: h, url: `https://${h}/`, now: 2_000 });
    const c = await store.create({ host: h, url: `https://${h}/`, now: 3_000 });
    await store.complete(a.id, report(50, []));
    await store.complete(b.id, report(70, []));
    await store.fail(c.id, 'boom');
    expect((await store.byHost(h)).map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    expect((await store.latestDone(h))!.id).toBe(b.id);
    expect((await store.get(c.id))!).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('reuses a running scan or a fresh result (cooldown), but not an old one or one of a tool', async () => {
    const h = host('cool');
    const url = `https://${h}/`;
    const running = await store.create({ host: h, url });
    expect((await store.reusable(url, null, Date.now()))!.id).toBe(running.id);
    expect(await store.reusable(url, 'headers', 0)).toBeUndefined();
    await store.complete(running.id, report(80, []), 5_000);
    expect((await store.reusable(url, null, 4_000))!.id).toBe(running.id);
    expect(await store.reusable(url, null, 6_000)).toBeUndefined();
  });

  it('purges scans older than the retention cutoff', async () => {
    const h = host('old');
    const old = await store.create({ host: h, url: `https://${h}/`, now: 10 });
    const fresh = await store.create({ host: h, url: `https://${h}/`, now: Date.now() });
    expect(await store.purgeOlderThan(1_000)).toBeGreaterThanOrEqual(1);
    expect(await store.get(old.id)).toBeUndefined();
    expect(await store.get(fresh.id)).toBeDefined();
  });

  it('stores hostile text verbatim (the renderer escapes, the store must not mangle)', async () => {
    const h = host('hostile');
    const s = await store.create({ host: h, url: `https://${h}/?q='";--<script>` });
    await store.fail(s.id, "'); DROP TABLE scans; --\u0000<img src=x onerror=alert(1)>");
    const got = (await store.get(s.id))!;
    expect(got.url).toBe(`https://${h}/?q='";--<script>`);
    expect(got.error).toContain('DROP TABLE scans');
    expect(await store.get(s.id)).toBeDefined();
  });
});
