// `npm run bench -- screenshots`: full-page screenshots of the result page (and the other page types)
// at 390 and 1280 px in Debian's Chromium, written to test-output/screenshots/ (git-ignored), so a
// person can look at how a result reads. Loopback only: the lab site and the app listen on 127.0.0.1.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AXE_ARGS, startGlanceLab } from '../test/web/glance/lab.js';

const OUT = join(import.meta.dirname, '..', 'test-output', 'screenshots');
mkdirSync(OUT, { recursive: true });
const glance = await startGlanceLab();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: AXE_ARGS });
try {
  const pages: [string, string][] = [
    ['result', `/scans/${glance.fullId}`],
    ['result-reused', `/scans/${glance.fullId}?reused=1`],
    ['tool-headers', `/scans/${glance.toolId}`],
    ['progress', `/scans/${glance.runningId}`],
    ['home', '/'],
  ];
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true });
    const page = await context.newPage();
    for (const [name, path] of pages) {
      const t0 = performance.now();
      await page.goto(glance.base + path);
      const file = join(OUT, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      // What a visitor sees first, at readable size.
      await page.screenshot({ path: join(OUT, `${name}-${width}-top.png`) });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      if (name === 'result') {
        // The breakdown and findings table, then the first fix opened, each one screen high.
        await page.locator('#cat-h').evaluate((el) => el.scrollIntoView());
        await page.screenshot({ path: join(OUT, `${name}-${width}-breakdown.png`) });
        await page.locator('details.fix').first().evaluate((el) => ((el as HTMLDetailsElement).open = true));
        await page.locator('details.fix').first().evaluate((el) => el.scrollIntoView());
        await page.screenshot({ path: join(OUT, `${name}-${width}-fix.png`) });
      }
      console.log(`${name} at ${width} px: ${height} px tall, ${(performance.now() - t0).toFixed(0)} ms → ${file}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await glance.close();
}
