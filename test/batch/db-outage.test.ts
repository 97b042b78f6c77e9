/**
 * Issue 25, item 1: the database restarts, its sessions are killed and it is away for seconds in the
 * middle of a batch (see db-outage.ts; a private PostgreSQL cluster, not the shared one). No process
 * exits, each says in one line that the database went and came back, the health endpoint reports
 * "degraded" while it is away, `batch --wait` shows it in its progress, and every target is done
 * exactly once. 60 targets here; `npm run bench -- batch-outage` runs 300.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OutageScenario, type OutageResult } from './db-outage.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const scenario = new OutageScenario();

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`batch tests run the built CLI: ${CLI} is missing, run npm run build`);
  await scenario.setUp();
}, 60_000);

afterAll(() => scenario.tearDown(), 60_000);

export function expectSurvived(r: OutageResult): void {
  expect(r.batchExit, r.diagnostics).toBe(0);
  for (const p of r.survivors) {
    expect(p.alive, `${p.name} exited:\n${p.stderr}`).toBe(true);
    // One line when the database goes, one when it is back; never a stack dump or a pg Client.
    expect(p.stderr, p.name).toMatch(/database unreachable: .+; reconnecting with backoff/);
    expect(p.stderr, p.name).toMatch(/database reachable again after \d+\.\d s/);
    expect(p.stderr, p.name).not.toMatch(/Unhandled|\n\s+at |Client \{|node:events/);
  }
  expect(r.batchStderr).not.toMatch(/Unhandled|\n\s+at |Client \{|node:events/);
  expect(r.batchStderr).toMatch(/degraded: database unreachable for \d+:\d\d, waiting/);
  expect(r.healthDuringOutage.status).toBe(503);
  expect(r.healthDuringOutage.body.status).toBe('degraded');
  expect(r.healthDuringOutage.body.database?.reason).toBeTruthy();
  expect(r.healthAfter).toMatchObject({ status: 200, body: { status: 'ok' } });
  // Exactly once: one output line and one finished, scored row per target.
  expect([...r.outputInputs].sort()).toEqual([...r.targets].sort());
  expect(r.rows.map((row) => row.url).sort()).toEqual([...r.targets].sort());
  for (const row of r.rows) expect({ url: row.url, status: row.status, error: row.error, scored: row.score !== null }).toEqual({ url: row.url, status: 'done', error: null, scored: true });
}

it('serve, two workers and batch --wait ride out a restart, killed sessions and an 8 s outage; 60 targets done exactly once', async () => {
  const result = await scenario.run(60);
  expectSurvived(result);
}, 180_000);
