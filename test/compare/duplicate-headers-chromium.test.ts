/**
 * Duplicate header fields, judged by what Chromium does with them (issue 23, item 5). Each case sends
 * a header twice (two fields, as two layers adding it would) and asks Debian's Chromium what it does:
 * which HSTS policy it keeps (an http:// navigation to the host is then upgraded internally), whether
 * both CSPs are enforced, how conflicting X-Frame-Options values and `frame-ancestors *` beside
 * `X-Frame-Options: DENY` frame, and whether COOP, COEP and CORP survive being doubled. Our checks
 * must say what Chromium does. Loopback only: every name resolves to 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPublicKey } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { RawHeader } from '../../src/model/http.js';
import type { Check } from '../../src/checks/check.js';
import { hstsCheck } from '../../src/checks/headers/hsts.js';
import { framingCheck } from '../../src/checks/headers/framing.js';
import { coepCheck, coopCheck, corpCheck } from '../../src/checks/headers/cross-origin.js';
import { duplicateHeadersCheck } from '../../src/checks/headers/duplicates.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, LOOPBACK_ONLY_ARGS } from '../support/chromium.js';
import { createLabCa } from '../lab/ca.js';
import { siteWithHeaders } from '../support/evidence.js';

/** Each case's header fields, by name in the query (?case=…). */
const CASES: Record<string, RawHeader[]> = {
  'hsts-first-long': [['Strict-Transport-Security', 'max-age=31536000'], ['Strict-Transport-Security', 'max-age=0']],
  'hsts-first-zero': [['Strict-Transport-Security', 'max-age=0'], ['Strict-Transport-Security', 'max-age=31536000']],
  'hsts-one': [['Strict-Transport-Security', 'max-age=31536000']],
  'csp-two': [['Content-Security-Policy', "script-src 'self' 'unsafe-inline'"], ['Content-Security-Policy', "script-src 'self'"]],
  'csp-one': [['Content-Security-Policy', "script-src 'self' 'unsafe-inline'"]],
  'xfo-conflict': [['X-Frame-Options', 'DENY'], ['X-Frame-Options', 'SAMEORIGIN']],
  'xfo-sameorigin': [['X-Frame-Options', 'SAMEORIGIN']],
  'xfo-same-twice': [['X-Frame-Options', 'SAMEORIGIN'], ['X-Frame-Options', 'SAMEORIGIN']],
  'xfo-unknown-twice': [['X-Frame-Options', 'foo'], ['X-Frame-Options', 'bar']],
  'fa-star-xfo-deny': [['Content-Security-Policy', 'frame-ancestors *'], ['X-Frame-Options', 'DENY']],
  'fa-self-xfo-allowfrom': [['Content-Security-Policy', "frame-ancestors 'self'"], ['X-Frame-Options', 'ALLOW-FROM http://parent.test']],
  'coep-valid': [['Cross-Origin-Opener-Policy', 'same-origin'], ['Cross-Origin-Embedder-Policy', 'require-corp']],
  'coep-invalid': [['Cross-Origin-Opener-Policy', 'same-origin'], ['Cross-Origin-Embedder-Policy', 'require_corp']],
  'coep-twice': [['Cross-Origin-Opener-Policy', 'same-origin'], ['Cross-Origin-Embedder-Policy', 'require-corp'], ['Cross-Origin-Embedder-Policy', 'require-corp']],
  'coop-twice': [['Cross-Origin-Opener-Policy', 'same-origin'], ['Cross-Origin-Opener-Policy', 'same-origin'], ['Cross-Origin-Embedder-Policy', 'require-corp']],
  'corp-one': [['Cross-Origin-Resource-Policy', 'same-origin']],
  'corp-twice': [['Cross-Origin-Resource-Policy', 'same-origin'], ['Cross-Origin-Resource-Policy', 'same-origin']],
};

