/**
 * The database-outage scenario (issue 25): a private PostgreSQL cluster, `serve` (with its job
 * runner), two `scorifya worker`s and `batch --wait` on N lab targets. While the batch runs, the
 * database is restarted (`pg_ctl restart -m fast`), the app's sessions are killed
 * (`pg_terminate_backend`), and the database is stopped for a few seconds and started again. The
 * test (N = 60) and `npm run bench -- batch-outage` (N = 300) both run it and check the result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startBatchLab, type BatchLab } from './lab.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARD = fileURLToPath(new URL('../support/loopback-guard.mjs', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface Proc {
  name: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | string | null>;
}

export interface OutageResult {
  targets: string[];
  /** Target inputs of the output file, one per line. */
  outputInputs: string[];
  rows: { url: string; status: string; score: number | null; error: string | null }[];
  batchExit: number | string | null;
  /** Every process other than the batch, and whether it was still running at the end. */
  survivors: { name: string; alive: boolean; stderr: string }[];
  batchStderr: string;
  /** /healthz while the database was stopped, and after it was back. */
  healthDuringOutage: { status: number; body: { status?: string; database?: { state?: string; reason?: string } } };
  healthAfter: { status: number; body: { status?: string } };
  elapsedMs: number;
  /** What was left unfinished and what each process said, for a failure message. */
  diagnostics: string;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class OutageScenario {
  readonly procs: Proc[] = [];
  db!: PrivatePostgres;
  lab!: BatchLab;

  async setUp(): Promise<void> {
    this.db = await startPrivatePostgres();
    this.lab = await startBatchLab();
  }

  async tearDown(): Promise<void> {
    for (const p of this.procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(this.procs.map((p) => p.exited));
    await this.lab?.close();
    await this.db?.destroy();
  }

  private start(name: string, args: string[]): Proc {
    const child = spawn(process.execPath, ['--import', GUARD, CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | string | null>((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
    const proc = { name, child, stderr: () => stderr, exited };
    this.procs.push(proc);
    return proc;
  }

  private async until(what: string, test: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await test())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; processes said:\n${this.procs.map((p) => `[${p.name}]\n${p.stderr()}`).join('\n---\n')}`);
      await sleep(100);
    }
  }

  async sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.db.url });
    await client.connect();
    try {
      return (await client.query<T>(text, params)).rows;
    } finally {
      await client.end();
    }
  }

  private async doneCount(batchId: string): Promise<number> {
    try {
      return Number((await this.sql<{ n: string }>(`SELECT count(*) AS n FROM scans WHERE batch_id = $1 AND status IN ('done', 'failed')`, [batchId]))[0]!.n);
    } catch {
      return -1; // the scans table is not there yet
    }
  }

  private async health(port: number): Promise<{ status: number; body: Record<string, never> }> {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, never> };
  }

  /** `count` targets: a third are slow (600 ms) hosts so scans are in flight whenever the database goes. */
  async run(count: number): Promise<OutageResult> {
    const t0 = Date.now();
    const names = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? `drag${i}` : `n${i}`));
    const targets = names.map((n) => this.lab.url(n));
    const file = join(this.lab.dir, 'outage-targets.txt');
    writeFileSync(file, targets.join('\n') + '\n');
    const out = join(this.lab.dir, 'outage-results.jsonl');
    const batchId = `outage-${process.pid}-${Date.now()}`;
    const url = this.db.url;
    const net = this.lab.netArgs(names);

    const port = await freePort();
    const serve = this.start('serve', ['serve', '--db', url, '--port', String(port), '--concurrency', '1', '--retention-days', '0', ...net]);
    await this.until('serve', () => serve.stderr().includes('web app on'));
    const workers = [1, 2].map((i) => this.start(`worker ${i}`, ['worker', '--db', url, '--concurrency', '2', ...net]));
    await this.until('workers', () => workers.every((w) => w.stderr().includes('worker running')));
    const batch = this.start('batch --wait', ['batch', file, '--db', url, '--wait', '--out', out, '--only', 'http', '--batch-id', batchId]);

    // 1. A restart, as the issue did it, once a tenth of the batch is done.
    await this.until('a tenth done', async () => (await this.doneCount(batchId)) >= count / 10);
    await this.db.restart();
    // 2. The app's sessions killed, once another tenth is done.
    const afterRestart = await this.doneCount(batchId);
    await this.until('more done after the restart', async () => (await this.doneCount(batchId)) >= afterRestart + count / 10);
    await this.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`);
    // 3. The database away for a while (long enough for the batch's progress line, every 5 s, to show it).
    const afterKill = await this.doneCount(batchId);
    await this.until('more done after the killed sessions', async () => (await this.doneCount(batchId)) >= afterKill + count / 10);
    await this.db.stop();
    await sleep(2500);
    const healthDuringOutage = await this.health(port);
    await sleep(5500);
    await this.db.start();

    const batchExit = await Promise.race([batch.exited, sleep(count * 1000).then(() => 'timeout')]);
    await this.until('serve healthy again', async () => (await this.health(port)).status === 200, 15_000);
    const healthAfter = await this.health(port);
    const outputInputs = readFileSync(out, 'utf8').trimEnd().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { target: { input: string } }).target.input);
    const rows = await this.sql<{ url: string; status: string; score: number | null; error: string | null }>('SELECT url, status, score, error FROM scans WHERE batch_id = $1', [batchId]);
    const survivors = [serve, ...workers].map((p) => ({ name: p.name, alive: p.child.exitCode === null && p.child.signalCode === null, stderr: p.stderr() }));
    const stuck = await this.sql(
      `SELECT s.id, s.url, s.status, j.state, j.retry_count, j.started_on FROM scans s LEFT JOIN pgboss.job j ON j.data->>'scanId' = s.id WHERE s.batch_id = $1 AND s.status NOT IN ('done', 'failed')`,
      [batchId],
    );
    const diagnostics = `unfinished: ${JSON.stringify(stuck)}\n${this.procs.map((p) => `[${p.name}]\n${p.stderr()}`).join('\n---\n')}`;
    return { targets, outputInputs, rows, batchExit, survivors, batchStderr: batch.stderr(), healthDuringOutage, healthAfter, elapsedMs: Date.now() - t0, diagnostics };
  }
}
