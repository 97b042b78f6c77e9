import type { ColumnType, Generated } from 'kysely';

/** Lifecycle of one scan row. `done` rows carry a report; `failed` rows carry an error message. */
export type ScanStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * Table shapes as Kysely sees them. JSON is stored as text so the same code runs on SQLite and
 * PostgreSQL; timestamps are epoch milliseconds (bigint on Postgres, read back as strings by pg and
 * normalised in scan-store.ts).
 */
export interface ScansTable {
  id: string;
  host: string;
  url: string;
  /** Focused tool id (see server/tools.ts) for a single-purpose check; null for a full scan. */
  tool: string | null;
  status: ScanStatus;
  score: number | null;
  grade: string | null;
  report: string | null;
  /** Progress events so far, a JSON array; any web node can stream them. */
  progress: string;
  error: string | null;
  created_at: ColumnType<number, number, never>;
  started_at: number | null;
  finished_at: number | null;
  /** The `scorifya batch --db` run this scan belongs to; null for web and API scans. */
  batch_id: ColumnType<string | null, string | null | undefined, never>;
  /** Comma-separated probe keys (`batch --only`); null: all probes (or the tool's). */
  probes: ColumnType<string | null, string | null | undefined, never>;
  /**
   * Comma-separated NAMES of the headers an authenticated or staging scan sent (`Authorization,Cookie`);
   * null for an anonymous scan. The values are never stored anywhere.
   */
  site_headers: ColumnType<string | null, string | null | undefined, never>;
}

/** One pg-boss scan job being worked, and when its worker last said it is alive (database clock, epoch ms). */
export interface JobLeasesTable {
  job_id: string;
  scan_id: string;
  worker: string;
  heartbeat_at: number;
}

export interface Database {
  scans: ScansTable;
  job_leases: JobLeasesTable;
}

export type { Generated };
