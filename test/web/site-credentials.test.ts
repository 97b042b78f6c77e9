/**
 * How a signed-in scan's headers travel from the request to the job: held in memory by scan id, taken
 * by the job when it starts (nothing left behind), never through a queue whose jobs may run elsewhere,
 * and a job whose headers are gone (the process restarted) fails instead of scanning anonymously.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type OpenedDb } from '../../src/store/db.js';
import { ScanStore } from '../../src/store/scan-store.js';
import { ScanRunner, CREDENTIALS_GONE } from '../../src/queue/runner.js';
import { SiteCredentials } from '../../src/queue/site-credentials.js';
import { ScanService } from '../../src/server/scan-service.js';
import { withDefaults } from '../../src/server/config.js';
import { HttpProblem } from '../../src/server/problem.js';
import type { JobQueue } from '../../src/queue/queue.js';
import type { ScanOptions, ScanResult } from '../../src/engine/scan.js';
import type { RawHeader } from '../../src/model/http.js';

const HEADERS: RawHeader[] = [['Authorization', 'Bearer held-value-3k9'], ['Cookie', 'sid=held-cookie-8q1']];
const config = withDefaults({ db: ':memory:', allowPrivate: true });

let opened: OpenedDb;
let store: ScanStore;
const enqueued: string[] = [];
const queue: JobQueue = { enqueue: async (id) => void enqueued.push(id), start: async () => {}, stop: async () => {} };
beforeEach(async () => {
  opened = await openDb(':memory:');
  store = new ScanStore(opened.db);
  enqueued.length = 0;
});
afterEach(async () => opened.close());

/** A stand-in for the engine that records the options it was given and returns a tiny report. */
function recordingScan(seen: ScanOptions[]) {
  return async (_input: string, options: ScanOptions): Promise<ScanResult> => {
    seen.push(options);
    return { report: { score: 90, grade: 'A', findings: [], categories: [] } as never, evidence: {} as never };
  };
}

describe('the headers of a signed-in scan', () => {
  it('wait in memory for the job, which takes them: the engine gets them, nothing is left behind', async () => {
    const credentials = new SiteCredentials();
    const service = new ScanService(store, queue, config, credentials);
    const { scan, reused } = await service.submit('https://127.0.0.1/', null, { siteHeaders: HEADERS });
    expect(reused).toBe(false);
    expect(scan.siteHeaders).toEqual(['Authorization', 'Cookie']);
    expect(enqueued).toEqual([scan.id]);
    expect(credentials.size).toBe(1);
    const seen: ScanOptions[] = [];
    await new ScanRunner({ store, scan: recordingScan(seen), scanOptions: {}, credentials }).run(scan.id);
    expect(seen[0]!.siteHeaders).toEqual(HEADERS);
    expect(credentials.size).toBe(0);
    expect((await store.get(scan.id))!.status).toBe('done');
    // The row holds the names, and no value in any column.
    const row = await opened.db.selectFrom('scans').selectAll().where('id', '=', scan.id).executeTakeFirstOrThrow();
    expect(row.site_headers).toBe('Authorization,Cookie');
    expect(JSON.stringify(row)).not.toMatch(/held-value|held-cookie/);
  });

  it('two identical signed-in requests make two scans, and neither is reused by an anonymous one', async () => {
    const service = new ScanService(store, queue, config, new SiteCredentials());
    const [a, b] = await Promise.all([service.submit('https://127.0.0.1/', null, { siteHeaders: HEADERS }), service.submit('https://127.0.0.1/', null, { siteHeaders: HEADERS })]);
    expect(a.scan.id).not.toBe(b.scan.id);
    const anonymous = await service.submit('https://127.0.0.1/');
    expect(anonymous.reused).toBe(false);
    expect([a.scan.id, b.scan.id]).not.toContain(anonymous.scan.id);
  });

  it('are refused when jobs may run in another process (PostgreSQL workers): 422, nothing stored or queued', async () => {
    const service = new ScanService(store, queue, config);
    const error = await service.submit('https://127.0.0.1/', null, { siteHeaders: HEADERS }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error.status).toBe(422);
    expect(error.type).toBe('/problems/signed-in-scans-unavailable');
    expect(error.detail).toContain('refuses such scans rather than store credentials');
    expect(enqueued).toEqual([]);
    expect(await store.countActive()).toBe(0);
    // An anonymous scan on the same server is fine.
    expect((await service.submit('https://127.0.0.1/')).reused).toBe(false);
  });

  it('a job whose headers are gone (the process restarted) fails with the reason, and never scans anonymously', async () => {
    const created = await store.create({ host: '127.0.0.1', url: 'https://127.0.0.1/', siteHeaders: ['Authorization'] });
    const seen: ScanOptions[] = [];
    await new ScanRunner({ store, scan: recordingScan(seen), scanOptions: {}, credentials: new SiteCredentials() }).run(created.id);
    expect(seen).toEqual([]);
    const row = await store.get(created.id);
    expect(row!.status).toBe('failed');
    expect(row!.error).toBe(CREDENTIALS_GONE);
  });

  it('a failed enqueue (queue full) discards them', async () => {
    const credentials = new SiteCredentials();
    const full: JobQueue = { ...queue, enqueue: async () => Promise.reject(Object.assign(new Error('full'), { name: 'QueueFullError' })) };
    const service = new ScanService(store, full, config, credentials);
    await expect(service.submit('https://127.0.0.1/', null, { siteHeaders: HEADERS })).rejects.toThrow();
    expect(credentials.size).toBe(0);
  });
});
