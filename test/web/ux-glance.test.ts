/**
 * "A result people understand at a glance", checked in Debian's Chromium at 390 and 1280 px: the
 * arithmetic adds up on the page, a findings table jumps to each finding, one Copy button per code
 * block, "expand all" opens every fix, the mobile menu, the share field fits, a re-submitted URL says
 * when it was scanned and offers a re-scan, progress shows time, steps and a slow target, focused
 * tools show only their own verdict, web pages name no CLI flags, and axe-core finds no serious or
 * critical accessibility violation on any page type. One browser is shared by every case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AXE_ARGS, postForm, startGlanceLab, type GlanceLab } from './glance/lab.js';
import { waitForScan } from './web-lab.js';
import { refreshSeconds } from '../../src/server/pages/scan-progress.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [390, 1280] as const;

let glance: GlanceLab;
let browser: Browser;

beforeAll(async () => {
  [glance, browser] = await Promise.all([startGlanceLab(), chromium.launch({ executablePath: '/usr/bin/chromium', args: AXE_ARGS })]);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await glance?.close();
});

async function open(width: number, options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 850 }, javaScriptEnabled: options.javaScriptEnabled ?? true, bypassCSP: options.bypassCSP ?? false });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { page, errors, close: () => context.close() };
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe.each(WIDTHS)('the result page at %i px', { timeout: 60_000 }, (width) => {
  it('adds up, jumps, copies, expands, fits', async () => {
    const { page, errors, close } = await open(width);
    await page.goto(`${glance.base}/scans/${glance.fullId}`);
    expect(await noSideScroll(page)).toBe(true);

    // The arithmetic line and the category rows read as points of a weight, and add up.
    const line = (await page.locator('[data-arithmetic]').innerText()).trim();
    const m = /^(\d+) of (\d+)(?: measured points = (\d+) of 100)?/.exec(line);
    expect(m, line).not.toBeNull();
    const rows = await page.locator('.bars li[data-category] .value').allInnerTexts();
    const parts = rows.map((t) => /^(\d+) \/ (\d+)/.exec(t.trim())).filter((r): r is RegExpExecArray => r !== null);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.reduce((s, r) => s + Number(r[1]), 0)).toBe(Number(m![1]));
    expect(parts.reduce((s, r) => s + Number(r[2]), 0)).toBe(Number(m![2]));
    expect(await page.locator('.bars').innerText()).not.toMatch(/\(\d+ pts\)/);
    const ringScore = await page.locator('svg.score-ring').getAttribute('aria-label');
    expect(ringScore).toContain(`Score ${m![3] ?? m![1]} out of 100`);

    // The summary table lists every finding and each link lands on its card.
    const links = page.locator('table.findings-table tbody a[href^="#"]');
    const cards = page.locator('article.finding');
    expect(await links.count()).toBe(await cards.count());
    expect(await links.count()).toBeGreaterThan(1);
    const last = links.last();
    const target = (await last.getAttribute('href'))!;
    await last.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(target);
    const box = await page.locator(target).boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(-1);
    expect(box!.y).toBeLessThan(850);

    // One Copy button per code block, none on prose steps.
    const blocks = page.locator('pre.code');
    const blockCount = await blocks.count();
    expect(blockCount).toBeGreaterThan(4);
    const perBlock = await blocks.evaluateAll((pres) => pres.map((pre) => pre.parentElement!.querySelectorAll(':scope > button.copy').length));
    expect(perBlock.every((n) => n === 1)).toBe(true);
    expect(await page.locator('button.copy').count()).toBe(blockCount + 1); // + the share link
    expect(await page.locator('ol.steps button').count()).toBe(0);

    // Fixes are all closed to start with; "expand all" opens every one and closes them again.
    const fixes = page.locator('details.fix');
    const openCount = () => fixes.evaluateAll((ds) => ds.filter((d) => (d as HTMLDetailsElement).open).length);
    expect(await openCount()).toBe(0);
    const expand = page.getByRole('button', { name: 'Expand all fixes' });
    await expand.click();
    expect(await openCount()).toBe(await fixes.count());
    await page.getByRole('button', { name: 'Collapse all fixes' }).click();
    expect(await openCount()).toBe(0);

    // Fixes name the scanned host, not example.com.
    await expand.click();
    const code = (await blocks.allTextContents()).join('\n');
    expect(code).toContain('api.target.test');
    expect(code).not.toMatch(/(?<![\w.-])example\.com\b/);
    // The missing CSP's fix is a policy for this page, to trial as report-only.
    expect(await page.locator('[data-suggested-csp] pre code').innerText()).toMatch(/^Content-Security-Policy-Report-Only: default-src 'self'; script-src 'self'/);

    // The share field fits the screen and shows most of the link.
    const share = await page.locator('#share-url').boundingBox();
    expect(share!.x + share!.width).toBeLessThanOrEqual(width);
    expect(share!.width).toBeGreaterThan(width === 390 ? 200 : 400);

    // The navigation: one line; on a phone behind a Menu button that opens it.
    const header = await page.locator('.site-header').boundingBox();
    expect(header!.height).toBeLessThan(80);
    const nav = page.locator('#site-nav');
    const menu = page.locator('label.menu-button');
    if (width === 390) {
      await expect.poll(() => nav.isVisible()).toBe(false);
      await menu.click();
      await expect.poll(() => page.getByRole('link', { name: 'Methodology' }).isVisible()).toBe(true);
      expect(await noSideScroll(page)).toBe(true);
    } else {
      expect(await menu.isVisible()).toBe(false);
      const tops = await page.locator('#site-nav li').evaluateAll((lis) => new Set(lis.map((li) => Math.round(li.getBoundingClientRect().top))).size);
      expect(tops).toBe(1);
    }

    // Web copy: no command-line flags anywhere a visitor reads.
    expect(await page.locator('body').innerText()).not.toMatch(/(^|\s|\()--[a-z]/);
    expect(errors).toEqual([]);
    await close();
  });

  it('a focused tool shows its own verdict, no score ring and no caps', async () => {
    const { page, close } = await open(width);
    await page.goto(`${glance.base}/scans/${glance.toolId}`);
    expect(await noSideScroll(page)).toBe(true);
    expect(await page.locator('svg.score-ring').count()).toBe(0);
    expect(await page.locator('[data-verdict]').innerText()).toMatch(/\d+ \/ 25\s+Security headers points/);
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/capped|caps the score|in 0\.0 s/);
    expect(text).toMatch(/in \d+(\.\d)? (ms|s)\b/);
    await close();
  });

  it('progress: elapsed time, steps, request count and a slow target; no-JS refresh grows', async () => {
    const live = await open(width);
    await live.page.goto(`${glance.base}/scans/${glance.runningId}`);
    await expect.poll(() => live.page.locator('#progress-steps').innerText()).toBe('2 of 6 steps done');
    expect(await live.page.locator('#progress-elapsed').innerText()).toMatch(/^Elapsed \d+ s$/);
    expect(await live.page.locator('#probe-exposure .detail').innerText()).toBe('5 requests · waiting for slow.target.test — 4 s per response');
    expect(await live.page.locator('#probe-http .detail').innerText()).toBe('4 requests');
    expect(await noSideScroll(live.page)).toBe(true);
    await live.close();

    const noJs = await open(width, { javaScriptEnabled: false });
    const res = await noJs.page.goto(`${glance.base}/scans/${glance.runningId}`);
    const html = await res!.text();
    const refreshes = [...html.matchAll(/http-equiv="refresh" content="(\d+)"/g)].map((r) => Number(r[1]));
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toBeGreaterThan(2); // the held scan is over 30 s old
    expect(await noJs.page.locator('#progress-elapsed').innerText()).toMatch(/^Elapsed \d+ s$/);
    await noJs.close();
  });
});

describe('re-submitting a recent scan', { timeout: 60_000 }, () => {
  it('says when it was scanned and re-scans on request', async () => {
    const { page, close } = await open(390);
    await page.goto(`${glance.base}/`);
    await page.getByLabel('Website address').fill(glance.lab.site.url('/'));
    await page.getByLabel(/I am allowed to test this site/).check();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.waitForURL(new RegExp(`/scans/${glance.fullId}\\?reused=1$`));
    expect(await page.locator('[data-reused]').innerText()).toMatch(/scanned (just now|\d+ seconds? ago|\d+ minutes? ago); you are looking at that result/);
    expect(await noSideScroll(page)).toBe(true);
    await page.getByRole('button', { name: 'Re-scan now' }).click();
    await page.waitForURL((url) => /\/scans\/[\w-]+$/.test(url.pathname) && !url.pathname.endsWith(glance.fullId));
    await page.locator('svg.score-ring[aria-label^="Score"]').waitFor({ timeout: 45_000 });
    await close();
  });
});

describe('accessibility (axe-core in Chromium)', { timeout: 180_000 }, () => {
  it('every page type has no serious or critical violation', async () => {
    const paths = [
      '/',
      `/scans/${glance.fullId}`,
      `/scans/${glance.toolId}`,
      `/scans/${glance.runningId}`,
      `/hosts/api.target.test`,
      '/tools',
      '/tools/headers',
      '/checks/missing_csp',
      '/learn/cors',
      '/methodology',
      '/faq',
      '/api/docs',
      '/no-such-page',
    ];
    // The compare page needs two finished full scans of the host: a forced re-scan makes the second.
    const again = (await postForm(glance.lab, '/scans', { url: glance.lab.site.url('/'), allowed: 'yes', force: 'yes' })).replace(/^\/scans\//, '');
    await waitForScan(glance.lab.server, again, 45_000);
    paths.push(`/hosts/api.target.test/compare?a=${glance.fullId}&b=${again}`, `export:/scans/${glance.fullId}/report.html`);
    const { page, close } = await open(1280, { bypassCSP: true });
    const problems: string[] = [];
    for (const path of paths) {
      // The HTML export is a download, not a page of the app: check the document it contains.
      if (path.startsWith('export:')) await page.setContent((await glance.lab.server.app.inject({ url: path.slice(7) })).body);
      else await page.goto(glance.base + path);
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        });
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      for (const v of violations) problems.push(`${path}: ${v}`);
    }
    // The result page on a phone too (the menu, the findings table).
    const phone = await open(390, { bypassCSP: true });
    await phone.page.goto(`${glance.base}/scans/${glance.fullId}`);
    await phone.page.addScriptTag({ content: AXE_SOURCE });
    const phoneViolations = await phone.page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    for (const v of phoneViolations) problems.push(`result at 390 px: ${v}`);
    await phone.close();
    await close();
    expect(problems).toEqual([]);
  });

  it('the no-JS refresh interval grows with the scan age', () => {
    expect([0, 9_000, 30_000, 60_000, 600_000].map(refreshSeconds)).toEqual([2, 2, 6, 12, 15]);
  });
});
