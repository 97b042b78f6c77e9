/**
 * The web app's exports: download routes for every format, the PDF printed by Chromium (and a clear
 * 501 without it), "compare with the previous scan", and the HTML export opened in real Chromium
 * from a hostile target's scan: no console error, no dialog, no script, no request beyond the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startWebLab, waitForScan, PAYLOADS, type WebLab } from '../web/web-lab.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';
import { EXPORT_CSP } from '../../src/report/html.js';
import { sarifErrors } from './sarif-schema.js';
import { parseCsv } from './csv-parse.js';
import { CHROMIUM_ARGS } from '../support/chromium.js';

const ARGS = CHROMIUM_ARGS;

let lab: WebLab;
let browser: Browser;
let hostile: string;
let dir: string;

async function scan(path: string): Promise<string> {
  const res = await lab.server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: { url: lab.site.url(path) } });
  expect(res.statusCode).toBe(202);
  const id = res.json().id as string;
  expect((await waitForScan(lab.server, id, 60_000)).status).toBe('done');
  return id;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scorifya-web-exports-'));
  lab = await startWebLab({ cooldownSeconds: 0 });
  [hostile, browser] = await Promise.all([scan('/hostile'), chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS })]);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await lab?.close();
});

const get = (url: string) => lab.server.app.inject({ url, headers: { accept: 'text/html' } });

describe('download routes', { timeout: 60_000 }, () => {
  it('html, md, sarif, csv and json: media type, attachment name, content', async () => {
    const expected: Record<string, RegExp> = { html: /^text\/html/, md: /^text\/markdown/, sarif: /^application\/sarif\+json/, csv: /^text\/csv/, json: /^application\/json/ };
    for (const [ext, type] of Object.entries(expected)) {
      const res = await get(`/scans/${hostile}/report.${ext}`);
      expect(res.statusCode, ext).toBe(200);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="scorifya-api\\.target\\.test-\\d{4}-\\d{2}-\\d{2}\\.${ext}"$`));
    }
    const html = await get(`/scans/${hostile}/report.html`);
    expect(html.headers['content-security-policy']).toBe(`${EXPORT_CSP}; frame-ancestors 'none'`);
    expect(html.body).not.toContain(PAYLOADS.script);
    expect(sarifErrors((await get(`/scans/${hostile}/report.sarif`)).json())).toEqual([]);
    const rows = parseCsv((await get(`/scans/${hostile}/report.csv`)).body);
    expect(rows.length).toBeGreaterThan(3);
    expect((await get(`/scans/${hostile}/report.md`)).body).toMatch(/^# Scorifya report for /);
  });

  it('unknown scans are 404; the result page links every export', async () => {
    expect((await get('/scans/nosuchscan0001/report.sarif')).statusCode).toBe(404);
    const page = (await get(`/scans/${hostile}`)).body;
    for (const ext of ['html', 'md', 'sarif', 'csv', 'json', 'pdf']) expect(page).toContain(`href="/scans/${hostile}/report.${ext}"`);
    // The first scan of the host has nothing to compare with: no link (it led to a 404).
    expect(page).not.toContain('compare-previous');
    expect((await get(`/scans/${hostile}/compare-previous`)).statusCode).toBe(404);
    const second = await scan('/hostile');
    expect((await get(`/scans/${second}`)).body).toContain(`href="/scans/${second}/compare-previous"`);
    expect((await get(`/scans/${second}/compare-previous`)).headers.location).toBe(`/hosts/api.target.test/compare?a=${hostile}&b=${second}`);
  });

  it('PDF: printed by Chromium; without Chromium a 501 that says why', async () => {
    const res = await lab.server.app.inject({ url: `/scans/${hostile}/report.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.length).toBeGreaterThan(5000);
    process.env.SCORIFYA_CHROMIUM = join(dir, 'no-chromium-here');
    try {
      const missing = await lab.server.app.inject({ url: `/scans/${hostile}/report.pdf`, headers: { accept: 'application/json' } });
      expect(missing.statusCode).toBe(501);
      expect(missing.json().detail).toMatch(/PDF export needs Chromium, and there is none at .*no-chromium-here/);
    } finally {
      delete process.env.SCORIFYA_CHROMIUM;
    }
  });
});

describe('the HTML export in Chromium', { timeout: 60_000 }, () => {
  it('a hostile target: no script runs, no console error, nothing is fetched, the payloads read as text', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, (await get(`/scans/${hostile}/report.html`)).body);
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, svg').length)).toBe(0);
    const text = await page.locator('body').innerText();
    expect(text).toContain(PAYLOADS.script);
    expect(await page.title()).toMatch(/^Scorifya report: http:\/\/api\.target\.test:\d+\/hostile$/);
    // The inline style applied (CSP allows it): the finding cards have a border.
    expect(await page.locator('article.finding').first().evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('solid');
    await page.screenshot({ path: join(dir, 'export.png'), fullPage: true });
    await context.close();
  });

  it('compare with the previous scan: from the result page to new, fixed and the score change', async () => {
    // The hostile scan is this host's first: nothing earlier to compare with.
    const none = await get(`/scans/${hostile}/compare-previous`);
    expect(none.statusCode).toBe(404);
    expect(none.body).toContain('no earlier finished full scan of api.target.test');
    lab.evolving.headers = withHeader('Strict-Transport-Security', null, GOOD_HEADERS);
    const first = await scan('/evolving');
    lab.evolving.headers = withHeader('X-Content-Type-Options', null, GOOD_HEADERS);
    const second = await scan('/evolving');

    const base = await lab.server.app.listen({ port: 0, host: '127.0.0.1' });
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/scans/${second}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'SARIF', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^scorifya-api\.target\.test-.*\.sarif$/);
    expect(sarifErrors(JSON.parse(readFileSync((await download.path())!, 'utf8')))).toEqual([]);

    await page.getByRole('link', { name: 'Compare with the previous scan' }).click();
    await page.waitForURL(new RegExp(`/hosts/api\\.target\\.test/compare\\?a=${first}&b=${second}$`));
    expect(await page.locator('section[aria-labelledby="fixed-h"]').textContent()).toContain('missing_hsts');
    expect(await page.locator('section[aria-labelledby="new-h"]').textContent()).toContain('missing_nosniff');
    const a = (await lab.server.store.get(first))!.report!.score!;
    const b = (await lab.server.store.get(second))!.report!.score!;
    const change = b - a;
    expect(await page.locator('#score-change').textContent()).toBe(change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '0');
    expect(await page.getByRole('heading', { name: 'Category points' }).isVisible()).toBe(true);
    await context.close();
  });
});
