/**
 * Opens the database named by a URL-ish string: `postgres://…` / `postgresql://…` uses the PostgreSQL
 * dialect, anything else is a SQLite file path (`:memory:` for tests). Migrations run on open.
 */
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { codeMigrations } from './migrations.js';
import { DbHealth, errorLine } from './db-health.js';

export type DbKind = 'sqlite' | 'postgres';

export interface OpenedDb {
  db: Kysely<Database>;
  kind: DbKind;
  /** PostgreSQL only: whether the database is reachable now (see db-health.ts). */
  health?: DbHealth;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** Where the one-line notices about the database going away and coming back go; default stderr. */
  log?: (line: string) => void;
}

const stderrLine = (line: string) => void process.stderr.write(`scorifya: ${line}\n`);

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

export async function openDb(location: string, options: OpenDbOptions = {}): Promise<OpenedDb> {
  let db: Kysely<Database>;
  let kind: DbKind;
  let health: DbHealth | undefined;
  if (isPostgresUrl(location)) {
    const { default: pg } = await import('pg');
    // BIGINT comes back as a string by default; our epoch-ms values fit a JS number exactly.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    // A connect that hangs (a host gone from the network) fails after 10 s instead of holding a scan forever.
    const pool = new pg.Pool({ connectionString: location, max: 10, connectionTimeoutMillis: 10_000, keepAlive: true });
    const log = options.log ?? stderrLine;
    health = new DbHealth({ probe: () => pool.query('SELECT 1'), log });
    // Without a listener, an idle pooled connection cut by a database restart or pg_terminate_backend
    // is an unhandled 'error' event that ends the process. The pool drops that connection itself.
    pool.on('error', (error) => {
      if (!health!.report(error)) log(`database connection error: ${errorLine(error)}`);
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
  return {
    db,
    kind,
    ...(health ? { health } : {}),
    close: async () => {
      health?.close();
      await db.destroy();
    },
  };
}
