/**
 * `scorifya serve` as a user starts it (built CLI, HTTPS with a lab certificate, SQLite file), then
 * `scorifya scan` of the running app: no security-headers findings. Stops cleanly on SIGTERM.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as netServer } from 'node:net';
import { createLabCa } from '../lab/ca.js';
import { runCli } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARD = fileURLToPath(new URL('../support/loopback-guard.mjs', import.meta.url));
const HOST = 'app.target.test';
let dir: string;
let child: ChildProcess;
let port: number;
let caFile: string;
let stderr = '';
let stdout = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scorifya-serve-'));
  const ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: [HOST] });
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  writeFileSync(join(dir, 'cert.pem'), cert.chainPem);
  writeFileSync(join(dir, 'key.pem'), cert.keyPem);
  port = await freePort();
  child = spawn(
    process.execPath,
    ['--import', GUARD, `${ROOT}/dist/cli/main.js`, 'serve', '--port', String(port), '--db', join(dir, 'app.db'), '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SCORIFYA_LOG_REQUESTS: '' } },
  );
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.on('data', (d) => (stdout += d));
  const until = Date.now() + 30_000;
  while (!stderr.includes('web app on')) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`serve did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);
afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('serves the app with its SQLite file, and its own scan finds nothing in security headers', async () => {
  expect(stderr).toContain(`https://127.0.0.1:${port}`);
  expect(existsSync(join(dir, 'app.db'))).toBe(true);
  const res = await runCli(['scan', `https://${HOST}:${port}/`, '--json', '--allow-private', '--resolve', `${HOST}:${port}:127.0.0.1`, '--ca', caFile], {}, 60_000);
  const report = JSON.parse(res.stdout);
  expect(report.findings.filter((f: { category: string }) => f.category === 'headers')).toEqual([]);
  expect(report.categories.find((c: { id: string }) => c.id === 'headers').score).toBe(100);
  // Quiet by default: the scan's requests print nothing; stderr has the one start-up line.
  expect(stdout).toBe('');
  expect(stderr.trim().split('\n')).toHaveLength(1);
}, 90_000);

it('stops on SIGTERM', async () => {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 30_000);
