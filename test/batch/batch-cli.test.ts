/**
 * `scorifya batch` end to end, as a user runs it: 60 lab targets (many names on one lab server, one
 * that never answers, one on a closed port) plus bad lines; a first run is stopped with SIGINT, and
 * `--resume` finishes the rest without scanning any finished target again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBatchLab, type BatchLab } from './lab.js';
import { runCli } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARD = fileURLToPath(new URL('../support/loopback-guard.mjs', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

let lab: BatchLab;
let names: string[];
let targets: string[];
let targetsFile: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`batch tests run the built CLI: ${CLI} is missing, run npm run build`);
  lab = await startBatchLab();
  // 57 targets on the lab server (12 of them without security headers, 3 paths on one host), the slow one, the dead one.
  names = [...Array.from({ length: 43 }, (_, i) => `good${i}`), ...Array.from({ length: 12 }, (_, i) => `weak${i}`), 'multi'];
  targets = [
    ...names.filter((n) => n !== 'multi').map((n) => lab.url(n)),
    lab.url('multi', '/a'), lab.url('multi', '/b'), lab.url('multi', '/c'),
    lab.slowUrl,
    lab.deadUrl,
  ];
  expect(targets).toHaveLength(60);
  const lines = ['# nightly inventory', '', ...targets.slice(0, 30), 'ftp://files.batch.test/', '   # indented comment', 'not a url at all', ...targets.slice(30), targets[3]!, 'http://user:secret@x.batch.test/'];
  targetsFile = join(lab.dir, 'targets.txt');
  writeFileSync(targetsFile, lines.join('\n') + '\n');
}, 60_000);

afterAll(() => lab?.close());

function linesOf(file: string): { input: string; score: number | null; error?: string }[] {
  const text = readFileSync(file, 'utf8');
  if (text) expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const v = JSON.parse(l);
      return { input: v.target.input, score: v.score, ...(v.error ? { error: v.error } : {}) };
    });
}

/** Hosts that got a request after the given index of the server's request log. */
const hostsAfter = (from: number) => new Set(lab.server.requests.slice(from).map((r) => String(r.headers.host).split(':')[0]));

