// `npm run bench -- batch`: throughput and memory of `scorifya batch` on loopback lab targets.
// 1,000 names (t0000…t0999.batch.test, pinned to one lab server with --resolve and a wildcard lab
// certificate), scanned headers-only (--only http) and in full, first in one process (the embedded
// default) and then queued on PostgreSQL for 2 `scorifya worker` processes. Prints scans/minute and
// the peak RSS of every process (GNU time's %M). Goals (issue 10, 2-core machine): 1,000 headers-only
// in < 60 s with peak RSS < 300 MB; full scans at >= 10/s.
// BENCH_BATCH_TARGETS (default 1000), BENCH_BATCH_FULL (full-scan targets, default 1000),
// BENCH_BATCH_CONCURRENCY (default: the batch default), BENCH_BATCH_WORKER_CONCURRENCY (default 16),
// BENCH_BATCH_SKIP=local|cluster, BENCH_BATCH_PROF=1 (write --cpu-prof profiles to $TMPDIR/scorifya-batch-prof/).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startBatchLab } from '../test/batch/lab.js';
import { postgresTestUrl } from '../test/support/databases.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const TARGETS = Number(process.env.BENCH_BATCH_TARGETS ?? 1000);
const FULL = Number(process.env.BENCH_BATCH_FULL ?? 1000);
const WORKER_CONCURRENCY = process.env.BENCH_BATCH_WORKER_CONCURRENCY ?? '16';
const SKIP = process.env.BENCH_BATCH_SKIP ?? '';
const PROF = process.env.BENCH_BATCH_PROF === '1';
const SCHEMA = 'pgboss_batch_bench';
const PROF_DIR = join(tmpdir(), 'scorifya-batch-prof');

if (!existsSync(CLI)) throw new Error('run npm run build first');
const lab = await startBatchLab();
const names = Array.from({ length: Math.max(TARGETS, FULL) }, (_, i) => `t${String(i).padStart(4, '0')}`);
const netArgs = lab.netArgs(names);

interface Run {
  code: number | null;
  stderr: string;
  peakRssMb: number;
  wallMs: number;
}

/** Run the CLI under GNU time (peak RSS), with the lab in this process kept serving. */
function cli(args: string[], label: string, onSpawn?: (kill: (sig: NodeJS.Signals) => void) => void): Promise<Run> {
  const prof = PROF ? ['--cpu-prof', '--cpu-prof-dir', PROF_DIR, `--cpu-prof-name=${label}.cpuprofile`] : [];
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M', process.execPath, ...prof, CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  onSpawn?.((sig) => {
    // GNU time forwards nothing: signal the Node process itself (time's only child).
    const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    if (pid) process.kill(pid, sig);
  });
  return new Promise((resolve) =>
    child.on('close', (code) =>
      resolve({ code, stderr, peakRssMb: Number(/PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024, wallMs: performance.now() - t0 }),
    ),
  );
}

function targetsFile(count: number, label: string): string {
  const file = join(lab.dir, `${label}.txt`);
  writeFileSync(file, names.slice(0, count).map((n) => lab.url(n)).join('\n') + '\n');
  return file;
}

/** CPU the lab servers (this process) used since the last report: if near wall time, the lab is the limit. */
let labCpu = process.cpuUsage();
function labLoad(wallMs: number): string {
  const used = process.cpuUsage(labCpu);
  labCpu = process.cpuUsage();
  return `; lab servers used ${((used.user + used.system) / 1000 / wallMs * 100).toFixed(0)}% of a core`;
}

function report(label: string, count: number, run: Run, extra = ''): void {
  const scanned = /(\d+) scanned now in ([\d.]+) s/.exec(run.stderr);
  const seconds = scanned ? Number(scanned[2]) : run.wallMs / 1000;
  if (run.code !== 0) console.log(`${label}: exit ${run.code}\n${run.stderr.slice(-2000)}`);
  console.log(
    `${label}: ${count} targets in ${seconds.toFixed(1)} s = ${((count / seconds) * 60).toFixed(0)} scans/min (${(count / seconds).toFixed(1)}/s), ` +
      `process wall ${(run.wallMs / 1000).toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB${extra}${labLoad(run.wallMs)}`,
  );
}

