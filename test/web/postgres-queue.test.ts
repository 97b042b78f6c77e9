/**
 * The scale-out setup on PostgreSQL: a web node that only enqueues (pg-boss) and a separate worker
 * that runs the scan, sharing nothing but the database. Runs when DATABASE_URL_TEST is available.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebLab, waitForScan, type WebLab } from './web-lab.js';
import { postgresTestUrl } from '../support/databases.js';
import { openDb, type OpenedDb } from '../../src/store/db.js';
import { ScanStore } from '../../src/store/scan-store.js';
import { PgBossQueue } from '../../src/queue/pg-boss.js';
import { ScanRunner } from '../../src/queue/runner.js';
import { scan } from '../../src/engine/index.js';

const url = postgresTestUrl();
/** Our own queue: other test files' servers work jobs on the same database, with other labs' trust. */
const SCHEMA = 'test_web_queue';

describe.skipIf(!url)('PostgreSQL with pg-boss workers', () => {
  let lab: WebLab;
  let workerDb: OpenedDb;
  let worker: PgBossQueue;
  let worked = 0;
  let running = 0;
  let peak = 0;
  const runningPerHost = new Map<string, number>();
  let peakPerHost = 0;

  beforeAll(async () => {
    lab = await startWebLab({ db: url!, work: false, cooldownSeconds: 0, queueSchema: SCHEMA });
    workerDb = await openDb(url!);
    const runner = new ScanRunner({ store: new ScanStore(workerDb.db), scan: async (i, o) => {
        worked++;
        peak = Math.max(peak, ++running);
        const host = new URL(i).host;
        runningPerHost.set(host, (runningPerHost.get(host) ?? 0) + 1);
        peakPerHost = Math.max(peakPerHost, runningPerHost.get(host)!);
        try {
          return await scan(i, o);
        } finally {
          running--;
          runningPerHost.set(host, runningPerHost.get(host)! - 1);
        }
      }, scanOptions: lab.site.scanOptions });
    worker = new PgBossQueue({ connectionString: url!, runner, concurrency: 2, schema: SCHEMA });
    await worker.start();
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await workerDb?.close();
    await lab?.close();
  });

  it('refuses a signed-in scan (422): its headers would have to be stored in the queue for a worker', async () => {
    const res = await lab.server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: { url: lab.site.url('/good'), headers: ['Authorization: Bearer pg-secret-1'] } });
    expect(res.statusCode).toBe(422);
    expect(res.json().type).toBe('/problems/signed-in-scans-unavailable');
  });

  it('a job enqueued by the web node is run by the worker and readable from the web node', async () => {
    const res = await lab.server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: { url: lab.site.url('/good') } });
    expect(res.statusCode).toBe(202);
    const done = await waitForScan(lab.server, res.json().id, 30_000);
    expect(done.status).toBe('done');
    expect(done.report.findings.filter((f: { category: string }) => f.category === 'headers')).toEqual([]);
    expect(worked).toBeGreaterThanOrEqual(1);
    const events = await lab.server.app.inject({ url: `/api/v1/scans/${done.id}/events` });
    expect(events.body).toMatch(/event: end/);
    const page = await lab.server.app.inject({ url: `/scans/${done.id}`, headers: { accept: 'text/html' } });
    expect(page.body).toMatch(/Score \d+ out of 100/);
  });

  it('several jobs of one host finish one at a time, though the worker runs two at once (cluster politeness)', async () => {
    const ids = [];
    for (const p of ['/', '/evolving', '/hostile']) {
      ids.push((await lab.server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: { url: lab.site.url(p) } })).json().id);
    }
    for (const id of ids) expect((await waitForScan(lab.server, id, 30_000)).status).toBe('done');
    expect(peak).toBeLessThanOrEqual(2);
    // The web node names each job's host: a worker holding the host's lock keeps the others waiting.
    expect(peakPerHost).toBe(1);
  });
});
