/**
 * The CLI takes exactly what it documents (issue 25 item 4): every numeric option of every command
 * refuses a value outside its range with exit 2 and the reason, before anything is contacted, and
 * `--json` prints one JSON object on stdout also when the command fails.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'scorifya-options-'));
const targets = join(dir, 'targets.txt');
writeFileSync(targets, 'example.test\n');
// A database nobody listens on: a value check that came after connecting would hang or say so.
const noDb = 'postgres://nobody@127.0.0.1:1/none';
// Loopback, and refused without --allow-private: nothing is sent even if a check were missing.
const url = 'http://127.0.0.1:1/';

const cases: [command: string[], option: string, value: string, reason: RegExp][] = [
  // --fail-under: a score, 0–100. 'abc' used to be ignored (exit 0), 101 always failed.
  ...['abc', '101', '-1', '', '1e2', '0x10'].map((v): [string[], string, string, RegExp] => [['scan', url], '--fail-under', v, /--fail-under expects a score from 0 to 100/]),
  [['rescore', join(dir, 'missing.json')], '--fail-under', 'abc', /--fail-under expects a score from 0 to 100, got 'abc'/],
  [['rescore', join(dir, 'missing.json')], '--fail-under', '100.5', /--fail-under expects a score from 0 to 100, got '100.5'/],
  // --timeout: milliseconds > 0, on every command that contacts a target. -5 used to exit 3.
  ...['abc', '-5', '0', '1.5', '99999999999'].map((v): [string[], string, string, RegExp] => [['scan', url], '--timeout', v, /--timeout expects a whole number of milliseconds from 1 to 2147483647/]),
  ...[['headers', url], ['tls', '127.0.0.1:1'], ['cors', url], ['dns', 'example.test'], ['email', 'example.test'], ['batch', targets], ['worker', '--db', noDb]].map(
    (c): [string[], string, string, RegExp] => [c, '--timeout', 'abc', /--timeout expects a whole number of milliseconds/],
  ),
  // serve
  [['serve', '--db', ':memory:'], '--port', '0', /--port expects a port number from 1 to 65535, got '0'/],
  [['serve', '--db', ':memory:'], '--port', '65536', /--port expects a port number from 1 to 65535, got '65536'/],
  [['serve', '--db', ':memory:'], '--concurrency', '0', /--concurrency expects a whole number from 1/],
  [['serve', '--db', ':memory:'], '--cooldown', '-1', /--cooldown expects a whole number of seconds from 0/],
  [['serve', '--db', ':memory:'], '--retention-days', 'ten', /--retention-days expects a whole number of days from 0 to 100000/],
  [['serve', '--db', ':memory:'], '--rate-limit', '0', /--rate-limit expects a whole number from 1/],
  // worker
  [['worker', '--db', noDb], '--concurrency', '0', /--concurrency expects a whole number from 1/],
  [['worker', '--db', noDb], '--sweep-interval', 'x', /--sweep-interval expects a whole number of seconds from 1 to 2147483/],
  // batch
  [['batch', targets], '--concurrency', '0', /--concurrency expects a whole number from 1/],
  [['batch', targets], '--processes', '1.5', /--processes expects a whole number from 1/],
  [['batch', targets], '--scan-timeout', '0', /--scan-timeout expects a whole number of seconds from 1/],
  [['batch', targets, '--db', noDb], '--job-expiry', 'abc', /--job-expiry expects a whole number of seconds from 1/],
];

describe('every numeric option refuses a value outside what it documents: exit 2 and the reason', () => {
  it.each(cases.map(([command, option, value, reason]) => ({ name: `${command[0]} ${option} '${value}'`, command, option, value, reason })))('$name', async ({ command, option, value, reason }) => {
    const r = await runCli([...command, option, value], {}, 30_000);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(reason);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('a port in the target URL is 1–65535', () => {
  it.each(['http://127.0.0.1:0/', 'https://example.test:0', 'example.test:0/x', 'example.test:65536', 'https://[::1]:99999/'])('%s: exit 2, not 3', async (target) => {
    const r = await runCli(['scan', target, '--allow-private', '--json'], {}, 30_000);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/port \d+ is not a usable port: give one from 1 to 65535/);
  });
});

/** stdout holds exactly one JSON object (JSON.parse fails on two). */
function oneObject(stdout: string): { error: { code: string; message: string }; exitCode: number } {
  const parsed = JSON.parse(stdout) as unknown;
  expect(parsed).toBeTypeOf('object');
  expect(Object.keys(parsed as object).sort()).toEqual(['error', 'exitCode']);
  return parsed as { error: { code: string; message: string }; exitCode: number };
}

describe('--json on failure: one JSON object on stdout, with the error and the exit code', () => {
  it('a name that cannot be resolved (the scan resolves through a closed loopback DNS port): exit 3', async () => {
    const r = await runCli(['scan', 'http://nope.invalid/', '--dns-server', '127.0.0.1:9', '--timeout', '500', '--json'], {}, 30_000);
    expect(r.code, r.stderr).toBe(3);
    const out = oneObject(r.stdout);
    expect(out).toEqual({ error: { code: 'DNS_FAILED', message: expect.stringContaining('could not resolve nope.invalid') }, exitCode: 3 });
  });
  it('a refused target (loopback without --allow-private): exit 2', async () => {
    const r = await runCli(['scan', url, '--json']);
    expect(r.code).toBe(2);
    expect(oneObject(r.stdout)).toEqual({ error: { code: 'TARGET_REFUSED', message: expect.stringContaining('pass --allow-private') }, exitCode: 2 });
  });
  it('a bad option value, also with --format json and on the focused tools', async () => {
    for (const args of [['scan', url, '--json', '--fail-under', 'abc'], ['scan', url, '--format', 'json', '--timeout', '-5'], ['tls', '127.0.0.1:1', '--json', '--timeout', '0'], ['dns', 'example.test', '--json', '--timeout', 'x']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      const out = oneObject(r.stdout);
      expect(out.exitCode).toBe(2);
      expect(out.error.code).toBe('BAD_INPUT');
      expect(out.error.message).toMatch(/expects/);
    }
  });
  it('a usage error commander finds (an unknown option): exit 2, code BAD_USAGE', async () => {
    const r = await runCli(['scan', url, '--json', '--no-such-option']);
    expect(r.code).toBe(2);
    expect(oneObject(r.stdout)).toEqual({ error: { code: 'BAD_USAGE', message: "unknown option '--no-such-option'" }, exitCode: 2 });
  });
  it('without --json, stdout stays empty and the reason goes to stderr', async () => {
    const r = await runCli(['scan', url, '--fail-under', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("scorifya: --fail-under expects a score from 0 to 100, got 'abc'\n");
  });
});
