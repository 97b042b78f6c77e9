/**
 * Authenticated and staging scans through the built CLI: `--header` and `--cookie` reach the scanned
 * host (a staging site that shows its real headers only to a logged-in visitor), never another host a
 * redirect leads to, and their values appear nowhere in what the scan prints or records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { createLabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';

const SITE = 'staging.lab.test';
const OTHER = 'sso.lab.test';
const TOKEN = 'Bearer s3cret-token-7f2c';
const SESSION = 'sessionid=a9d4c1e7b2; theme=dark';
const HARDENED: [string, string][] = [
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
];

let site: LabServer;
let other: LabServer;
let caFile: string;
beforeAll(async () => {
  const ca = await createLabCa();
  other = await startLabServer({ cert: await ca.issue({ dnsNames: [OTHER] }), routes: { '*': { status: 200, body: 'login' } } });
  site = await startLabServer({
    cert: await ca.issue({ dnsNames: [SITE] }),
    routes: {
      // The staging site: without both credentials, a redirect to the single sign-on host.
      '/': (req) =>
        req.headers.authorization === TOKEN && req.headers.cookie === SESSION
          ? { status: 200, headers: [['Content-Type', 'text/html'], ...HARDENED], body: '<p>staging</p>' }
          : { status: 302, headers: [['Location', `https://${OTHER}:${other.port}/login`]], body: '' },
    },
  });
  caFile = join(mkdtempSync(join(tmpdir(), 'scorifya-site-headers-')), 'ca.pem');
  writeFileSync(caFile, ca.certPem);
}, 60_000);
afterAll(async () => {
  await site?.close();
  await other?.close();
});

const args = () => ['headers', `https://${SITE}:${site.port}/`, '--allow-private', '--ca', caFile, '--resolve', `${SITE}:${site.port}:127.0.0.1`, '--resolve', `${OTHER}:${other.port}:127.0.0.1`];

describe('--header and --cookie', () => {
  it('reach the scanned host: the logged-in page is judged, its headers found', async () => {
    const r = await runCli([...args(), '--header', `Authorization: ${TOKEN}`, '--cookie', SESSION, '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    const ids = report.findings.map((f: { id: string }) => f.id);
    expect(ids).not.toContain('missing_hsts');
    expect(ids).not.toContain('missing_csp');
    expect(report.options.headers).toEqual(['Authorization', 'Cookie']);
    const seen = site.requests.filter((q) => q.headers.authorization === TOKEN && q.headers.cookie === SESSION);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('without them the same scan only reaches the sign-on page, and says the headers are not measured (the control)', async () => {
    const r = await runCli([...args(), '--json']);
    const report = JSON.parse(r.stdout);
    const headers = report.categories.find((c: { id: string }) => c.id === 'headers');
    expect(headers.status).toBe('not_measured');
    expect(headers.reason).toContain(`login page on another host (${OTHER})`);
    expect(report.options?.headers).toBeUndefined();
  });

  it('never go to another host, and their values appear in no output', async () => {
    other.requests.length = 0;
    const wrong = ['--header', 'Authorization: Bearer wrong-value-91', '--cookie', 'sessionid=wrong-cookie-55'];
    const json = await runCli([...args(), ...wrong, '--json']);
    const text = await runCli([...args(), ...wrong]);
    expect(other.requests.length).toBeGreaterThan(0);
    for (const q of other.requests) {
      expect(q.headers.authorization).toBeUndefined();
      expect(q.headers.cookie).toBeUndefined();
    }
    for (const out of [json.stdout, json.stderr, text.stdout, text.stderr]) {
      expect(out).not.toContain('wrong-value-91');
      expect(out).not.toContain('wrong-cookie-55');
    }
  });

  it('bad headers are bad input (exit 2) with the reason, before anything is sent', async () => {
    const before = site.connections;
    for (const [flag, value, words] of [
      ['--header', 'NoColonHere', "expects 'Name: value'"],
      ['--header', 'Host: evil.test', 'set by the scanner itself'],
      ['--header', 'Bad Name: x', 'not a valid header name'],
    ] as const) {
      const r = await runCli([...args(), flag, value]);
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain(words);
    }
    const both = await runCli([...args(), '--cookie', 'a=1', '--header', 'Cookie: b=2']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    expect(site.connections).toBe(before);
  });
});

describe('every command still builds its options', () => {
  // `cors` has its own --header (the page script's request header): adding the scan's --header to
  // every command once made `scorifya cors` crash on start-up.
  it('each command answers --help', async () => {
    const { COMMANDS } = await import('../../src/cli/command-table.js');
    for (const name of Object.keys(COMMANDS)) {
      const r = await runCli([name, '--help']);
      expect(r.code, `${name} --help: ${r.stderr}`).toBe(0);
    }
  });
});
