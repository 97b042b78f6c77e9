/**
 * Opens the database named by a URL-ish string: `postgres://…` / `postgresql://…` uses the PostgreSQL
 * dialect, anything else is a SQLite file path (`:memory:` for tests). Migrations run on open.
 */
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { codeMigrations } from './migrations.js';

export type DbKind = 'sqlite' | 'postgres';

export interface OpenedDb {
  db: Kysely<Database>;
  kind: DbKind;
  close(): Promise<void>;
}

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

export async function openDb(location: string): Promise<OpenedDb> {
  let db: Kysely<Database>;
  let kind: DbKind;
  if (isPostgresUrl(location)) {
    const { default: pg } = await import('pg');
    // BIGINT comes back as a string by default; our epoch-ms values fit a JS number exactly.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 10 }) }) });
    kind = 'postgres';
  } else {
    const { default: SQLite } = await import('better-sqlite3');
    const sqlite = new SQLite(location);
    // WAL lets page reads proceed while a scan result is being written.
    if (location !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    kind = 'sqlite';
  }
  const { error, results } = await new Migrator({ db, provider: codeMigrations }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
  return { db, kind, close: () => db.destroy() };
}
