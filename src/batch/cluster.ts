/**
 * `scorifya batch --db postgres://…`: the batch goes into the shared queue instead of running here.
 * Each target becomes a scan row tagged with the batch id and a pg-boss job naming its host (so the
 * workers' politeness lock applies); `scorifya worker` processes run them. With `--wait` this process
 * follows the batch in the database and writes the same output file as a local run.
 */
import type { ScanStore } from '../store/scan-store.js';
import type { PgBossQueue } from '../queue/pg-boss.js';
import type { DbHealth } from '../store/db-health.js';
import { STALE_MS } from '../queue/job-leases.js';
import type { Report } from '../model/report.js';
import { outcomeFromError, outcomeFromReport, type BatchOutcome } from './outcome.js';
import type { BatchTarget } from './targets.js';

/**
 * Round-robin over hosts, keeping file order within a host: a file listing 500 URLs of one host first
 * does not fill the head of the queue with jobs that must wait for each other.
 */
export function interleaveByHost(targets: BatchTarget[]): BatchTarget[] {
  const byHost = new Map<string, BatchTarget[]>();
  for (const t of targets) {
    const list = byHost.get(t.host);
    if (list) list.push(t);
    else byHost.set(t.host, [t]);
  }
  const lists = [...byHost.values()];
  const out: BatchTarget[] = [];
  for (let round = 0; out.length < targets.length; round++) for (const list of lists) if (round < list.length) out.push(list[round]!);
  return out;
}

export interface EnqueueResult {
  /** scan id → target input, for every target of the batch (enqueued now or before). */
  scans: Map<string, string>;
  enqueued: number;
  alreadyThere: number;
}

/**
 * Queue the targets not yet in the batch. Re-running with the same batch id (after Ctrl-C during
 * `--wait`, say) attaches to it instead of scanning anything twice.
 */
export async function enqueueBatch(
  store: ScanStore,
  queue: Pick<PgBossQueue, 'enqueueMany'>,
  targets: BatchTarget[],
  batchId: string,
  probes: string[] | undefined,
): Promise<EnqueueResult> {
  const existing = await store.batchScans(batchId);
  const scans = new Map<string, string>();
  const known = new Set<string>();
  for (const row of existing) {
    scans.set(row.id, row.url);
    known.add(row.url);
  }
  const fresh = interleaveByHost(targets.filter((t) => !known.has(t.input)));
  const rows = await store.createMany(fresh.map((t) => ({ host: t.host, url: t.input, batchId, probes: probes ?? null })));
  for (const row of rows) scans.set(row.id, row.url);
  await queue.enqueueMany(rows.map((r) => ({ scanId: r.id, host: r.host })));
  return { scans, enqueued: rows.length, alreadyThere: existing.length };
}

export interface WaitOptions {
  store: ScanStore;
  batchId: string;
  /** scan id → target input, only the scans whose results this run still has to write. */
  scans: Map<string, string>;
  onResult: (outcome: BatchOutcome, report: Report | null) => void;
  onCounts: (c: WaitCounts) => void;
  /** Resolves when the user asked to stop following. */
  stopped: Promise<void>;
  pollMs?: number;
  /** The database's health: while it is away the wait goes on and the counts say so. */
  health?: DbHealth;
}

export interface WaitCounts {
  finished: number;
  failed: number;
  running: number;
  /** Scans still marked running whose worker stopped beating its lease: about to be retried. */
  stalled: number;
  /** Set while the database cannot be reached: since when (epoch ms). */
  dbDownSince?: number;
}

/** Follow a batch in the database until every scan in `scans` has finished (or the user stops). */
export async function waitForBatch(options: WaitOptions): Promise<{ interrupted: boolean }> {
  const { store, batchId, scans } = options;
  const pending = new Set(scans.keys());
  let interrupted = false;
  void options.stopped.then(() => (interrupted = true));
  const tally = { failed: 0, running: 0, stalled: 0 };
  while (pending.size > 0 && !interrupted) {
    try {
      await pollOnce(options, pending, tally);
      options.onCounts({ finished: scans.size - pending.size, ...tally });
    } catch (error) {
      // The database is away (restart, killed session): keep the last counts, say so, and keep polling.
      if (!options.health?.report(error)) throw error;
      options.onCounts({ finished: scans.size - pending.size, ...tally, dbDownSince: options.health.snapshot().since });
    }
    if (pending.size === 0) break;
    await Promise.race([new Promise((r) => setTimeout(r, options.pollMs ?? 1000)), options.stopped]);
  }
  return { interrupted: pending.size > 0 };
}

/** One look at the batch: hands every newly finished scan to onResult (once), counts those running. */
async function pollOnce(options: WaitOptions, pending: Set<string>, tally: Omit<WaitCounts, 'finished' | 'dbDownSince'>): Promise<void> {
  const { store, batchId, scans } = options;
  const rows = await store.batchScans(batchId);
  const finishedNow = rows.filter((r) => pending.has(r.id) && (r.status === 'done' || r.status === 'failed')).map((r) => r.id);
  for (const result of await store.batchResults(finishedNow)) {
    if (!pending.delete(result.id)) continue;
    const input = scans.get(result.id)!;
    const took = result.startedAt !== null && result.finishedAt !== null ? result.finishedAt - result.startedAt : 0;
    const outcome = result.report ? outcomeFromReport(input, result.report) : outcomeFromError(input, result.error ?? 'failed', took);
    if (outcome.status !== 'done') tally.failed++;
    options.onResult(outcome, result.report);
  }
  const marked = rows.filter((r) => r.status === 'running').length;
  // A scan whose worker died stays "running" in its row until a sweep re-queues it: not counted as running.
  tally.running = marked ? await store.batchRunningAlive(batchId, STALE_MS) : 0;
  tally.stalled = marked - tally.running;
}