it('runs 60 targets, survives SIGINT with whole lines, and --resume finishes the rest without repeats', async () => {
  const out = join(lab.dir, 'results.jsonl');
  const args = [targetsFile, '--out', out, '--only', 'http', '--timeout', '3000', ...lab.netArgs([...names])];

  // Run 1: two at a time over two scan processes, interrupted once a dozen targets are written.
  const child = spawn(process.execPath, ['--import', GUARD, CLI, 'batch', ...args, '--concurrency', '2', '--processes', '2'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr1 = '';
  child.stderr.on('data', (d) => (stderr1 += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const until = Date.now() + 30_000;
  while (!existsSync(out) || readFileSync(out, 'utf8').split('\n').length <= 12) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`first run never wrote 12 results: ${stderr1}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(stderr1).toMatch(/interrupted; run the same command with --resume/);
  const first = linesOf(out);
  expect(first.length).toBeGreaterThanOrEqual(12);
  expect(first.length).toBeLessThan(60);
  expect(new Set(first.map((l) => l.input)).size).toBe(first.length);
  // Bad lines are named by their line number in the file.
  expect(stderr1).toContain('line 33 skipped: unsupported scheme');
  expect(stderr1).toContain('line 35 skipped: more than one value');
  expect(stderr1).toContain('line 67 skipped: URLs with credentials');

  // Run 2: resume in one process with the default concurrency.
  const mark = lab.server.requests.length;
  const second = await runCli(['batch', ...args, '--resume'], {}, 60_000);
  expect(second.code, second.stderr).toBe(0);
  expect(second.stderr).toContain(`${first.length} targets already in ${out}, ${60 - first.length} to go`);
  const all = linesOf(out);
  expect(all.slice(0, first.length)).toEqual(first);
  expect(all.map((l) => l.input).sort()).toEqual([...targets].sort());
  // Nothing finished in run 1 was contacted again (the multi host's paths share one name, so skip it).
  const again = hostsAfter(mark);
  for (const l of first) {
    const host = new URL(l.input).hostname;
    if (!host.startsWith('multi')) expect(again.has(host), `${host} was scanned again`).toBe(false);
  }

  // Every good target scored; the slow and dead ones carry reasons; the summary says so.
  const byInput = new Map(all.map((l) => [l.input, l]));
  for (const n of names.filter((n) => n !== 'multi')) expect(byInput.get(lab.url(n))!.score, n).toBeGreaterThan(0);
  expect(byInput.get(lab.slowUrl)!.score).toBeNull();
  expect(byInput.get(lab.deadUrl)!.score).toBeNull();
  const summary = second.stderr;
  expect(summary).toMatch(/Batch: 60 targets in the output \(58 scored, 2 failed or unmeasured\)/);
  expect(summary).toMatch(/90–100 █+ \d+/);
  // Only the HTTP categories are measured (65 of 100 points): a clean target is a partial A, never an A+.
  expect(summary).toMatch(/Grades {2}A \(partial\): 46/);
  expect(summary).toMatch(/Most common findings[^\n]*\n\s+12 {2}\w+/);
  // The slow target is timed like any other (under load, busy good targets can be slower still).
  expect(summary).toMatch(/Slowest targets\n(\s+[\d.]+ s {2}https:\/\/\S+\n){5}/);
  expect(summary).toContain(`${lab.slowUrl}: http: no HTTP response from the target: no response from slow.batch.test:${lab.slow.port} within 3000 ms`);
  expect(summary).toContain(`${lab.deadUrl}: http: no HTTP response from the target`);
  expect(summary).toMatch(/refused the connection/);
}, 90_000);

it('reads a CSV inventory and writes one CSV row per target with category scores and finding ids', async () => {
  const csvIn = join(lab.dir, 'inventory.csv');
  writeFileSync(csvIn, `team,url\nweb,${lab.url('weak0')}\napi,"${lab.url('good0')}"\nold,${lab.deadUrl}\n`);
  const out = join(lab.dir, 'results.csv');
  const res = await runCli(['batch', csvIn, '--out', out, '--only', 'http', '--timeout', '3000', ...lab.netArgs(['weak0', 'good0'])], {}, 60_000);
  expect(res.code, res.stderr).toBe(0);
  const rows = readFileSync(out, 'utf8').trimEnd().split('\n');
  expect(rows[0]).toBe('url,status,score,grade,tls,headers,exposure,cookies,dns,wordpress,findings,duration_ms,error');
  expect(rows).toHaveLength(4);
  const row = (url: string) => rows.find((r) => r.startsWith(url))!.split(',');
  expect(row(lab.url('good0')).slice(1, 4)).toEqual(['done', '100', 'A (partial)']);
  const weak = row(lab.url('weak0'));
  expect(Number(weak[5])).toBeLessThan(100); // headers category
  expect(weak[10]).toMatch(/missing_csp/);
  expect(row(lab.deadUrl)[1]).toBe('unmeasured');
  // Resuming a finished CSV runs nothing and keeps the header once.
  const again = await runCli(['batch', csvIn, '--out', out, '--resume', '--only', 'http', ...lab.netArgs(['weak0', 'good0'])], {}, 60_000);
  expect(again.code, again.stderr).toBe(0);
  expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toEqual(rows);
}, 60_000);

it('refuses to overwrite results without --resume, and an unreadable file, with exit code 2', async () => {
  const out = join(lab.dir, 'results.csv');
  const [res, missing, only] = await Promise.all([
    runCli(['batch', targetsFile, '--out', out, '--allow-private']),
    runCli(['batch', join(lab.dir, 'nope.txt')]),
    runCli(['batch', targetsFile, '--only', 'bogus']),
  ]);
  expect(res.code).toBe(2);
  expect(res.stderr).toMatch(/already holds results: add --resume/);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/cannot read the targets file .*ENOENT/);
  expect(only.code).toBe(2);
  expect(only.stderr).toMatch(/--only: unknown probe 'bogus'/);
});
