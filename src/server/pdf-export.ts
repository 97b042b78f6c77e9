/**
 * PDF export: the self-contained HTML report printed by Chromium (playwright-core driving the
 * system's Chromium, never a downloaded browser). Optional: without Chromium or playwright-core the
 * route explains why there is no PDF. Scripts are off and every request the page might make is
 * aborted, so printing cannot reach the network even if the HTML were wrong.
 */
import { existsSync } from 'node:fs';
import { HttpProblem } from './problem.js';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Chromium is heavy: one PDF at a time, a short queue, then 503. */
const MAX_WAITING = 4;
const RENDER_TIMEOUT_MS = 30_000;

export function chromiumPath(): string {
  return process.env.SCORIFYA_CHROMIUM ?? '/usr/bin/chromium';
}

let tail: Promise<unknown> = Promise.resolve();
let waiting = 0;

export async function renderPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new HttpProblem(501, 'Not Implemented', `PDF export needs Chromium, and there is none at ${executablePath} on this server (set SCORIFYA_CHROMIUM to its path). The HTML export prints to PDF from any browser.`);
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new HttpProblem(501, 'Not Implemented', 'PDF export needs the playwright-core package, which is not installed on this server. The HTML export prints to PDF from any browser.');
  }
  if (waiting >= MAX_WAITING) throw new HttpProblem(503, 'Service Unavailable', 'Too many PDF exports are being rendered; try again in a minute.');
  waiting++;
  const run = tail.then(async () => {
    const browser = await playwright.chromium.launch({ executablePath, args: LAUNCH_ARGS, timeout: RENDER_TIMEOUT_MS });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
      return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
    } finally {
      await browser.close();
    }
  });
  tail = run.catch(() => undefined);
  try {
    return await run;
  } finally {
    waiting--;
  }
}
