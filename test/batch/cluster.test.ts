/**
 * `scorifya batch --db postgres://…` (queue and leave, then follow with `--wait` from another process)
 * with two real `scorifya worker` processes. Worker 1 takes the first job, whose target holds the
 * request open, so its scan is certainly in flight; worker 2 joins, and worker 1 is SIGKILLed
 * mid-batch. Every target must finish exactly once (one row, one output line), the killed scan is
 * retried after its job expiry, and the six URLs of one host never ran at the same time (the
 * cluster-wide politeness lock).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startBatchLab, type BatchLab } from './lab.js';
import { postgresTestUrl } from '../support/databases.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARD = fileURLToPath(new URL('../support/loopback-guard.mjs', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const SCHEMA = 'pgboss_batch_cluster_test';
const BATCH = `cluster-test-${process.pid}-${Date.now()}`;
const url = postgresTestUrl();

interface Proc {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | string | null>;
}

let lab: BatchLab;
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

async function until(what: string, test: () => boolean | Promise<boolean>, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; processes said:\n${procs.map((p) => p.stderr()).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!url) throw new Error('the batch cluster test needs PostgreSQL: set DATABASE_URL_TEST or run .ci/services/postgres.sh');
  if (!existsSync(CLI)) throw new Error(`batch tests run the built CLI: ${CLI} is missing, run npm run build`);
  await sql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  lab = await startBatchLab();
}, 60_000);

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  if (url) await sql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await lab?.close();
}, 60_000);

it('two workers, one SIGKILLed mid-batch: every target finishes exactly once, one scan per host at a time', async () => {
  const names = ['hold', ...Array.from({ length: 23 }, (_, i) => `n${i}`), 'drag'];
  const targets = [
    `http://hold.batch.test:${lab.server.port}/`,
    ...names.slice(1, -1).map((n) => lab.url(n)),
    ...['/1', '/2', '/3', '/4', '/5', '/6'].map((p) => lab.url('drag', p)),
    lab.deadUrl,
  ];
  const file = join(lab.dir, 'cluster-targets.txt');
  writeFileSync(file, targets.join('\n') + '\n');
  const out = join(lab.dir, 'cluster-results.jsonl');
  const workerArgs = ['worker', '--db', url!, '--concurrency', '2', '--queue-schema', SCHEMA, '--sweep-interval', '1', ...lab.netArgs(names)];

  const worker1 = start(workerArgs);
  await until('worker 1', () => worker1.stderr().includes('worker running'));
  // Queue the batch and leave; then follow it from another process that attaches by batch id.
  const queueOnly = start(['batch', file, '--db', url!, '--only', 'http', '--queue-schema', SCHEMA, '--job-expiry', '4', '--batch-id', BATCH]);
  expect(await queueOnly.exited, queueOnly.stderr()).toBe(0);
  expect(queueOnly.stderr()).toContain(`batch ${BATCH}: queued 31 targets`);
  const batch = start(['batch', file, '--db', url!, '--wait', '--out', out, '--only', 'http', '--queue-schema', SCHEMA, '--job-expiry', '4', '--batch-id', BATCH]);
  // Worker 1 is the only worker: the held request is its scan.
  await lab.holdSeen;
  const worker2 = start(workerArgs);
  await until('worker 2', () => worker2.stderr().includes('worker running'));
  await until('a few results', async () => (await sql(`SELECT 1 FROM scans WHERE batch_id = $1 AND status = 'done'`, [BATCH])).length >= 3);
  worker1.child.kill('SIGKILL');
  expect(await worker1.exited).toBe('SIGKILL');

  expect(await Promise.race([batch.exited, new Promise((r) => setTimeout(() => r('timeout'), 75_000))]), batch.stderr()).toBe(0);

  // One output line per target, no repeats.
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  expect(lines.map((l) => l.target.input).sort()).toEqual([...targets].sort());
  // One row per target in the batch, all finished; the dead target measured nothing, the rest scored.
  const rows = await sql<{ url: string; host: string; status: string; score: number | null; started_at: string; finished_at: string; id: string }>(
    'SELECT id, url, host, status, score, started_at, finished_at FROM scans WHERE batch_id = $1',
    [BATCH],
  );
  expect(rows.map((r) => r.url).sort()).toEqual([...targets].sort());
  for (const r of rows) expect(r.status, r.url).toBe('done');
  expect(rows.filter((r) => r.score === null).map((r) => r.url)).toEqual([lab.deadUrl]);
  // The held scan's job expired with worker 1 and completed on its retry.
  const hold = rows.find((r) => r.host === 'hold.batch.test')!;
  const jobs = await sql<{ state: string; retry_count: number }>(
    `SELECT state, retry_count FROM ${SCHEMA}.job WHERE data->>'scanId' = $1 UNION ALL SELECT state, retry_count FROM ${SCHEMA}.archive WHERE data->>'scanId' = $1`,
    [hold.id],
  );
  expect(jobs.some((j) => j.state === 'completed' && j.retry_count >= 1), JSON.stringify(jobs)).toBe(true);
  // Politeness: the six scans of one host (each held 600 ms by the lab) ran one after another.
  const same = rows.filter((r) => r.host === 'drag.batch.test').map((r) => [Number(r.started_at), Number(r.finished_at)] as const).sort((a, b) => a[0] - b[0]);
  expect(same).toHaveLength(6);
  for (let i = 1; i < same.length; i++) expect(same[i]![0]).toBeGreaterThanOrEqual(same[i - 1]![1]);
  expect(batch.stderr()).toContain(`batch ${BATCH}: queued 0 targets (31 were already in it)`);
  expect(batch.stderr()).toMatch(/Batch: 31 targets in the output \(30 scored, 1 failed or unmeasured\)/);
}, 150_000);