/** Send the fields as separate header lines, in order (setHeader with an array does exactly that). */
function send(res: ServerResponse, fields: RawHeader[], type: string, body: string) {
  const grouped = new Map<string, string[]>();
  for (const [n, v] of fields) grouped.set(n, [...(grouped.get(n) ?? []), v]);
  res.setHeader('Content-Type', type);
  for (const [n, vs] of grouped) res.setHeader(n, vs);
  res.end(body);
}

let server: Server;
let port = 0;
let tlsServer: HttpsServer;
let tlsPort = 0;
let browser: Browser;
let context: BrowserContext;
const HSTS_HOSTS = ['hsts-first-long', 'hsts-first-zero', 'hsts-one'].map((c) => `${c}.test`);

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const c = url.searchParams.get('case') ?? '';
    const fields = CASES[c] ?? [];
    if (url.pathname === '/parent') send(res, [], 'text/html', `<iframe src="${url.searchParams.get('child')}/child?case=${c}"></iframe>`);
    else if (url.pathname === '/child') send(res, fields, 'text/html', '<p id="framed">framed</p>');
    else if (url.pathname === '/inline') send(res, fields, 'text/html', '<script>window.ran = true</script>');
    else if (url.pathname === '/isolated') send(res, fields, 'text/html', '<p>isolated?</p>');
    else if (url.pathname === '/img-page') send(res, [], 'text/html', `<img id="i" src="http://localhost:${port}/img?case=${c}">`);
    else if (url.pathname === '/img') {
      res.setHeader('Cache-Control', 'no-store');
      send(res, fields, 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;

  // HSTS is kept only from HTTPS without certificate errors, and never for an IP address: a lab
  // certificate for the names, trusted by its key (Chromium's SPKI allow-list clears the errors).
  const ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: HSTS_HOSTS });
  tlsServer = createHttpsServer({ cert: cert.chainPem, key: cert.keyPem }, (req, res) => {
    const c = (req.headers.host ?? '').split('.')[0]!;
    send(res, CASES[c] ?? [], 'text/html', '<p>over https</p>');
  });
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  tlsPort = (tlsServer.address() as { port: number }).port;
  const spki = createPublicKey(cert.certPem).export({ type: 'spki', format: 'der' });
  const pin = createHash('sha256').update(spki).digest('base64');
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...LOOPBACK_ONLY_ARGS, `--ignore-certificate-errors-spki-list=${pin}`],
  });
  context = await browser.newContext();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await new Promise<void>((resolve) => tlsServer?.close(() => resolve()));
});

const ours = (check: Check, c: string) => check.run(siteWithHeaders(CASES[c]!), { now: new Date('2026-11-25T12:00:00Z') }).map((r) => r.id);

/** Visit https://<case>.test, then ask for http:// on the same TLS-only port: only an HSTS upgrade can load it. */
async function hstsKept(c: string): Promise<boolean> {
  const page = await context.newPage();
  try {
    await page.goto(`https://${c}.test:${tlsPort}/`);
    const res = await page.goto(`http://${c}.test:${tlsPort}/`).catch(() => null);
    return res?.url().startsWith('https:') === true && (await page.content()).includes('over https');
  } finally {
    await page.close();
  }
}

async function framed(parentOrigin: string, childOrigin: string, c: string): Promise<boolean> {
  const page = await context.newPage();
  try {
    await page.goto(`${parentOrigin}/parent?case=${c}&child=${encodeURIComponent(childOrigin)}`);
    await page.waitForTimeout(200);
    const child = page.frames().find((f) => f !== page.mainFrame());
    return child ? (await child.locator('#framed').count().catch(() => 0)) > 0 : false;
  } finally {
    await page.close();
  }
}

async function evaluate<T>(url: string, fn: () => T): Promise<T> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForTimeout(100);
    return await page.evaluate(fn);
  } finally {
    await page.close();
  }
}

