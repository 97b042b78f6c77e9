/**
 * End to end in Debian's Chromium: scan a lab site from the home page, watch progress finish, read
 * findings, copy, re-scan, compare, open the badge; a hostile site's payloads stay text. Screenshots go
 * to test-output/ (not committed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWebLab, type WebLab } from './web-lab.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';
import { CHROMIUM_ARGS } from '../support/chromium.js';

const OUT = join(import.meta.dirname, '..', '..', 'test-output');
const ARGS = CHROMIUM_ARGS;

let lab: WebLab;
let base: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  lab = await startWebLab({ cooldownSeconds: 0 });
  base = await lab.server.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await lab?.close();
});

interface Watched {
  page: Page;
  context: BrowserContext;
  dialogs: string[];
  errors: string[];
}

async function open(options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, context, dialogs, errors };
}

async function scanFromHome(page: Page, target: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Website address').fill(target);
  await page.getByLabel(/I am allowed to test this site/).check();
  await page.getByRole('button', { name: 'Scan', exact: true }).click();
  await page.waitForURL(/\/scans\/[\w-]+$/);
  await page.locator('svg.score-ring[aria-label^="Score"]').waitFor({ timeout: 45_000 });
}

// Chromium and real scans are slow on a loaded two-core machine; each test gets room.
describe('the web app in Chromium', { timeout: 120_000 }, () => {
  it('scan, watch progress, read findings, copy, re-scan, compare, badge', async () => {
    const { page, context, dialogs, errors } = await open();
    lab.evolving.headers = withHeader('Strict-Transport-Security', null, withHeader('Content-Security-Policy', null));
    await page.goto(`${base}/`);
    await page.screenshot({ path: join(OUT, 'home.png'), fullPage: true });

    // Progress: the live list fills in over SSE, then the page reloads into the result.
    await page.getByLabel('Website address').fill(lab.site.url('/evolving'));
    await page.getByLabel(/I am allowed to test this site/).check();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.waitForURL(/\/scans\/[\w-]+$/);
    const firstUrl = page.url();
    await page.locator('svg.score-ring[aria-label^="Score"]').waitFor({ timeout: 45_000 });
    await page.screenshot({ path: join(OUT, 'result.png'), fullPage: true });

    // Findings, most expensive first.
    const titles = await page.locator('.finding h3').allTextContents();
    expect(titles.length).toBeGreaterThanOrEqual(2);
    const points = (await page.locator('.finding .points').allTextContents()).map((t) => Number(/(\d+)/.exec(t)?.[1] ?? 0));
    expect([...points].sort((a, b) => b - a)).toEqual(points);
    await page.locator('.finding').first().getByText('Evidence').click();
    await expect(page.locator('.finding').first().locator('pre.evidence').isVisible()).resolves.toBe(true);

    // Copy buttons appear with JS and put the text on the clipboard.
    const copy = page.locator('button[data-copy="share-url"]');
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstUrl);
    const stepCopy = page.locator('ol.steps button.copy').first();
    if (await stepCopy.count()) {
      await stepCopy.click();
      await expect.poll(() => stepCopy.textContent()).toBe('Copied');
      const stepText = await page.locator('ol.steps li span').first().textContent();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(stepText);
    }

    // Fix the site, re-scan from the result page.
    lab.evolving.headers = withHeader('X-Content-Type-Options', null, GOOD_HEADERS);
    await page.locator('.actions form').getByLabel(/I am allowed/).check();
    await page.getByRole('button', { name: 'Re-scan' }).click();
    await page.waitForURL((u) => /\/scans\/[\w-]+$/.test(u.pathname) && u.href !== firstUrl);
    await page.locator('svg.score-ring[aria-label^="Score"]').waitFor({ timeout: 45_000 });

    // History and compare.
    await page.getByRole('link', { name: /History/ }).click();
    await page.locator('svg.chart').waitFor();
    await page.screenshot({ path: join(OUT, 'history.png'), fullPage: true });
    await page.getByRole('button', { name: 'Compare the selected scans' }).click();
    await page.waitForURL(/\/compare\?/);
    const fixed = await page.locator('section[aria-labelledby="fixed-h"]').textContent();
    expect(fixed).toContain('missing_hsts');
    expect(await page.locator('section[aria-labelledby="new-h"]').textContent()).toContain('missing_nosniff');
    await page.screenshot({ path: join(OUT, 'compare.png'), fullPage: true });

    // Badge.
    const badge = await page.goto(`${base}/badge/api.target.test.svg`);
    expect(badge!.headers()['content-type']).toMatch(/image\/svg\+xml/);
    expect(await badge!.text()).toMatch(/scorifya/);

    // A phone-sized result page.
    const phone = await open({ viewport: { width: 390, height: 844 } });
    await phone.page.goto(firstUrl);
    await phone.page.screenshot({ path: join(OUT, 'result-phone.png'), fullPage: true });
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await phone.context.close();

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a hostile site: payloads in headers, cookies and title are shown as text and none runs', async () => {
    const { page, context, dialogs, errors } = await open();
    await scanFromHome(page, lab.site.url('/hostile'));
    for (const d of await page.locator('details').all()) await d.evaluate((el) => el.setAttribute('open', ''));
    await page.screenshot({ path: join(OUT, 'hostile.png'), fullPage: true });
    const text = await page.locator('main').innerText();
    expect(text).toContain('<img src=x onerror=alert("xss-img")>');
    expect(text).toContain('<script>alert("xss-script")</script>');
    // The only image is our badge; no <img> from the target's bytes exists in the DOM.
    expect(await page.evaluate(() => [...document.images].map((i) => new URL(i.src).pathname))).toEqual(['/badge/api.target.test.svg']);
    expect(await page.evaluate(() => document.scripts.length)).toBe(1);
    expect(await page.evaluate(() => [...document.querySelectorAll('a')].filter((a) => !/^(https?:|\/|#)/.test(a.getAttribute('href') ?? '/')).length)).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works without JavaScript: the progress page refreshes itself into the result', async () => {
    const { page, context } = await open({ javaScriptEnabled: false });
    await scanFromHome(page, lab.site.url('/good'));
    expect(await page.locator('#cat-h').textContent()).toBe('How the score adds up');
    expect(await page.getByRole('button', { name: 'Copy link' }).isVisible()).toBe(false);
    await context.close();
  });
});
