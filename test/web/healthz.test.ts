/** `/healthz` on a SQLite node: ok, not cached. PostgreSQL's degraded state is covered in test/batch/db-outage.test.ts. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type Server } from '../../src/server/app.js';

let server: Server;
beforeAll(async () => {
  server = await createServer({ db: ':memory:', retentionDays: 0, logger: false });
});
afterAll(() => server.close());

it('answers 200 ok with the database kind', async () => {
  const res = await server.app.inject({ method: 'GET', url: '/healthz' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.json()).toEqual({ status: 'ok', database: { kind: 'sqlite', state: 'ok' } });
});
