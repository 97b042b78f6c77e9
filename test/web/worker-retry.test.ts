/**
 * The durability promise of the scale-out setup: a `scorifya worker` that dies mid-scan loses nothing.
 * A real worker process takes a scan job, the lab target holds its first request so the scan is
 * certainly in flight, the worker is SIGKILLed (no clean-up, no job release), and a second worker
 * process picks the abandoned job up after its expiry and finishes the scan.
 *
 * The job expiry (sender side, per job) and the abandoned-job sweep (worker side) are shortened to
 * seconds here; production keeps 300 s and 120 s. The queue lives in its own pg-boss schema so the
 * workers of other test files sharing the database cannot take this job.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startHeaderSite, type HeaderSite } from '../lab/header-site.js';
import { GOOD_HEADERS } from '../support/evidence.js';
import { postgresTestUrl } from '../support/databases.js';
import { openDb, type OpenedDb } from '../../src/store/db.js';
import { ScanStore } from '../../src/store/scan-store.js';
import { PgBossQueue } from '../../src/queue/pg-boss.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARD = fileURLToPath(new URL('../support/loopback-guard.mjs', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SCHEMA = 'pgboss_worker_retry_test';
const JOB_EXPIRY_SECONDS = 3;
const SWEEP_SECONDS = 1;

const url = postgresTestUrl();

interface Worker {
  child: ChildProcess;
  stderr: () => string;
}

let site: HeaderSite;
let db: OpenedDb;
let store: ScanStore;
let sender: PgBossQueue;
let dir: string;
const workers: Worker[] = [];
/** Requests for the stalling page; the first is held open until the test ends. */
let slowRequests = 0;
let firstSlowRequest: () => void;
const firstSlowRequestSeen = new Promise<void>((resolve) => (firstSlowRequest = resolve));

async function dropQueueSchema(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The pg-boss jobs (live table and archive) carrying this scan id. */
async function queueJobs(scanId: string): Promise<{ state: string; retry_count: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT state, retry_count FROM ${SCHEMA}.job WHERE data->>'scanId' = $1
       UNION ALL SELECT state, retry_count FROM ${SCHEMA}.archive WHERE data->>'scanId' = $1`,
      [scanId],
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function startWorker(): Promise<Worker> {
  const args = [
    '--import', GUARD, CLI, 'worker',
    '--db', url!,
    '--concurrency', '1',
    '--queue-schema', SCHEMA,
    '--sweep-interval', String(SWEEP_SECONDS),
    '--allow-private',
    ...site.scanOptions.resolve.flatMap((r) => ['--resolve', r]),
    '--ca', join(dir, 'ca.pem'),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const worker = { child, stderr: () => stderr };
  workers.push(worker);
  const until = Date.now() + 15_000;
  while (!stderr.includes('worker running')) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`worker did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return worker;
}

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? child.exitCode);
    else child.once('exit', (code, signal) => resolve(signal ?? code));
  });

beforeAll(async () => {
  if (!url) {
    throw new Error(
      'worker-retry needs PostgreSQL: set DATABASE_URL_TEST or run .ci/services/postgres.sh (writes .ci/.env-test)',
    );
  }
  if (!existsSync(CLI)) throw new Error(`worker-retry runs the built CLI: ${CLI} is missing, run npx tsc -p tsconfig.json`);
  site = await startHeaderSite({
    '/slow': {
      headers: GOOD_HEADERS,
      // The first plain-http request is never answered: the scan that makes it is stuck in flight
      // (until the worker is killed). Every later request gets the usual redirect to https.
      http: (req) => {
        if (++slowRequests === 1) {
          firstSlowRequest();
          return { behaviour: 'stall' };
        }
        return { status: 301, headers: [['Location', `https://${req.headers.host}${req.url}`]] };
      },
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'scorifya-retry-'));
  writeFileSync(join(dir, 'ca.pem'), site.ca.certPem);
  await dropQueueSchema();
  db = await openDb(url);
  store = new ScanStore(db.db);
  // The web node's role: sends jobs, works none. It creates the queue schema before any worker starts.
  sender = new PgBossQueue({ connectionString: url, concurrency: 1, schema: SCHEMA, jobExpirySeconds: JOB_EXPIRY_SECONDS });
  await sender.start();
}, 60_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => exited(w.child)));
  await sender?.stop();
  await db?.close();
  await site?.close();
  if (url) await dropQueueSchema();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('a scan whose worker is SIGKILLed mid-scan is retried by another worker and finishes', async () => {
  const started = Date.now();
  const first = await startWorker();
  const row = await store.create({ host: 'api.target.test', url: site.url('/slow') });
  await sender.enqueue(row.id);

  // The first worker has the job and its scan is waiting on the stalled request.
  await Promise.race([
    firstSlowRequestSeen,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`first worker never reached the target: ${first.stderr()}`)), 15_000)),
  ]);
  expect((await store.get(row.id))?.status).toBe('running');
  first.child.kill('SIGKILL');
  expect(await exited(first.child)).toBe('SIGKILL');
  const killedAt = Date.now();

  await startWorker();
  let done = await store.get(row.id);
  while (done?.status !== 'done' && done?.status !== 'failed') {
    if (Date.now() - started > 40_000) throw new Error(`scan still ${done?.status} 40 s after enqueue; workers said: ${workers.map((w) => w.stderr()).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
    done = await store.get(row.id);
  }
  const finishedAt = Date.now();

  expect(done.status).toBe('done');
  const report = done.report!;
  expect(report.target).toBeTruthy();
  expect(typeof report.score).toBe('number');
  // The stored report is the second worker's: its scan started after the first worker was killed.
  expect(Date.parse(report.startedAt)).toBeGreaterThanOrEqual(killedAt);
  // The retry really went back to the target: the stalled request was followed by fresh ones.
  expect(slowRequests).toBeGreaterThan(1);
    // The worker stores the report before it tells pg-boss the job is complete: wait (bounded) for that.
  let jobs = await queueJobs(row.id);
  for (const until = Date.now() + 10_000; jobs[0]?.state !== 'completed' && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 100));
    jobs = await queueJobs(row.id);
  }
  // One job, completed after at least one retry (the first attempt expired with its worker; on a loaded
  // machine the short test expiry can also lapse once more while the second worker scans).
  expect(jobs).toHaveLength(1);
  expect(jobs[0]?.state).toBe('completed');
  expect(jobs[0]?.retry_count).toBeGreaterThanOrEqual(1);
  expect(finishedAt - started).toBeLessThan(45_000);
  console.log(`worker-retry: killed after ${killedAt - started} ms, done ${finishedAt - killedAt} ms after the kill, ${finishedAt - started} ms in all`);
}, 60_000);
