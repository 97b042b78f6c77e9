/** Tables of the monitoring feature (src/monitor/): watched sites and alert deliveries. Additive only. */
import type { Kysely, Migration } from 'kysely';

export const MONITOR_MIGRATIONS: Record<string, Migration> = {
  '0003_monitor_watches': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('watches')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('host', 'varchar(255)', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('interval', 'varchar(8)', (c) => c.notNull())
        .addColumn('webhook_url', 'text')
        .addColumn('webhook_secret', 'varchar(64)')
        .addColumn('email', 'text')
        .addColumn('unsubscribe_token', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('verify_token', 'varchar(64)', (c) => c.notNull())
        .addColumn('verified_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('next_run_at', 'bigint', (c) => c.notNull())
        .addColumn('pending_scan_id', 'varchar(32)')
        .addColumn('last_scan_id', 'varchar(32)')
        .execute();
      await db.schema.createIndex('watches_next_run').on('watches').column('next_run_at').execute();
      await db.schema.createIndex('watches_host').on('watches').column('host').execute();
      await db.schema
        .createTable('watch_deliveries')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('watch_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('channel', 'varchar(8)', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(12)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .execute();
      await db.schema.createIndex('watch_deliveries_due').on('watch_deliveries').columns(['status', 'next_attempt_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('watch_deliveries').execute();
      await db.schema.dropTable('watches').execute();
    },
  },
};
