/** The CLI end to end against lab servers: JSON output, exit codes, evidence round trip, refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { startHeaderSite, LAB_HOST, type HeaderSite } from '../lab/header-site.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';

let site: HeaderSite;
let dir: string;
let caFile: string;
let lan2: LabServer;

beforeAll(async () => {
  site = await startHeaderSite({ '/good': { headers: GOOD_HEADERS }, '/weak': { headers: withHeader('Strict-Transport-Security', 'max-age=60') } });
  dir = mkdtempSync(join(tmpdir(), 'scorifya-cli-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, site.ca.certPem);
  lan2 = await startLabServer({ host: '127.0.0.2', routes: { '*': { status: 200, body: 'x' } } });
});
afterAll(async () => {
  await site.close();
  await lan2.close();
});

const labArgs = () => ['--resolve', `${LAB_HOST}:${site.server.port}:127.0.0.1`, '--allow-private', '--ca', caFile];
/** Most CLI tests are about the command's behaviour, so they run the HTTP probe only (fast). */
const httpOnly = () => [...labArgs(), '--only', 'http'];

describe('scorifya scan', () => {
  it('prints the JSON report with the documented fields and exits 0', async () => {
    const r = await runCli(['scan', site.url('/weak'), ...httpOnly(), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['schemaVersion', 'target', 'startedAt', 'durationMs', 'score', 'grade', 'categories', 'findings']));
    expect(report.findings.filter((f: { category: string }) => f.category === 'headers' || f.category === 'tls').map((f: { id: string }) => f.id)).toEqual(['weak_hsts']);
    const f = report.findings[0];
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['id', 'category', 'severity', 'pointsLost', 'title', 'evidence', 'location']));
    expect(r.stderr).toBe('');
  });

  it('the terminal report groups findings and shows points, without colour when piped', async () => {
    const r = await runCli(['scan', site.url('/weak'), ...httpOnly()], { NO_COLOR: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Security headers');
    expect(r.stdout).toMatch(/−3\s+weak_hsts/);
    expect(r.stdout).toContain('not measured');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('--fail-under sets exit code 1 when the score is lower', async () => {
    expect((await runCli(['scan', site.url('/weak'), ...httpOnly(), '--json', '--fail-under', '99'])).code).toBe(1);
    expect((await runCli(['scan', site.url('/good'), ...httpOnly(), '--json', '--fail-under', '99'])).code).toBe(0);
  });

  it('--fail-under takes the ends of the score range and decimals: 0 never fails, 100 fails a weak score', async () => {
    const file = join(dir, 'gate.json');
    expect((await runCli(['scan', site.url('/weak'), ...httpOnly(), '--json', '--timeout', '5000', '--save-evidence', file])).code).toBe(0);
    expect((await runCli(['rescore', file, '--json', '--fail-under', '0'])).code).toBe(0);
    expect((await runCli(['rescore', file, '--json', '--fail-under', '100'])).code).toBe(1);
    expect((await runCli(['rescore', file, '--json', '--fail-under', '99.5'])).code).toBe(1);
  });
  it('--save-evidence and rescore give the same report offline', async () => {
    const file = join(dir, 'evidence.json');
    const scanned = await runCli(['scan', site.url('/weak'), ...labArgs(), '--json', '--save-evidence', file], {}, 120_000);
    const rescored = await runCli(['rescore', file, '--json']);
    expect(rescored.code).toBe(0);
    const a = JSON.parse(scanned.stdout);
    const b = JSON.parse(rescored.stdout);
    expect(b.findings).toEqual(a.findings);
    expect(b.score).toBe(a.score);
    expect(JSON.parse(readFileSync(file, 'utf8')).http.status).toBe('ok');
  }, 130_000);

  it('the full scan measures every probe family and says which categories it could not measure', async () => {
    const r = await runCli(['scan', site.url('/good'), ...labArgs(), '--json'], {}, 120_000);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const status = Object.fromEntries(report.categories.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(status).toMatchObject({ tls: 'measured', headers: 'measured', exposure: 'measured', cookies: 'measured' });
    // The lab page itself is well configured: nothing in the headers category.
    expect(report.findings.filter((f: { category: string }) => f.category === 'headers')).toEqual([]);
  }, 130_000);

  it('--only with an unknown probe is an input error', async () => {
    const r = await runCli(['scan', site.url('/good'), ...labArgs(), '--only', 'nonsense']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown probe 'nonsense'/);
  });

  it('rescore of a file that is not evidence is a clear input error', async () => {
    const file = join(dir, 'junk.json');
    writeFileSync(file, '{"hello": 1}');
    const r = await runCli(['rescore', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('refused targets open no socket', () => {
  const refused = () => [
    `http://127.0.0.1:${site.server.port}/`,
    `http://localhost:${site.server.port}/`,
    `http://2130706433:${site.server.port}/`,
    `http://0x7f.1:${site.server.port}/`,
    `http://[::ffff:127.0.0.1]:${site.server.port}/`,
    `http://127.1:${site.server.port}/`,
  ];
  it('loopback in every spelling, without --allow-private', async () => {
    const before = site.server.connections;
    for (const url of refused()) {
      const r = await runCli(['scan', url, '--json']);
      expect(r.code, url).toBe(2);
      expect(r.stderr, url).toMatch(/^scorifya: (refusing to scan|.*local name)/);
      expect(r.stderr.trim().split('\n'), url).toHaveLength(1);
      // --json: the refusal as one JSON object, nothing else (docs/scanning.md, "Exit codes").
      expect(JSON.parse(r.stdout), url).toEqual({ error: { code: expect.stringMatching(/^(TARGET_REFUSED|BAD_INPUT)$/), message: expect.any(String) }, exitCode: 2 });
    }
    expect(site.server.connections).toBe(before);
  }, 120_000);
  it('a name that --resolve maps to 127.0.0.2', async () => {
    const r = await runCli(['scan', `http://api.target.test:${lan2.port}/`, '--resolve', `api.target.test:${lan2.port}:127.0.0.2`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('127.0.0.2');
    expect(lan2.connections).toBe(0);
  });
});

describe('bad input', () => {
  it.each([
    ['ftp://example.com/', /unsupported scheme/],
    ['javascript:alert(1)', /unsupported scheme/],
    ['http://user:secret@example.com/', /credentials/],
    ['http://exa mple.com/', /spaces/],
    ['http://[::1/', /not a valid URL/],
    ['', /no URL/],
  ])('%s gives one line and exit code 2', async (input, message) => {
    const r = await runCli(['scan', input]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('a bad --resolve or --ca is an input error too', async () => {
    expect((await runCli(['scan', 'https://example.com/', '--resolve', 'nonsense'])).code).toBe(2);
    expect((await runCli(['scan', 'https://example.com/', '--ca', join(dir, 'missing.pem')])).code).toBe(2);
  });
});

describe('scorifya headers (focused tool)', () => {
  it('reports only the Security headers category, its total as score and the tool in options', async () => {
    const r = await runCli(['headers', site.url('/weak'), ...labArgs(), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    // TLS & HTTPS is not a row: the HTTP probe alone examines no handshake (engine/focused-tools.ts).
    expect(report.categories.map((c: { id: string }) => c.id)).toEqual(['headers']);
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(['weak_hsts']);
    expect(report.score).toBe(report.arithmetic.score);
    expect(report.score).toBe(report.categories[0].score);
    expect(report.options.tool).toBe('headers');
  });
});
