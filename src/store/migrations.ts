/**
 * Migrations live in code (no files to ship or find at runtime). Each one is written in Kysely's
 * schema builder with types both SQLite and PostgreSQL accept. Append new ones; never edit old ones.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { MONITOR_MIGRATIONS } from './monitor-migrations.js';

const migrations: Record<string, Migration> = {
  '0001_scans': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('scans')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('host', 'varchar(255)', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('tool', 'varchar(64)')
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('score', 'integer')
        .addColumn('grade', 'varchar(4)')
        .addColumn('report', 'text')
        .addColumn('progress', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
        .addColumn('error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema.createIndex('scans_host_created').on('scans').columns(['host', 'created_at']).execute();
      await db.schema.createIndex('scans_created').on('scans').column('created_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('scans').execute();
    },
  },
  // Batches (`scorifya batch --db`): the batch a scan belongs to, and the probes it runs (`--only`).
  '0002_batch': {
    async up(db: Kysely<unknown>) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('scans').addColumn('batch_id', 'varchar(64)').execute();
      await db.schema.alterTable('scans').addColumn('probes', 'varchar(255)').execute();
      await db.schema.createIndex('scans_batch_status').on('scans').columns(['batch_id', 'status']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('scans_batch_status').execute();
      await db.schema.alterTable('scans').dropColumn('probes').execute();
      await db.schema.alterTable('scans').dropColumn('batch_id').execute();
    },
  },
  // Authenticated and staging scans: the NAMES of the headers sent (comma-separated), never their
  // values. A row with names is never reused by another request and never listed publicly.
  '0003_site_headers': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('scans').addColumn('site_headers', 'varchar(1200)').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('scans').dropColumn('site_headers').execute();
    },
  },
  // Worker heartbeats (src/queue/job-leases.ts): a job whose worker stopped beating is retried within a minute.
  '0004_job_leases': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('job_leases')
        .addColumn('job_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('scan_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('worker', 'varchar(64)', (c) => c.notNull())
        .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('job_leases_scan').on('job_leases').column('scan_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('job_leases').execute();
    },
  },
};

export const codeMigrations: MigrationProvider = {
  getMigrations: async () => ({ ...migrations, ...MONITOR_MIGRATIONS }),
};
