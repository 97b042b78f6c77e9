/** DbHealth: which errors mean "the database went away", and the one-line-per-change log with reconnect. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DbHealth, errorLine, isConnectionError } from '../../src/store/db-health.js';

describe('isConnectionError', () => {
  it('knows a killed session, a refused connect and a connect timeout, and nothing else', () => {
    expect(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionError(Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}))).toBe(true);
    // pg-boss re-emits worker errors as plain objects with the code copied.
    expect(isConnectionError({ message: 'the database system is shutting down (Queue: q)', code: '57P03' })).toBe(true);
    expect(isConnectionError(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('relation "scans" does not exist'), { code: '42P01' }))).toBe(false);
    expect(isConnectionError(new TypeError('x is undefined'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });

  it('errorLine keeps the first line and the code, never a stack or an object dump', () => {
    const e = Object.assign(new Error('terminating connection\nDETAIL: more'), { code: '57P01', client: { secret: 'x' } });
    expect(errorLine(e)).toBe('terminating connection (57P01)');
  });
});

describe('DbHealth', () => {
  it('goes degraded with one line, reconnects with backoff, says when it is back, and retried writes land', async () => {
    let up = false;
    const lines: string[] = [];
    const health = new DbHealth({ probe: async () => (up ? 1 : Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))), log: (l) => lines.push(l), minBackoffMs: 10, maxBackoffMs: 20 });
    const killed = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(health.report(killed)).toBe(true);
    expect(health.report(killed)).toBe(true);
    expect(health.report(new Error('syntax error'))).toBe(false);
    expect(health.snapshot()).toMatchObject({ state: 'degraded', reason: 'terminating connection due to administrator command (57P01)' });
    expect(health.upFor()).toBe(0);
    let attempts = 0;
    const write = health.retry(async () => {
      attempts++;
      if (!up) throw killed;
      return 'stored';
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(lines).toHaveLength(1);
    up = true;
    expect(await write).toBe('stored');
    expect(health.snapshot().state).toBe('ok');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^database unreachable: terminating connection .*reconnecting with backoff/);
    expect(lines[1]).toMatch(/^database reachable again after \d+\.\d s/);
    expect(attempts).toBe(2);
    // Any other error is thrown at once, not retried.
    await expect(health.retry(async () => Promise.reject(new Error('syntax error')))).rejects.toThrow('syntax error');
    health.close();
  });

  it('check() reports a database that does not answer in time as degraded', async () => {
    const health = new DbHealth({ probe: () => new Promise(() => undefined), log: () => undefined, minBackoffMs: 10 });
    expect((await health.check(50)).state).toBe('degraded');
    health.close();
  });
});

describe('surviveDatabaseRejections', () => {
  // In a child process: an uncaught exception ends the process, which a test runner must not see.
  const run = (thrown: string) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const script = `
        import { EventEmitter } from 'node:events';
        import { DbHealth, surviveDatabaseRejections } from ${JSON.stringify(new URL('../../dist/store/db-health.js', import.meta.url).href)};
        const health = new DbHealth({ probe: async () => 1, log: (l) => console.log('log:', l), minBackoffMs: 10 });
        surviveDatabaseRejections(health);
        // As pg does for a session killed under a checked-out idle client: 'error' with no listener.
        setTimeout(() => new EventEmitter().emit('error', ${thrown}), 10);
        setTimeout(() => { console.log('alive'); process.exit(0); }, 300);
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });

  it('a pg session killed under an idle checked-out client is one log line, and the process stays up', async () => {
    const r = await run(`Object.assign(new Error('terminating connection due to administrator command'), { severity: 'FATAL', code: '57P01' })`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('alive');
    expect(r.out).toMatch(/log: .*terminating connection due to administrator command/);
  });

  it('any other uncaught exception still ends the process', async () => {
    const r = await run(`new Error('a bug of ours')`);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('alive');
    expect(r.out).toContain('a bug of ours');
  });
});