if (PROF) mkdirSync(PROF_DIR, { recursive: true });
const concurrency = process.env.BENCH_BATCH_CONCURRENCY ? ['--concurrency', process.env.BENCH_BATCH_CONCURRENCY] : [];
console.log(`batch bench: ${TARGETS} headers-only and ${FULL} full-scan loopback targets; load average now ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);

try {
  if (SKIP !== 'local') {
    for (const [label, count, only] of [
      ['embedded, headers-only', TARGETS, ['--only', 'http']],
      ['embedded, full scans', FULL, []],
      ['embedded, full scans, 2 processes', FULL, ['--processes', '2']],
    ] as const) {
      if (!count) continue;
      const out = join(lab.dir, `${label.replace(/\W+/g, '-')}.jsonl`);
      const run = await cli(['batch', targetsFile(count, label.replace(/\W+/g, '-')), '--out', out, ...only, ...concurrency, ...netArgs], label.replace(/\W+/g, '-'));
      const text = readFileSync(out, 'utf8');
      const lines = text.split('\n').filter(Boolean).length;
      report(label, count, run, `, ${(Buffer.byteLength(text) / Math.max(1, lines) / 1024).toFixed(1)} KB of JSON per target${lines === count ? '' : ` — only ${lines} results written!`}`);
    }
  }

  const url = postgresTestUrl();
  if (SKIP !== 'cluster' && url) {
    const sql = async (text: string, params: unknown[] = []) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(text, params)).rows;
      } finally {
        await c.end();
      }
    };
    for (const [label, count, only] of [
      ['PostgreSQL + 2 workers, headers-only', TARGETS, ['--only', 'http']],
      ['PostgreSQL + 2 workers, full scans', FULL, []],
    ] as const) {
      if (!count) continue;
      await sql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      const stops: ((sig: NodeJS.Signals) => void)[] = [];
      const workerArgs = ['worker', '--db', url, '--concurrency', WORKER_CONCURRENCY, '--queue-schema', SCHEMA, ...netArgs];
      // The first worker creates the queue schema; the second starts once it exists.
      const w1 = cli(workerArgs, 'worker1', (k) => stops.push(k));
      await new Promise((r) => setTimeout(r, 4000));
      const w2 = cli(workerArgs, 'worker2', (k) => stops.push(k));
      await new Promise((r) => setTimeout(r, 3000));
      const file = targetsFile(count, `pg-${label.replace(/\W+/g, '-')}`);
      const out = join(lab.dir, `pg-${label.replace(/\W+/g, '-')}.jsonl`);
      const batchId = `bench-${Date.now()}`;
      const run = await cli(['batch', file, '--db', url, '--wait', '--out', out, '--queue-schema', SCHEMA, ...only, '--batch-id', batchId], 'batch-pg');
      for (const stop of stops) stop('SIGTERM');
      const [r1, r2] = await Promise.all([w1, w2]);
      const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean).length;
      // What the batch left in PostgreSQL: scan rows (as stored, after TOAST compression) and queue jobs.
      const [rows] = await sql(
        'SELECT count(*)::int AS n, avg(length(report))::int AS text, avg(pg_column_size(report))::int AS report, avg(pg_column_size(s.*))::int AS bytes FROM scans s WHERE batch_id = $1',
        [batchId],
      );
      const [jobs] = await sql(`SELECT (SELECT count(*) FROM ${SCHEMA}.job)::int + (SELECT count(*) FROM ${SCHEMA}.archive)::int AS n`);
      console.log(`  ${label}: ${rows.n} scan rows; report ${rows.text} characters, stored ${rows.report} bytes (compressed), row ${rows.bytes} bytes; ${jobs.n} pg-boss job rows (deferrals included)`);
      await sql('DELETE FROM scans WHERE batch_id = $1', [batchId]);
      report(label, count, run, ` (batch --wait process); workers peak RSS ${r1.peakRssMb.toFixed(0)} MB and ${r2.peakRssMb.toFixed(0)} MB${lines === count ? '' : ` — only ${lines} results written!`}`);
    }
    await sql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  } else if (!url) console.log('PostgreSQL runs skipped: no DATABASE_URL_TEST (run .ci/services/postgres.sh)');
} finally {
  await lab.close();
}
