/**
 * Databases the store and queue tests run on: SQLite always; PostgreSQL when DATABASE_URL_TEST is set
 * or .ci/services/postgres.sh wrote it to .ci/.env-test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function postgresTestUrl(): string | undefined {
  if (process.env.DATABASE_URL_TEST) return process.env.DATABASE_URL_TEST;
  const file = join(import.meta.dirname, '..', '..', '.ci', '.env-test');
  if (!existsSync(file)) return undefined;
  return /^DATABASE_URL_TEST=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
}

/** [label, location] pairs for describe.each. */
export function testDatabases(): [string, string][] {
  const pg = postgresTestUrl();
  return [['sqlite', ':memory:'], ...(pg ? ([['postgres', pg]] as [string, string][]) : [])];
}
