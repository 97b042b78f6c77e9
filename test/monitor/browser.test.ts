/**
 * In Debian's Chromium: from a host's history page, watch the site with a webhook, land on the watch's
 * page with its secret, stop watching; the Notices page lists the CVEs of an old jQuery the app scanned.
 * No console errors, no CSP violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startHeaderSite, type HeaderSite } from '../lab/header-site.js';
import { startWebhookReceiver, type WebhookReceiver } from '../lab/webhook-receiver.js';
import { createServer, type Server } from '../../src/server/app.js';
import { waitForScan } from '../web/web-lab.js';
import { CHROMIUM_ARGS } from '../support/chromium.js';

const ARGS = CHROMIUM_ARGS;

let site: HeaderSite;
let hook: WebhookReceiver;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  [site, hook] = await Promise.all([
    startHeaderSite({ '/': { headers: [['Server', 'nginx/1.18.0']], body: '<!doctype html><html><head><title>old</title><script src="/js/jquery-1.8.3.min.js"></script></head><body>hi</body></html>' } }),
    startWebhookReceiver('ok'),
  ]);
  server = await createServer({ db: ':memory:', logger: false, ...site.scanOptions, cooldownSeconds: 0, monitor: { dnsVerification: false } });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([site?.close(), hook?.close()]);
});

describe('watch and notices pages in Chromium', () => {
  it('watches a site from its history page, shows the secret, stops watching; Notices lists the jQuery CVEs', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: { url: site.url('/', 'https') } });
    expect((await waitForScan(server, res.json().id)).status).toBe('done');

    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${base}/hosts/api.target.test`);
    await page.getByRole('link', { name: 'Watch this site' }).click();
    await page.waitForURL(/\/hosts\/api\.target\.test\/watch$/);
    await page.getByLabel('Site URL').fill(site.url('/', 'https'));
    await page.getByLabel(/Webhook URL/).fill(hook.url);
    await page.getByRole('button', { name: 'Watch this site' }).click();
    await page.waitForURL(/\/watches\/manage\/[\w-]+$/);
    expect(await page.locator('#watch-interval').textContent()).toBe('weekly');
    expect(await page.locator('#watch-secret').textContent()).toMatch(/^[\w-]{32}$/);
    await page.getByRole('button', { name: 'Stop watching' }).click();
    await expect.poll(() => page.locator('#unsubscribed').count()).toBe(1);

    await page.goto(`${base}/notices`);
    const table = page.locator('#notices');
    await expect.poll(() => table.count()).toBe(1);
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('CVE-2019-11358');
    expect(text).toContain('CVE-2021-23017');
    expect(text).toContain('api.target.test');
    expect(errors).toEqual([]);
    await context.close();
  });
});
