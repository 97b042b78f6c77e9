/**
 * "Browsers win": the Observatory cases where our header verdict differs from the Observatory's
 * because of browser behaviour are replayed in Debian's Chromium. A page on one origin frames a page on
 * another that sends the X-Frame-Options value, and loads a text/plain "script" sent with the
 * X-Content-Type-Options value; what Chromium blocks must be what our checks call protected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import type { RawHeader } from '../../src/model/http.js';
import { framingCheck } from '../../src/checks/headers/framing.js';
import { nosniffCheck } from '../../src/checks/headers/nosniff.js';
import type { Check } from '../../src/checks/check.js';
import { siteWithHeaders } from '../support/evidence.js';
import { CHROMIUM, CHROMIUM_ARGS } from './cookie-chromium.js';

const FRAMING = ['SAMEORIGIN, SAMEORIGIN', 'ALLOW-FROM https://mozilla.org', 'DENY', null];
const NOSNIFF = ['nosniff, nosniff', 'nosniff', null];

let server: Server;
let port = 0;
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const value = url.searchParams.get('v');
    if (url.pathname === '/parent') {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<iframe src="http://child.test:${port}/child?v=${encodeURIComponent(value ?? '')}"></iframe>`);
    } else if (url.pathname === '/child') {
      res.setHeader('Content-Type', 'text/html');
      if (value) res.setHeader('X-Frame-Options', value);
      res.end('<p id="framed">framed</p>');
    } else if (url.pathname === '/script-page') {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<script src="/script?v=${encodeURIComponent(value ?? '')}"></script>`);
    } else if (url.pathname === '/script') {
      res.setHeader('Content-Type', 'text/plain');
      if (value) res.setHeader('X-Content-Type-Options', value);
      res.end('window.ran = true;');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const protectedByUs = (check: Check, headers: RawHeader[]) =>
  check.run(siteWithHeaders(headers), { now: new Date('2026-11-25T12:00:00Z') }).length === 0;

describe('headers: where the Observatory and browsers differ, Chromium decides', () => {
  it('X-Frame-Options and X-Content-Type-Options: Chromium blocks exactly where our checks see protection', async () => {
    const page = await browser.newPage();
    const rows: string[] = [];
    for (const value of FRAMING) {
      await page.goto(`http://parent.test:${port}/parent?v=${encodeURIComponent(value ?? '')}`);
      const child = page.frames().find((f) => f !== page.mainFrame());
      const loaded = child ? (await child.locator('#framed').count().catch(() => 0)) > 0 : false;
      const ours = protectedByUs(framingCheck, value ? [['X-Frame-Options', value]] : []);
      if (ours === loaded) rows.push(`X-Frame-Options ${value ?? '(absent)'}: Chromium ${loaded ? 'framed it' : 'blocked it'}, we say ${ours ? 'protected' : 'unprotected'}`);
    }
    for (const value of NOSNIFF) {
      await page.goto(`http://site.test:${port}/script-page?v=${encodeURIComponent(value ?? '')}`);
      const ran = await page.evaluate(() => (window as unknown as { ran?: boolean }).ran === true);
      const ours = protectedByUs(nosniffCheck, value ? [['X-Content-Type-Options', value]] : []);
      if (ours === ran) rows.push(`X-Content-Type-Options ${value ?? '(absent)'}: Chromium ${ran ? 'ran' : 'blocked'} the text/plain script, we say ${ours ? 'protected' : 'unprotected'}`);
    }
    await page.close();
    expect(rows).toEqual([]);
  }, 60_000);
});
