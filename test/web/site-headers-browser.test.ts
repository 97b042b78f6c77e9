/**
 * The web form's "Advanced: scan signed in" in Debian's Chromium: headers and a cookie typed into the
 * disclosure reach a lab staging site, the result page names the headers (never a value), and a bad
 * header is shown as the reason with the fields open and empty (the values are not echoed back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { createLabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { createServer, type Server } from '../../src/server/app.js';
import { CHROMIUM_ARGS } from '../support/chromium.js';

const SITE = 'staging.lab.test';
const OTHER = 'sso.lab.test';
const TOKEN = 'Bearer web-tok-P4s8Lq2';
const SESSION = 'sessionid=web-sess-Z7m3Kd9';
const HARDENED: [string, string][] = [
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
];

let site: LabServer;
let other: LabServer;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  const ca = await createLabCa();
  other = await startLabServer({ cert: await ca.issue({ dnsNames: [OTHER] }), routes: { '*': { status: 200, body: 'login' } } });
  site = await startLabServer({
    cert: await ca.issue({ dnsNames: [SITE] }),
    routes: {
      '/': (req) =>
        req.headers.authorization === TOKEN && req.headers.cookie === SESSION
          ? { status: 200, headers: [['Content-Type', 'text/html'], ...HARDENED], body: '<p>staging</p>' }
          : { status: 302, headers: [['Location', `https://${OTHER}:${other.port}/login`]], body: '' },
    },
  });
  server = await createServer({
    db: ':memory:',
    logger: false,
    allowPrivate: true,
    resolve: [`${SITE}:${site.port}:127.0.0.1`, `${OTHER}:${other.port}:127.0.0.1`],
    ca: [ca.certPem],
    cooldownSeconds: 300,
  });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
  await other?.close();
});

describe('the signed-in scan form in Chromium', { timeout: 120_000 }, () => {
  it('sends the headers and cookie to the staging site; the result names the headers only', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await expect(page.getByLabel(/Headers, one/).isVisible()).resolves.toBe(false);
    await page.getByLabel('Website address').fill(`https://${SITE}:${site.port}/`);
    await page.getByText('Advanced: scan signed in').click();
    await page.getByLabel(/Headers, one/).fill(`Authorization: ${TOKEN}\n\n`);
    await page.getByLabel('Cookie').fill(SESSION);
    await page.getByLabel(/I am allowed to test this site/).check();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.waitForURL(/\/scans\/[\w-]+$/);
    await page.locator('svg.score-ring[aria-label^="Score"]').waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-site-headers]').innerText()).resolves.toContain('Scanned with headers: Authorization, Cookie (values not stored)');
    const content = await page.content();
    expect(content).not.toContain('web-tok-P4s8Lq2');
    expect(content).not.toContain('web-sess-Z7m3Kd9');
    expect(content).not.toContain('missing_hsts');
    expect(site.requests.some((q) => q.headers.authorization === TOKEN && q.headers.cookie === SESSION)).toBe(true);
    for (const q of other.requests) expect(q.headers.authorization ?? q.headers.cookie).toBeUndefined();
    // A plain scan of the same address afterwards is its own scan: it does not get the signed-in result.
    const signedUrl = page.url();
    await page.goto(`${base}/`);
    await page.getByLabel('Website address').fill(`https://${SITE}:${site.port}/`);
    await page.getByLabel(/I am allowed to test this site/).check();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.waitForURL(/\/scans\/[\w-]+$/);
    expect(page.url()).not.toBe(signedUrl);
    await page.close();
  });

  it('a bad header comes back as the reason, with the fields open and not filled in again', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Website address').fill(`https://${SITE}:${site.port}/`);
    await page.getByText('Advanced: scan signed in').click();
    await page.getByLabel(/Headers, one/).fill('Authorization: Bearer keep-me-out-61\nHost: evil.test');
    await page.getByLabel(/I am allowed to test this site/).check();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.locator('#form-error').waitFor();
    await expect(page.locator('#form-error').innerText()).resolves.toContain('Host is set by the scanner itself');
    await expect(page.getByLabel(/Headers, one/).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel(/Headers, one/).inputValue()).resolves.toBe('');
    expect(await page.content()).not.toContain('keep-me-out-61');
    await page.close();
  });
});
