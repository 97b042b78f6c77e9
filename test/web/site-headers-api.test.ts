/**
 * Signed-in and staging scans through the HTTP API of a real `scorifya serve` (built CLI, SQLite file,
 * its logs captured): the headers and cookie reach the scanned host, which then shows its real page;
 * the sign-on host a redirect leads to never receives them; such a scan is never reused for, or by,
 * an anonymous one; and the values appear nowhere: not in the database file's bytes, the JSON report,
 * the exports, the event stream or the server's logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as netServer } from 'node:net';
import { createLabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARD = fileURLToPath(new URL('../support/loopback-guard.mjs', import.meta.url));
const SITE = 'staging.lab.test';
const OTHER = 'sso.lab.test';
// Distinctive enough that finding them anywhere can only mean a leak.
const TOKEN_SECRET = 'tok-Q7v9xR2mK4pL8wZ3';
const TOKEN = `Bearer ${TOKEN_SECRET}`;
const COOKIE_SECRET = 'sess-J5nB1cY6tH0dF2aE';
const SESSION = `sessionid=${COOKIE_SECRET}; theme=dark`;
const SECRETS = [TOKEN_SECRET, COOKIE_SECRET];
const HARDENED: [string, string][] = [
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
];

let dir: string;
let site: LabServer;
let other: LabServer;
let child: ChildProcess;
let base: string;
let logs = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scorifya-signed-in-'));
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
  writeFileSync(join(dir, 'ca.pem'), ca.certPem);
  const port = await freePort();
  child = spawn(
    process.execPath,
    [
      '--import', GUARD, `${ROOT}/dist/cli/main.js`, 'serve', '--port', String(port), '--db', join(dir, 'app.db'), '--allow-private',
      '--ca', join(dir, 'ca.pem'), '--resolve', `${SITE}:${site.port}:127.0.0.1`, '--resolve', `${OTHER}:${other.port}:127.0.0.1`, '--rate-limit', '100',
      // The request log is off by default; on here, so the test proves the most verbose log holds no value.
      '--log-requests',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d) => (logs += d));
  child.stderr!.on('data', (d) => (logs += d));
  const until = Date.now() + 30_000;
  while (!logs.includes('web app on')) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`serve did not start: ${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  base = `http://127.0.0.1:${port}`;
}, 60_000);
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await site?.close();
  await other?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const target = () => `https://${SITE}:${site.port}/`;
const post = (body: unknown) => fetch(`${base}/api/v1/scans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function finished(id: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    const scan = await (await fetch(`${base}/api/v1/scans/${id}`)).json();
    if (scan.status === 'done' || scan.status === 'failed') return scan;
    if (Date.now() > until) throw new Error(`scan ${id} did not finish`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const expectNoSecret = (text: string, where: string) => {
  for (const secret of SECRETS) expect(text.includes(secret), `${where} contains a credential`).toBe(false);
};

describe('signed-in scans through the API', { timeout: 120_000 }, () => {
  let signedId = '';
  const texts: [string, string][] = [];

  it('the credentials reach the scanned host: the signed-in page is judged, the names recorded', async () => {
    const res = await post({ url: target(), headers: [`Authorization: ${TOKEN}`], cookie: SESSION });
    expect(res.status).toBe(202);
    const queued = await res.json();
    expect(queued.headerNames).toEqual(['Authorization', 'Cookie']);
    expect(queued.reused).toBe(false);
    signedId = queued.id;
    const scan = await finished(signedId);
    expect(scan.status).toBe('done');
    const ids = scan.report.findings.map((f: { id: string }) => f.id);
    expect(ids).not.toContain('missing_hsts');
    expect(ids).not.toContain('missing_csp');
    expect(scan.report.categories.find((c: { id: string }) => c.id === 'headers').status).not.toBe('not_measured');
    expect(scan.report.options.headers).toEqual(['Authorization', 'Cookie']);
    expect(site.requests.some((q) => q.headers.authorization === TOKEN && q.headers.cookie === SESSION)).toBe(true);
    texts.push(['GET /api/v1/scans/:id', JSON.stringify(scan)]);
  });

  it('the sign-on host never receives them (a wrong token is redirected there)', async () => {
    other.requests.length = 0;
    const res = await post({ url: target(), headers: [`Authorization: Bearer ${TOKEN_SECRET}-wrong`], cookie: `sessionid=${COOKIE_SECRET}-wrong` });
    expect(res.status).toBe(202);
    const scan = await finished((await res.json()).id);
    expect(scan.status).toBe('done');
    expect(other.requests.length).toBeGreaterThan(0);
    for (const q of other.requests) {
      expect(q.headers.authorization).toBeUndefined();
      expect(q.headers.cookie).toBeUndefined();
    }
    texts.push(['the wrong-token scan', JSON.stringify(scan)]);
  });

  it('is never reused for, or by, a scan without credentials, and is listed nowhere', async () => {
    const anonymous = await post({ url: target() });
    expect(anonymous.status).toBe(202);
    const anon = await anonymous.json();
    expect(anon.id).not.toBe(signedId);
    expect(anon.headerNames).toBeNull();
    const anonScan = await finished(anon.id);
    expect(anonScan.report.categories.find((c: { id: string }) => c.id === 'headers').status).toBe('not_measured');
    // The anonymous scan is reused within the cooldown; the signed-in one never is, for anyone.
    const again = await post({ url: target() });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(anon.id);
    const signedAgain = await post({ url: target(), headers: [`Authorization: ${TOKEN}`], cookie: SESSION });
    expect(signedAgain.status).toBe(202);
    const second = await signedAgain.json();
    expect([signedId, anon.id]).not.toContain(second.id);
    await finished(second.id);
    const listed = await (await fetch(`${base}/api/v1/hosts/${SITE}/scans`)).json();
    expect(listed.scans.map((s: { id: string }) => s.id)).toEqual([anon.id]);
    const home = await (await fetch(`${base}/`)).text();
    expect(home).not.toContain(signedId);
  });

  it('the result page names the headers, and no export, page or event stream carries a value', async () => {
    const page = await (await fetch(`${base}/scans/${signedId}`)).text();
    expect(page).toContain('Scanned with headers: Authorization, Cookie (values not stored)');
    texts.push(['result page', page]);
    for (const ext of ['json', 'html', 'md', 'sarif', 'csv', 'pdf']) {
      const res = await fetch(`${base}/scans/${signedId}/report.${ext}`);
      expect(res.status, ext).toBe(200);
      texts.push([`report.${ext}`, Buffer.from(await res.arrayBuffer()).toString('latin1')]);
    }
    expect(JSON.parse(texts.find(([w]) => w === 'report.json')![1]).options.headers).toEqual(['Authorization', 'Cookie']);
    const events = await (await fetch(`${base}/api/v1/scans/${signedId}/events`)).text();
    expect(events).toContain('event: end');
    texts.push(['event stream', events]);
    for (const [where, text] of texts) expectNoSecret(text, where);
  });

  it('bad headers are a 422 problem naming the reason; unknown fields a 400', async () => {
    for (const [body, words] of [
      [{ headers: ['Host: evil.test'] }, 'Host is set by the scanner itself'],
      [{ headers: ['Authorization: a\u0001b'] }, 'contains control characters'],
      [{ headers: [`${TOKEN_SECRET}`] }, "expects 'Name: value'"],
      [{ headers: ['Cookie: a=1'], cookie: 'b=2' }, 'not both'],
      [{ headers: ['Bad Name: x'] }, 'not a valid header name'],
    ] as const) {
      const res = await post({ url: target(), ...body });
      expect(res.status, words).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await res.json();
      expect(problem.type).toBe('/problems/invalid-headers');
      expect(problem.detail).toContain(words);
      expectNoSecret(problem.detail, 'a problem document');
    }
    const tooMany = await post({ url: target(), headers: Array.from({ length: 33 }, (_, i) => `X-H${i}: v`) });
    expect(tooMany.status).toBe(400);
    const unknown = await post({ url: target(), header: ['Authorization: x'] });
    expect(unknown.status).toBe(400);
  });

  it('the OpenAPI document lists the new fields', async () => {
    const doc = await (await fetch(`${base}/api/openapi.json`)).json();
    const schema = doc.paths['/api/v1/scans'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.headers.type).toBe('array');
    expect(schema.properties.headers.description).toContain('never stored');
    expect(schema.properties.cookie.type).toBe('string');
  });

  it('after the server stops, neither the database file nor the logs hold a value', async () => {
    expect(logs).toContain('/api/v1/scans');
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    const files = readdirSync(dir).filter((f) => f.startsWith('app.db'));
    expect(files).toContain('app.db');
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      for (const secret of SECRETS) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), `${f} holds a credential`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${f} holds a credential (UTF-16)`).toBe(false);
      }
    }
    // The names are there: the check above reads the right file.
    expect(readFileSync(join(dir, 'app.db')).includes(Buffer.from('Authorization,Cookie'))).toBe(true);
    expectNoSecret(logs, 'the server log');
  });
});
