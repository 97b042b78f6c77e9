/**
 * The `scorifya batch` command at run time: read the targets, pick up an interrupted output file,
 * run the scans here or through the PostgreSQL queue, show progress, write results, print the summary.
 * Ctrl-C stops cleanly: scans in flight are dropped (a resume runs them), the output keeps whole lines.
 */
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { InputError } from '../engine/errors.js';
import { checkQueueSchema } from '../queue/schema-name.js';
import { errorLine, surviveDatabaseRejections } from '../store/db-health.js';
import { escapeTerminal } from '../report/escape.js';
import { netOptionsFrom, type NetCliOptions } from '../engine/net-options.js';
import { EXIT } from '../engine/exit-codes.js';
import type { Report } from '../model/report.js';
import type { ScanOptions } from '../engine/scan.js';
import { parseTargets, type BatchTarget } from './targets.js';
import { formatForPath, openResultsWriter, readExistingResults, type ResultsWriter } from './output.js';
import type { BatchOutcome } from './outcome.js';
import { BatchProgress, type ProgressCounts } from './progress.js';
import { renderSummary } from './summary.js';

export interface BatchCliOptions extends NetCliOptions {
  out?: string;
  resume?: boolean;
  concurrency?: number;
  processes: number;
  only?: string;
  dnsServer?: string[];
  dnssecAnchor?: string;
  /** Seconds. The numbers are checked where they are read (engine/option-values.ts, by the CLI). */
  scanTimeout: number;
  db?: string;
  wait?: boolean;
  batchId?: string;
  queueSchema: string;
  jobExpiry: number;
}

/** Scans are mostly waiting on the network: several per core keep the CPU busy without starving it. */
export const defaultConcurrency = (): number => Math.min(64, Math.max(4, availableParallelism() * 8));

