/**
 * Every read and write of scan rows. The web app, the API and the workers use only this class, so
 * SQLite and PostgreSQL differences stay in db.ts.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Report } from '../model/report.js';
import type { Database, ScanStatus, ScansTable } from './schema.js';

export interface ProgressEvent {
  probe: string;
  label: string;
  /** `active`: the probe is making requests (throttled updates of `requests` and `meanMs`). */
  state: 'start' | 'done' | 'unavailable' | 'skipped' | 'active';
  at: number;
  /** Probes finished so far, of `total` in this scan. */
  finished?: number;
  total?: number;
  /** Requests this probe has made so far, and its mean time per response in ms. */
  requests?: number;
  meanMs?: number;
}

export interface ScanRecord {
  id: string;
  host: string;
  url: string;
  tool: string | null;
  status: ScanStatus;
  score: number | null;
  grade: string | null;
  /** The grade is A or above on too little measured evidence: shown as "A (partial)". */
  gradePartial: boolean;
  report: Report | null;
  progress: ProgressEvent[];
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** The batch (`scorifya batch --db`) this scan belongs to; null otherwise. */
  batchId?: string | null;
  /** Probe keys to run (`batch --only`); null: all probes, or the tool's. */
  probes?: string[] | null;
  /**
   * Names of the headers a signed-in or staging scan sent (values are never stored); null for an
   * anonymous scan. Such a scan is never reused for another request and never listed publicly.
   */
  siteHeaders?: string[] | null;
}

/** How far a batch has got: rows per status. */
export type BatchCounts = Record<ScanStatus, number>;

/** A finished scan of a batch, as `batch --db … --wait` writes it out. */
export interface BatchResult {
  id: string;
  url: string;
  status: 'done' | 'failed';
  report: Report | null;
  error: string | null;
  startedAt: number | null;
  finishedAt: number | null;
}

/** A row without the report and progress: what lists show. */
export type ScanSummary = Omit<ScanRecord, 'report' | 'progress'>;

const SUMMARY_COLUMNS = ['id', 'host', 'url', 'tool', 'probes', 'status', 'score', 'grade', 'error', 'created_at', 'started_at', 'finished_at', 'site_headers'] as const;

/**
 * A partial grade (A or above on too little measured evidence, scoring/grade.ts) is kept in the row's
 * `grade` column as the letter and this mark ("A*"), so that lists and the badge can show it without
 * reading every report. No schema change: the column is varchar(4), and a row read back gives
 * `grade: 'A', gradePartial: true`; rows written before the mark existed read as not partial.
 */
const PARTIAL_MARK = '*';
const gradeColumn = (grade: string | null, partial: boolean | undefined) => (grade && partial ? `${grade}${PARTIAL_MARK}` : grade);

/** 12 random bytes, URL-safe: unguessable, so a share link is the only way to a scan not listed publicly. */
export const newScanId = (): string => randomBytes(12).toString('base64url');

/** Finished scans never change, so the last 500 read are kept parsed in memory (oldest dropped first). */
const FINISHED_CACHE_SIZE = 500;

export class ScanStore {
  private readonly finished = new Map<string, ScanRecord>();

  constructor(readonly db: Kysely<Database>) {}

  async create(input: NewScan): Promise<ScanRecord> {
    const row = newRow(input);
    await this.db.insertInto('scans').values(row).execute();
    return toRecord(row);
  }

  /** Insert many queued scans at once (a batch), in chunks that stay under SQL parameter limits. */
  async createMany(inputs: NewScan[]): Promise<ScanRecord[]> {
    const rows = inputs.map(newRow);
    // 16 columns a row: 60 rows stay under SQLite's old 999-parameter limit.
    for (let i = 0; i < rows.length; i += 60) await this.db.insertInto('scans').values(rows.slice(i, i + 60)).execute();
    return rows.map(toRecord);
  }