describe('duplicate header fields: Chromium decides, our checks agree', () => {
  it('HSTS: the first field wins (RFC 6797 §8.1), a later max-age=0 does not switch it off', async () => {
    expect(await hstsKept('hsts-one')).toBe(true); // control: the upgrade is observable at all
    expect(await hstsKept('hsts-first-long')).toBe(true);
    expect(await hstsKept('hsts-first-zero')).toBe(false);
    expect(ours(hstsCheck, 'hsts-first-long')).not.toContain('hsts_disabled');
    expect(ours(hstsCheck, 'hsts-first-zero')).toContain('hsts_disabled');
    expect(ours(duplicateHeadersCheck, 'hsts-first-long')).toEqual(['duplicate_header_field']);
  }, 60_000);

  it('CSP: two policies are both enforced', async () => {
    const ran = () => (window as unknown as { ran?: boolean }).ran === true;
    expect(await evaluate(`http://site.test:${port}/inline?case=csp-one`, ran)).toBe(true);
    expect(await evaluate(`http://site.test:${port}/inline?case=csp-two`, ran)).toBe(false);
  }, 60_000);

  it('X-Frame-Options: conflicting values block every framing (even same-origin); identical ones act as one; unknown ones are ignored', async () => {
    const same = `http://site.test:${port}`;
    const other = `http://parent.test:${port}`;
    const rows: string[] = [];
    for (const c of ['xfo-conflict', 'xfo-sameorigin', 'xfo-same-twice', 'xfo-unknown-twice', 'fa-star-xfo-deny', 'fa-self-xfo-allowfrom']) {
      const crossFramed = await framed(other, same, c);
      const protectedByUs = ours(framingCheck, c).length === 0;
      rows.push(`${c}: cross-origin ${crossFramed ? 'framed' : 'blocked'}, same-origin ${(await framed(same, same, c)) ? 'framed' : 'blocked'}; we say ${protectedByUs ? 'protected' : 'unprotected'}`);
    }
    expect(rows).toEqual([
      'xfo-conflict: cross-origin blocked, same-origin blocked; we say protected',
      'xfo-sameorigin: cross-origin blocked, same-origin framed; we say protected',
      'xfo-same-twice: cross-origin blocked, same-origin framed; we say protected',
      'xfo-unknown-twice: cross-origin framed, same-origin framed; we say unprotected',
      'fa-star-xfo-deny: cross-origin framed, same-origin framed; we say unprotected',
      'fa-self-xfo-allowfrom: cross-origin blocked, same-origin framed; we say protected',
    ]);
  }, 60_000);

  it('COEP and COOP: an invalid or doubled value is ignored, so the page is not cross-origin isolated', async () => {
    // crossOriginIsolated needs a secure context: 127.0.0.1 is one over plain http.
    const isolated = (c: string) => evaluate(`http://127.0.0.1:${port}/isolated?case=${c}`, () => self.crossOriginIsolated);
    const rows: string[] = [];
    for (const c of ['coep-valid', 'coep-invalid', 'coep-twice', 'coop-twice']) {
      const flagged = [...ours(coepCheck, c), ...ours(coopCheck, c)];
      rows.push(`${c}: Chromium ${(await isolated(c)) ? 'isolated' : 'not isolated'}; we say ${flagged.join(',') || 'valid'}`);
    }
    expect(rows).toEqual([
      'coep-valid: Chromium isolated; we say valid',
      'coep-invalid: Chromium not isolated; we say invalid_coep',
      'coep-twice: Chromium not isolated; we say invalid_coep',
      'coop-twice: Chromium not isolated; we say missing_coop',
    ]);
  }, 60_000);

  it('CORP: a doubled value is ignored, so another site may embed the response', async () => {
    const loads = (c: string) =>
      evaluate(`http://127.0.0.1:${port}/img-page?case=${c}`, () => {
        const img = document.getElementById('i') as HTMLImageElement;
        return img.complete && img.naturalWidth > 0;
      });
    expect(await loads('corp-one')).toBe(false);
    expect(await loads('corp-twice')).toBe(true);
    expect(ours(corpCheck, 'corp-one')).toEqual([]);
    expect(ours(corpCheck, 'corp-twice')).toEqual(['missing_corp']);
  }, 60_000);
});