function readTargetsFile(file: string): string {
  try {
    if (statSync(file).isDirectory()) throw new InputError(`${file} is a directory, not a targets file`);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read the targets file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function validateOnly(only: string | undefined): Promise<string[] | undefined> {
  if (!only) return undefined;
  const keys = only.split(',').map((p) => p.trim()).filter(Boolean);
  const known = (await import('../engine/scan.js')).probeKeys();
  const unknown = keys.find((k) => !known.includes(k));
  if (unknown !== undefined || !keys.length) throw new InputError(`--only: unknown probe '${unknown ?? only}': choose from ${known.join(', ')}`);
  return keys;
}

/** Resolves on the first Ctrl-C (or SIGTERM); a second one exits at once (the output is still whole lines). */
function interruption(): { stopped: Promise<void>; dispose(): void } {
  let resolve!: () => void;
  const stopped = new Promise<void>((r) => (resolve = r));
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) {
      process.stderr.write('\nscorifya batch: stopping (Ctrl-C again to quit at once)…\n');
      resolve();
    } else process.exit(EXIT.INTERRUPTED);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return { stopped, dispose: () => (process.off('SIGINT', handler), process.off('SIGTERM', handler)) };
}

export async function runBatch(file: string, opts: BatchCliOptions): Promise<void> {
  const list = parseTargets(readTargetsFile(file));
  for (const b of list.bad) process.stderr.write(`scorifya batch: ${escapeTerminal(file)} line ${b.line} skipped: ${escapeTerminal(b.reason)}\n`);
  if (!list.targets.length) throw new InputError(`${file} holds no usable target`);
  const probes = await validateOnly(opts.only);
  const concurrency = opts.concurrency ?? defaultConcurrency();
  const processes = opts.processes;
  const scanTimeoutMs = opts.scanTimeout * 1000;
  if (opts.resume && !opts.out) throw new InputError('--resume needs --out FILE (the output to continue)');
  if (opts.wait && !opts.db) throw new InputError('--wait follows a batch queued with --db postgres://…');
  if (opts.out && !opts.resume && existsSync(opts.out) && statSync(opts.out).size > 0) {
    throw new InputError(`${opts.out} already holds results: add --resume to continue it, or choose another file`);
  }
  const format = opts.out && !opts.json ? formatForPath(opts.out) : 'jsonl';
  const existing = opts.resume && opts.out ? readExistingResults(opts.out, format) : { outcomes: [], truncatedBytes: 0 };
  if (existing.truncatedBytes) process.stderr.write(`scorifya batch: cut a torn last line (${existing.truncatedBytes} bytes) from ${escapeTerminal(opts.out!)}\n`);

  const inList = new Set(list.targets.map((t) => t.input));
  const outcomes: BatchOutcome[] = existing.outcomes.filter((o) => inList.has(o.input));
  const already = new Set(outcomes.map((o) => o.input));
  const todo = list.targets.filter((t) => !already.has(t.input));
  if (opts.resume) process.stderr.write(`scorifya batch: ${already.size} targets already in ${escapeTerminal(opts.out!)}, ${todo.length} to go\n`);

  // Local scan options are checked (CA files read, DNS servers parsed) before the output is touched.
  let localScanOptions: Omit<ScanOptions, 'signal' | 'onProgress'> | undefined;
  if (!opts.db) {
    if (opts.dnsServer?.length || opts.dnssecAnchor) {
      const { validateDnsOptions } = await import('../engine/dns-options.js');
      validateDnsOptions(opts);
    }
    // The same DNS options as `scorifya scan` (and `serve`, `worker`), so each line is the report a scan gives.
    localScanOptions = {
      ...netOptionsFrom(opts),
      ...(probes ? { probes } : {}),
      ...(opts.dnsServer?.length || opts.dnssecAnchor
        ? { dns: { ...(opts.dnsServer?.length ? { dnsServers: opts.dnsServer } : {}), ...(opts.dnssecAnchor ? { dnssecAnchor: opts.dnssecAnchor } : {}) } }
        : {}),
    };
  }

  // Queue-only (--db without --wait) writes no results here: the workers store them in the database.
  const queueOnly = Boolean(opts.db && !opts.wait);
  const writer: ResultsWriter = queueOnly
    ? { format, write: () => undefined, close: () => undefined }
    : opts.out
      ? openResultsWriter({ path: opts.out, append: Boolean(opts.resume) }, format) : openResultsWriter({ stream: process.stdout }, format);
  const progress = new BatchProgress({ stream: process.stderr });
  const counts: ProgressCounts = { done: outcomes.length, total: list.targets.length, failed: outcomes.filter((o) => o.status !== 'done').length, running: 0 };
  const record = (outcome: BatchOutcome, report: Report | null) => {
    writer.write(outcome, report);
    outcomes.push(outcome);
    counts.done++;
    if (outcome.status !== 'done') counts.failed++;
    progress.update(counts);
  };
  const stop = interruption();
  let pool: import('./process-pool.js').ScanProcessPool | undefined;
  const t0 = Date.now();
  let ranNow = 0;
  let interrupted = false;
  try {
    if (opts.db) {
      const queued = await runOnCluster(file, opts, todo, probes, (c) => {
        counts.running = c.running;
        counts.stalled = c.stalled;
        if (c.dbDownSince !== undefined) counts.dbDownSince = c.dbDownSince;
        else delete counts.dbDownSince;
        progress.update(counts);
      }, (o, r) => {
        ranNow++;
        record(o, r);
      }, stop.stopped, () => progress.start(counts));
      if (queued === 'queued-only') return;
      interrupted = queued === 'interrupted';
    } else {
      const { LocalBatchRunner } = await import('./local-runner.js');
      const { scan } = await import('../engine/scan.js');
      const scanOptions = localScanOptions!;
      if (processes > 1) {
        const { ScanProcessPool } = await import('./process-pool.js');
        pool = await ScanProcessPool.start(processes, scanOptions);
      }
      const runner = new LocalBatchRunner(todo, {
        scan: pool?.scan ?? scan,
        scanOptions,
        concurrency,
        maxScanMs: scanTimeoutMs,
        onResult: (o, r) => {
          ranNow++;
          record(o, r);
        },
        onChange: () => {
          counts.running = runner.running;
          progress.update(counts);
        },
      });
      progress.start(counts);
      void stop.stopped.then(() => runner.stop());
      await runner.run();
      interrupted = runner.notStarted > 0 || counts.done < counts.total;
    }
  } finally {
    stop.dispose();
    writer.close();
    await pool?.close();
  }
  progress.stop();
  process.stderr.write('\n' + renderSummary({ outcomes, bad: list.bad, notRun: counts.total - counts.done, elapsedMs: Date.now() - t0, ranNow }));
  if (interrupted) {
    process.stderr.write(
      opts.out
        ? `scorifya batch: interrupted; run the same command with --resume to finish the ${counts.total - counts.done} targets left\n`
        : 'scorifya batch: interrupted\n',
    );
    process.exitCode = EXIT.INTERRUPTED;
  } else process.exitCode = EXIT.OK;
}

const BATCH_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Queue the batch on PostgreSQL, and with --wait follow it. */
async function runOnCluster(
  file: string,
  opts: BatchCliOptions,
  todo: BatchTarget[],
  probes: string[] | undefined,
  onCounts: (c: { running: number; stalled: number; dbDownSince?: number }) => void,
  onResult: (o: BatchOutcome, r: Report | null) => void,
  stopped: Promise<void>,
  startProgress: () => void,
): Promise<'done' | 'interrupted' | 'queued-only'> {
  const db = opts.db!;
  if (!/^postgres(ql)?:\/\//i.test(db)) throw new InputError('--db expects a postgres:// URL (the workers share a PostgreSQL database and queue)');
  if (opts.allowPrivate || opts.resolve?.length || opts.ca?.length || opts.dnsServer?.length || opts.dnssecAnchor || opts.timeout) {
    throw new InputError('with --db the workers decide how targets are reached: give --allow-private, --resolve, --ca, --dns-server, --dnssec-anchor to `scorifya worker`');
  }
  checkQueueSchema(opts.queueSchema);
  const batchId = opts.batchId ?? `b-${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('base64url')}`;
  if (!BATCH_ID.test(batchId)) throw new InputError(`--batch-id expects up to 64 letters, digits, '.', '_' or '-', got '${opts.batchId}'`);

  const [{ openDb }, { ScanStore }, { PgBossQueue }, { enqueueBatch, waitForBatch }] = await Promise.all([
    import('../store/db.js'),
    import('../store/scan-store.js'),
    import('../queue/pg-boss.js'),
    import('./cluster.js'),
  ]);
  const jobExpirySeconds = opts.jobExpiry;
  // On a terminal the progress bar holds the current line: clear it first.
  const log = (line: string) => void process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}scorifya batch: ${line}\n`);
  const opened = await openDb(db, { log });
  const health = opened.health;
  const unguard = health ? surviveDatabaseRejections(health) : () => undefined;
  const queue = new PgBossQueue({
    connectionString: db,
    concurrency: 1,
    schema: opts.queueSchema,
    jobExpirySeconds,
    ...(health ? { health } : {}),
    onError: (e) => log(`queue: ${errorLine(e)}`),
  });
  try {
    await queue.start();
    const store = new ScanStore(opened.db);
    const queued = await enqueueBatch(store, queue, todo, batchId, probes);
    process.stderr.write(`scorifya batch: batch ${batchId}: queued ${queued.enqueued} targets${queued.alreadyThere ? ` (${queued.alreadyThere} were already in it)` : ''}\n`);
    if (!opts.wait) {
      process.stderr.write(`scorifya batch: follow it with: scorifya batch ${escapeTerminal(file)} --db … --wait --batch-id ${batchId} --out results.jsonl\n`);
      process.exitCode = EXIT.OK;
      return 'queued-only';
    }
    const wanted = new Set(todo.map((t) => t.input));
    const follow = new Map([...queued.scans].filter(([, input]) => wanted.has(input)));
    startProgress();
    const { interrupted } = await waitForBatch({ store, batchId, scans: follow, onResult, onCounts, stopped, ...(health ? { health } : {}) });
    if (interrupted) process.stderr.write(`scorifya batch: the workers go on with batch ${batchId}; re-attach with --batch-id ${batchId} --resume\n`);
    return interrupted ? 'interrupted' : 'done';
  } finally {
    await queue.stop();
    await opened.close();
    unguard();
  }
}
