/**
 * "Fix these first" in Debian's Chromium at 390 and 1280 px: on the result page of a full scan, each
 * entry is a link that lands on its finding's card (anchored by the finding id, so the address bar
 * shows `#missing_csp`), and every in-page link of the page resolves. The HTML export, as printed to
 * PDF (print media, scripts off), opens with the same block and its links resolve too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebLab, waitForScan, type WebLab } from './web-lab.js';
import { postForm } from './glance/lab.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';

let lab: WebLab;
let browser: Browser;
let base: string;
let scanId: string;

beforeAll(async () => {
  [lab, browser] = await Promise.all([startWebLab(), chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })]);
  base = await lab.server.app.listen({ port: 0, host: '127.0.0.1' });
  // The hostile page: several findings that cost points, and ids found more than once (two cookies).
  scanId = (await postForm(lab, '/scans', { url: lab.site.url('/hostile'), allowed: 'yes' })).replace(/^\/scans\//, '');
  await waitForScan(lab.server, scanId, 45_000);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await lab?.close();
});

/** In-page links whose target is missing, and ids used twice, as the browser's DOM sees them. */
const brokenInDom = (page: Page) =>
  page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const unresolved = [...document.querySelectorAll('a[href^="#"]')].map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1))).filter((id) => !document.getElementById(id));
    return { unresolved, duplicated: ids.filter((id, i) => ids.indexOf(id) !== i) };
  });

describe.each([390, 1280])('Fix these first at %i px', { timeout: 60_000 }, (width) => {
  it('each entry lands on its finding; every in-page link resolves', async () => {
    const context = await browser.newContext({ viewport: { width, height: 850 } });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/scans/${scanId}`);
      const links = page.locator('[data-fix-first] ol > li > a');
      const count = await links.count();
      expect(count).toBeGreaterThanOrEqual(2);
      expect(count).toBeLessThanOrEqual(3);
      expect(await brokenInDom(page)).toEqual({ unresolved: [], duplicated: [] });
      // Repeated ids are told apart by -2, -3 … on the cards.
      const cardIds = await page.locator('article.finding').evaluateAll((as) => as.map((a) => a.id));
      expect(cardIds.some((id) => /-\d+$/.test(id))).toBe(true);
      for (let i = 0; i < count; i++) {
        const link = links.nth(i);
        const id = (await link.innerText()).trim();
        expect(await link.getAttribute('href')).toBe(`#${id}`);
        await page.evaluate(() => window.scrollTo(0, 0));
        await link.click();
        await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${id}`);
        const card = page.locator(`article.finding#${id}`);
        expect(await card.locator('.meta code').first().innerText()).toBe(id);
        const box = (await card.boundingBox())!;
        expect(box.y).toBeGreaterThanOrEqual(-1);
        expect(box.y).toBeLessThan(850);
      }
      // A pasted link opens on the finding.
      const first = (await links.first().innerText()).trim();
      const fresh = await context.newPage();
      await fresh.goto(`${base}/scans/${scanId}#${first}`);
      const box = (await fresh.locator(`article.finding#${first}`).boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(-1);
      expect(box.y).toBeLessThan(850);
    } finally {
      await context.close();
    }
  });
});

describe('the HTML export as printed to PDF', () => {
  it('opens with Fix these first under the measured share; its links resolve', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.emulateMedia({ media: 'print' });
      // As src/server/pdf-export.ts prints it: the export route's HTML, set as the page's content.
      const res = await lab.server.app.inject({ url: `/scans/${scanId}/report.html` });
      expect(res.statusCode).toBe(200);
      await page.setContent(res.body, { waitUntil: 'load' });
      expect(await page.locator('header .measured').innerText()).toMatch(/^measured \d+ of \d+ points/);
      const block = page.locator('section.fix-first');
      expect(await block.isVisible()).toBe(true);
      expect(await page.locator('h2').first().innerText()).toBe('Fix these first');
      expect(await block.locator('li a').count()).toBeGreaterThanOrEqual(2);
      expect(await brokenInDom(page)).toEqual({ unresolved: [], duplicated: [] });
    } finally {
      await context.close();
    }
  });
});
