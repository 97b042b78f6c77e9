/** The queue schema name: checked before any command touches the database (pg-boss splices it into SQL). */
import { expect, it } from 'vitest';
import { checkQueueSchema } from '../../src/queue/schema-name.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';

it('accepts plain lower-case SQL names and refuses anything else', () => {
  for (const ok of ['pgboss', 'team_a', '_q1']) expect(checkQueueSchema(ok)).toBe(ok);
  for (const bad of ['PgBoss', 'a-b', '1q', 'x;drop schema public', '', 'a'.repeat(64)]) {
    expect(() => checkQueueSchema(bad)).toThrow(/--queue-schema expects a lower-case SQL name/);
  }
});

it('serve, worker and batch refuse a bad --queue-schema with exit 2, before connecting anywhere', async () => {
  const db = 'postgres://nobody@127.0.0.1:1/none';
  const targets = join(mkdtempSync(join(tmpdir(), 'scorifya-schema-')), 'targets.txt');
  writeFileSync(targets, 'example.test\n');
  for (const args of [['serve', '--db', db, '--port', '8080'], ['worker', '--db', db], ['batch', targets, '--db', db]]) {
    const res = await runCli([...args, '--queue-schema', 'Bad-Name']);
    expect(res.code, args[0]).toBe(2);
    expect(res.stderr).toMatch(/--queue-schema expects a lower-case SQL name, got 'Bad-Name'/);
  }
});
