/**
 * CSP depth, decided by Chromium: each place where our CSP verdict rests on what a browser does is
 * replayed in Debian's Chromium on loopback, and our check must say what the browser does.
 * Two host names, both mapped to 127.0.0.1: site.test serves the page, evil.test plays the attacker's
 * server (and an allow-listed host that serves JSONP). The page is "injected" with markup by the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { cspCheck } from '../../src/checks/headers/csp.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, LOOPBACK_ONLY_ARGS } from '../support/chromium.js';
import { siteWithHeaders, withHeader } from '../support/evidence.js';

let server: Server;
let port = 0;
let browser: Browser;
/** Paths requested from evil.test, to see whether the browser fetched what the policy should block. */
const evilRequests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const evil = (req.headers.host ?? '').startsWith('evil.test');
    if (evil) evilRequests.push(url.pathname + url.search);
    if (url.pathname === '/page') {
      res.setHeader('Content-Type', 'text/html');
      res.setHeader('Content-Security-Policy', url.searchParams.get('csp') ?? '');
      res.end(`<!doctype html><html><head>${url.searchParams.get('html') ?? ''}</head><body><p>page</p></body></html>`);
    } else if (url.pathname === '/app.js') {
      res.setHeader('Content-Type', 'text/javascript');
      res.end(`window.ran = (window.ran || []).concat(${JSON.stringify(evil ? 'evil' : 'site')});`);
    } else if (url.pathname === '/eval.js') {
      res.setHeader('Content-Type', 'text/javascript');
      res.end("try { window.evalRan = eval('true'); } catch { window.evalRan = false; }");
    } else if (url.pathname === '/jsonp') {
      // A JSONP endpoint: the callback name is echoed as code, which is what makes it a bypass.
      res.setHeader('Content-Type', 'text/javascript');
      res.end(`${url.searchParams.get('callback') ?? 'cb'}({});`);
    } else if (url.pathname === '/doc.html') {
      res.setHeader('Content-Type', 'text/html');
      res.end('<p>embedded</p>');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...LOOPBACK_ONLY_ARGS], headless: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const EVIL = () => `http://evil.test:${port}`;

/** Load site.test's page with this policy and injected markup; what ran, and what evil.test was asked for. */
async function visit(csp: string, html: string): Promise<{ ran: string[]; evil: string[]; evalRan: boolean }> {
  evilRequests.length = 0;
  const page = await browser.newPage();
  try {
    await page.goto(`http://site.test:${port}/page?csp=${encodeURIComponent(csp)}&html=${encodeURIComponent(html)}`, { waitUntil: 'load' });
    await page.waitForTimeout(150);
    const ran = (await page.evaluate('window.ran || []')) as string[];
    const evalRan = (await page.evaluate('window.evalRan === true')) as boolean;
    return { ran, evil: [...evilRequests], evalRan };
  } finally {
    await page.close();
  }
}

const ids = (policy: string) => cspCheck.run(siteWithHeaders(withHeader('Content-Security-Policy', policy)), { now: new Date() }).map((r) => r.id);

describe('CSP depth: Chromium decides', () => {
  it('an injected <base> re-points a nonce\'d relative script at another server unless base-uri is set (csp_missing_base_uri)', async () => {
    const html = `<base href="${EVIL()}/"><script nonce="r4nd0mNonce123" src="app.js"></script>`;
    const open = "script-src 'nonce-r4nd0mNonce123'; object-src 'none'";
    const closed = `${open}; base-uri 'self'`;
    expect((await visit(open, html)).ran).toEqual(['evil']);
    expect(ids(open)).toEqual(['csp_missing_base_uri']);
    expect((await visit(closed, html)).ran).toEqual(['site']);
    expect(ids(closed)).toEqual([]);
  }, 30_000);

  it('an allow-listed host serving JSONP runs an injected callback; with a nonce and strict-dynamic the host list is ignored', async () => {
    const inject = `<script src="${EVIL()}/jsonp?callback=window.ran%3D%5B%27evil%27%5D%3Bvoid"></script>`;
    const hosts = `script-src 'self' ${EVIL()}; object-src 'none'`;
    expect((await visit(hosts, inject)).ran).toEqual(['evil']);
    // (weak_csp too, for every lab host source: the lab serves plain http.)
    expect(ids(hosts)).toEqual(['weak_csp', 'csp_host_allowlist']);
    const strict = `script-src 'nonce-r4nd0mNonce123' 'strict-dynamic' ${EVIL()}; object-src 'none'; base-uri 'none'`;
    expect((await visit(strict, inject)).ran).toEqual([]);
    expect(ids(strict)).toEqual([]);
  }, 30_000);

  it("'none' beside a host source is ignored: the host is allowed (so the list is a host allow-list)", async () => {
    const policy = `script-src 'none' ${EVIL()}; object-src 'none'`;
    expect((await visit(policy, `<script src="${EVIL()}/app.js"></script>`)).ran).toEqual(['evil']);
    expect(ids(policy)).toEqual(['weak_csp', 'csp_host_allowlist']);
  }, 30_000);

  it('an IP address source is honoured, not ignored (csp_evaluator says browsers ignore it): a host allow-list', async () => {
    const policy = `script-src http://127.0.0.1:${port}; object-src 'none'`;
    expect((await visit(policy, `<script src="http://127.0.0.1:${port}/app.js"></script>`)).ran).toEqual(['site']);
    expect(ids(policy)).toEqual(['weak_csp', 'csp_host_allowlist']);
  }, 30_000);

  it('without object-src an injected <object> loads from anywhere; object-src \'none\' blocks it (csp_missing_object_src)', async () => {
    const html = `<object data="${EVIL()}/doc.html" type="text/html"></object>`;
    expect((await visit("script-src 'self'", html)).evil).toContain('/doc.html');
    expect(ids("script-src 'self'")).toEqual(['csp_missing_object_src']);
    expect((await visit("script-src 'self'; object-src 'none'", html)).evil).toEqual([]);
    expect(ids("script-src 'self'; object-src 'none'")).toEqual([]);
  }, 30_000);

  it("'unsafe-eval' with no other script source lets nothing run, so there is no eval sink to reach", async () => {
    const html = `<script>window.evalRan = eval('true')</script><script src="/app.js"></script>`;
    const none = await visit("default-src 'unsafe-eval'", html);
    expect([none.ran, none.evalRan]).toEqual([[], false]);
    expect(ids("default-src 'unsafe-eval'")).toEqual([]);
    // With a script allowed, eval() runs: the same keyword is then weak_csp.
    const withSelf = "default-src 'self' 'unsafe-eval'";
    const some = await visit(withSelf, `<script src="/app.js"></script><script src="/eval.js"></script>`);
    expect([some.ran, some.evalRan]).toEqual([['site'], true]);
    expect(ids(withSelf)).toEqual(['weak_csp']);
  }, 30_000);
});