  /** Rows per status in a batch. */
  async batchCounts(batchId: string): Promise<BatchCounts> {
    const rows = await this.db
      .selectFrom('scans')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('batch_id', '=', batchId)
      .groupBy('status')
      .execute();
    const counts: BatchCounts = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  /** Every scan of a batch: id, url and status (to re-attach without enqueuing a target twice). */
  async batchScans(batchId: string): Promise<Pick<ScanSummary, 'id' | 'url' | 'status'>[]> {
    return this.db.selectFrom('scans').select(['id', 'url', 'status']).where('batch_id', '=', batchId).execute();
  }

  /**
   * PostgreSQL: how many of a batch's running scans have a worker that still beats its lease (see
   * queue/job-leases.ts); the others belong to a worker that stopped and are about to be retried.
   */
  async batchRunningAlive(batchId: string, staleMs: number): Promise<number> {
    const row = await this.db
      .selectFrom('scans')
      .where('batch_id', '=', batchId)
      .where('status', '=', 'running')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('job_leases')
            .select('job_id')
            .whereRef('job_leases.scan_id', '=', 'scans.id')
            .where('heartbeat_at', '>', sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint - ${staleMs}`),
        ),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The finished scans of a batch among `ids`, with their reports. */
  async batchResults(ids: string[]): Promise<BatchResult[]> {
    const out: BatchResult[] = [];
    for (let i = 0; i < ids.length; i += 200) {
      const rows = await this.db
        .selectFrom('scans')
        .select(['id', 'url', 'status', 'report', 'error', 'started_at', 'finished_at'])
        .where('id', 'in', ids.slice(i, i + 200))
        .where('status', 'in', ['done', 'failed'])
        .execute();
      for (const r of rows) {
        out.push({
          id: r.id,
          url: r.url,
          status: r.status as BatchResult['status'],
          report: r.report ? (JSON.parse(r.report) as Report) : null,
          error: r.error,
          startedAt: r.started_at === null ? null : Number(r.started_at),
          finishedAt: r.finished_at === null ? null : Number(r.finished_at),
        });
      }
    }
    return out;
  }

  async get(id: string): Promise<ScanRecord | undefined> {
    const cached = this.finished.get(id);
    if (cached) return cached;
    const row = await this.db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const record = toRecord(row);
    if (record.status === 'done' || record.status === 'failed') {
      if (this.finished.size >= FINISHED_CACHE_SIZE) this.finished.delete(this.finished.keys().next().value!);
      this.finished.set(id, record);
    }
    return record;
  }

  async markRunning(id: string, now = Date.now()): Promise<void> {
    await this.db.updateTable('scans').set({ status: 'running', started_at: now, progress: '[]' }).where('id', '=', id).execute();
  }

  async appendProgress(id: string, events: ProgressEvent[]): Promise<void> {
    await this.db.updateTable('scans').set({ progress: JSON.stringify(events) }).where('id', '=', id).execute();
  }

  async complete(id: string, report: Report, now = Date.now()): Promise<void> {
    await this.db
      .updateTable('scans')
      .set({ status: 'done', score: report.score, grade: gradeColumn(report.grade, report.gradePartial), report: JSON.stringify(report), finished_at: now, error: null })
      .where('id', '=', id)
      .execute();
  }

  async fail(id: string, message: string, now = Date.now()): Promise<void> {
    await this.db.updateTable('scans').set({ status: 'failed', error: withoutNul(message).slice(0, 2000), finished_at: now }).where('id', '=', id).execute();
  }

  /** Newest full scans that finished, for the home page. */
  async recent(limit = 10): Promise<ScanSummary[]> {
    const rows = await this.db
      .selectFrom('scans')
      .select(SUMMARY_COLUMNS)
      .where('status', '=', 'done')
      .where('tool', 'is', null)
      .where('probes', 'is', null)
      // Batch scans are a company's own inventory: never shown as public "recent scans".
      .where('batch_id', 'is', null)
      // A signed-in scan shows what only its credentials see: reached by its link alone.
      .where('site_headers', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toSummary);
  }

  /** Every full scan of a host (no tool, no probes left out), newest first. */
  async byHost(host: string, limit = 200): Promise<ScanSummary[]> {
    const rows = await this.db
      .selectFrom('scans')
      .select(SUMMARY_COLUMNS)
      .where('host', '=', host)
      .where('tool', 'is', null)
      .where('probes', 'is', null)
      .where('site_headers', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toSummary);
  }

  /**
   * The scan a new request for this URL should reuse: one still queued or running, or one that
   * finished successfully at or after `since`. This is the per-target cooldown.
   */
  async reusable(url: string, tool: string | null, since: number, probes: readonly string[] | null = null): Promise<ScanSummary | undefined> {
    let query = this.db
      .selectFrom('scans')
      .select(SUMMARY_COLUMNS)
      .where('url', '=', url)
      // A signed-in scan is never handed to anyone else (its credentials are its own), and a signed-in
      // request never reuses: the service does not ask for one.
      .where('site_headers', 'is', null)
      .where((eb) => eb.or([eb('status', 'in', ['queued', 'running']), eb.and([eb('status', '=', 'done'), eb('finished_at', '>=', since)])]))
      .orderBy('created_at', 'desc')
      .limit(1);
    query = tool === null ? query.where('tool', 'is', null) : query.where('tool', '=', tool);
    // A scan restricted to other probes is another verdict: only the same choice is reused.
    query = probes?.length ? query.where('probes', '=', probes.join(',')) : query.where('probes', 'is', null);
    const row = await query.executeTakeFirst();
    return row ? toSummary(row) : undefined;
  }

  /** Latest finished full scan of a host, for the badge. */
  async latestDone(host: string): Promise<ScanSummary | undefined> {
    const row = await this.db
      .selectFrom('scans')
      .select(SUMMARY_COLUMNS)
      .where('host', '=', host)
      .where('tool', 'is', null)
      .where('probes', 'is', null)
      .where('site_headers', 'is', null)
      .where('status', '=', 'done')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toSummary(row) : undefined;
  }

  async countActive(): Promise<number> {
    const row = await this.db
      .selectFrom('scans')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Retention: delete scans created before `cutoff`. Returns how many went. */
  async purgeOlderThan(cutoff: number): Promise<number> {
    const result = await this.db.deleteFrom('scans').where('created_at', '<', cutoff).executeTakeFirst();
    for (const [id, record] of this.finished) if (record.createdAt < cutoff) this.finished.delete(id);
    return Number(result.numDeletedRows);
  }

  /** Scans left `running` by a process that died; the queue re-runs them or marks them failed. */
  async staleRunning(before: number): Promise<ScanSummary[]> {
    const rows = await this.db.selectFrom('scans').select(SUMMARY_COLUMNS).where('status', '=', 'running').where('started_at', '<', before).execute();
    return rows.map(toSummary);
  }
}

export interface NewScan {
  host: string;
  url: string;
  tool?: string | null;
  now?: number;
  batchId?: string | null;
  probes?: string[] | null;
  /** Header NAMES of a signed-in scan (never values). */
  siteHeaders?: readonly string[] | null;
}

function newRow(input: NewScan) {
  return {
    id: newScanId(),
    host: input.host,
    url: input.url,
    tool: input.tool ?? null,
    status: 'queued' as const,
    score: null,
    grade: null,
    report: null,
    progress: '[]',
    error: null,
    created_at: input.now ?? Date.now(),
    started_at: null,
    finished_at: null,
    batch_id: input.batchId ?? null,
    probes: input.probes?.length ? input.probes.join(',') : null,
    site_headers: input.siteHeaders?.length ? input.siteHeaders.join(',') : null,
  };
}

/** PostgreSQL text cannot hold U+0000, and an error message may quote a target's bytes. */
const withoutNul = (text: string) => text.replace(/\u0000/g, '\uFFFD');

type SummaryRow = Pick<Selectable<ScansTable>, (typeof SUMMARY_COLUMNS)[number]>;

function toSummary(row: SummaryRow): ScanSummary {
  return {
    id: row.id,
    host: row.host,
    url: row.url,
    tool: row.tool,
    probes: row.probes ? row.probes.split(',') : null,
    siteHeaders: row.site_headers ? row.site_headers.split(',') : null,
    status: row.status,
    score: row.score === null ? null : Number(row.score),
    grade: row.grade?.endsWith(PARTIAL_MARK) ? row.grade.slice(0, -PARTIAL_MARK.length) : row.grade,
    gradePartial: row.grade?.endsWith(PARTIAL_MARK) ?? false,
    error: row.error,
    createdAt: Number(row.created_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

function toRecord(row: Selectable<ScansTable>): ScanRecord {
  return {
    ...toSummary(row),
    batchId: row.batch_id ?? null,
    report: row.report ? (JSON.parse(row.report) as Report) : null,
    progress: JSON.parse(row.progress || '[]') as ProgressEvent[],
  };
}
