/**
 * Issue 25, item 2: a SIGKILLed worker's scan is retried within 60 s (not after the 300 s job
 * expiry), and `batch --wait` stops counting it as running once the worker has missed its heartbeats.
 * The job expiry and pg-boss sweep are left at their defaults (300 s, 120 s), so only the heartbeat
 * sweep (src/queue/job-leases.ts) can make the deadline. A private PostgreSQL cluster.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startBatchLab, type BatchLab } from './lab.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARD = fileURLToPath(new URL('../support/loopback-guard.mjs', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

interface Proc {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | string | null>;
}

let lab: BatchLab;
let db: PrivatePostgres;
const procs: Proc[] = [];

function start(args: string[]): Proc {
  const child = spawn(process.execPath, ['--import', GUARD, CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | string | null>((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
  const proc = { child, stderr: () => stderr, exited };
  procs.push(proc);
  return proc;
}

async function until(what: string, test: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; processes said:\n${procs.map((p) => p.stderr()).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`batch tests run the built CLI: ${CLI} is missing, run npm run build`);
  db = await startPrivatePostgres();
  lab = await startBatchLab();
}, 60_000);

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  await lab?.close();
  await db?.destroy();
}, 60_000);

it('a SIGKILLed worker: its scan is queued again and done within 60 s, and is not shown as running meanwhile', async () => {
  const names = ['hold', ...Array.from({ length: 5 }, (_, i) => `n${i}`)];
  const targets = [`http://hold.batch.test:${lab.server.port}/`, ...names.slice(1).map((n) => lab.url(n))];
  const file = join(lab.dir, 'dead-worker-targets.txt');
  writeFileSync(file, targets.join('\n') + '\n');
  const out = join(lab.dir, 'dead-worker-results.jsonl');
  const workerArgs = ['worker', '--db', db.url, '--concurrency', '1', ...lab.netArgs(names)];

  const worker1 = start(workerArgs);
  await until('worker 1', () => worker1.stderr().includes('worker running'), 30_000);
  const batch = start(['batch', file, '--db', db.url, '--wait', '--out', out, '--only', 'http']);
  // Worker 1 is alone and takes the first job: the held request is its scan, which never ends by itself.
  await lab.holdSeen;
  const worker2 = start(workerArgs);
  await until('worker 2', () => worker2.stderr().includes('worker running'), 30_000);
  await until('the other targets', async () => (await sql(`SELECT 1 FROM scans WHERE status = 'done'`)).length === targets.length - 1, 30_000);
  const [held] = await sql<{ id: string; status: string }>(`SELECT id, status FROM scans WHERE host = 'hold.batch.test'`);
  expect(held!.status).toBe('running');

  worker1.child.kill('SIGKILL');
  const killedAt = Date.now();
  expect(await worker1.exited).toBe('SIGKILL');
  const progressBefore = batch.stderr().length;

  expect(await Promise.race([batch.exited, new Promise((r) => setTimeout(() => r('timeout'), 60_000))]), batch.stderr()).toBe(0);
  const recoveredMs = Date.now() - killedAt;
  expect(recoveredMs).toBeLessThan(60_000);
  console.log(`dead-worker: the killed worker's scan was done again ${recoveredMs} ms after the kill`);
  // Worker 2 says what happened, in one line, and ran the scan again.
  expect(worker2.stderr()).toMatch(new RegExp(`scan ${held!.id} was left by a worker that stopped; queued again`));
  const [row] = await sql<{ status: string; score: number | null }>('SELECT status, score FROM scans WHERE id = $1', [held!.id]);
  expect(row).toMatchObject({ status: 'done' });
  const jobs = await sql<{ state: string; retry_count: number }>(`SELECT state, retry_count FROM pgboss.job WHERE data->>'scanId' = $1`, [held!.id]);
  expect(jobs.some((j) => j.state === 'completed' && j.retry_count === 1), JSON.stringify(jobs)).toBe(true);
  // After the kill the progress never counted more than 0 running for longer than the heartbeat
  // window: every line after it says 0 running or calls the scan stalled.
  const after = batch.stderr().slice(progressBefore).split('\n').filter((l) => l.startsWith('batch: '));
  const runningLines = after.filter((l) => / 1 running/.test(l));
  expect(runningLines.length, after.join('\n')).toBeLessThanOrEqual(3);
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(targets.length);
}, 150_000);
