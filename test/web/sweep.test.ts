/**
 * The page sweep (issue 26, item 5): every page of the web app, in Debian's Chromium at 1280 and 390 px,
 * with one browser. On each page: no sideways scrolling and no element wider than the viewport (outside
 * a scroll box that itself fits), axe-core finds no serious or critical issue, no script error, and a
 * Copy button never sits on the code it copies. Each page may add its own assertions (`checks`); result
 * pages state the measured share.
 *
 * To add an assertion to a kind of page, give it a `kind` and add a function to KIND_CHECKS.
 * While working on it: SWEEP_ONLY=<part of a page name> runs those pages only, SWEEP_TIMES=1 prints each
 * page's timings, SWEEP_OUT=<file> writes the problems found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AXE_ARGS, postForm, startGlanceLab, type GlanceLab } from './glance/lab.js';
import { waitForScan } from './web-lab.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [1280, 390] as const;

export type PageKind = 'result' | 'tool-result' | 'other';
type Check = (page: Page, width: number) => Promise<void>;

export interface SweepPage {
  name: string;
  path: string;
  kind: PageKind;
  /** Assertions of this page alone, after the common ones. */
  checks?: Check[];
  /** Another instance of a page already checked with axe (the same template, other data): layout and assertions only, to keep the sweep fast. */
  sameTemplateAs?: string;
}

/** Assertions every page of a kind gets. The lead adds "Fix these first" to `result` at merge. */
const KIND_CHECKS: Record<PageKind, Check[]> = {
  result: [measuredShare, fixFirstLinksResolve],
  'tool-result': [measuredShare, fixFirstLinksResolve],
  other: [],
};

async function measuredShare(page: Page): Promise<void> {
  const lines = await page.locator('[data-measured]').allInnerTexts();
  expect(lines.join(' | ')).toMatch(/measured \d+ of \d+ points/);
}

/** Wherever a Fix-these-first block is shown, every entry links to a finding on the same page. */
async function fixFirstLinksResolve(page: Page): Promise<void> {
  const hrefs = await page.locator('[data-fix-first] a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const href of hrefs) expect(await page.locator(`[id="${href.slice(1)}"]`).count(), href).toBe(1);
}

/** A scan with findings that cost points opens with the block (the lab site has several). */
async function fixFirstShown(page: Page): Promise<void> {
  expect(await page.locator('[data-fix-first] li').count()).toBeGreaterThan(0);
}

let glance: GlanceLab;
let browser: Browser;
let pages: SweepPage[];

/** Submit a scan the way the form does and wait for it. */
async function scanned(path: string, fields: Record<string, string> = {}, form = '/scans'): Promise<string> {
  const id = (await postForm(glance.lab, form, { url: glance.lab.site.url(path), allowed: 'yes', ...fields })).replace(/^\/scans\//, '').replace(/\?.*$/, '');
  await waitForScan(glance.lab.server, id, 45_000);
  return id;
}

beforeAll(async () => {
  [glance, browser] = await Promise.all([startGlanceLab(), chromium.launch({ executablePath: '/usr/bin/chromium', args: AXE_ARGS })]);
  // The first full scan of the host is glance.fullId; a forced re-scan is the second, to compare with.
  const second = await scanned('/', { force: 'yes' });
  // Old software on another page of the host: the Notices page lists its advisories.
  const old = await scanned('/old-software', { force: 'yes' }); // the cooldown is per host: force a fresh scan
  // A target that refuses every connection: a result with no score.
  const deadId = (await postForm(glance.lab, '/scans', { url: 'https://127.0.0.1:9/', allowed: 'yes' })).replace(/^\/scans\//, '');
  await waitForScan(glance.lab.server, deadId, 45_000);
  // A watch scans its site at once: watch the refusing target, so that the lab host's latest scan stays the old-software one.
  const manage = await postForm(glance.lab, '/watches', { url: 'https://127.0.0.1:9/', interval: 'weekly', webhookUrl: glance.lab.site.url('/hook', 'https'), email: '' });
  const host = 'api.target.test';
  pages = [
    { name: 'home', path: '/', kind: 'other' },
    { name: 'result (first scan of the host)', path: `/scans/${glance.fullId}`, kind: 'result', checks: [noComparePrevious, fixFirstShown] },
    { name: 'result (second scan)', path: `/scans/${second}`, kind: 'result', checks: [comparePreviousWorks], sameTemplateAs: 'result (first scan of the host)' },
    { name: 'result (old software)', path: `/scans/${old}`, kind: 'result', sameTemplateAs: 'result (first scan of the host)' },
    { name: 'result without a score', path: `/scans/${deadId}`, kind: 'result', checks: [saysTheCauseOnce] },
    { name: 'focused tool result', path: `/scans/${glance.toolId}`, kind: 'tool-result' },
    { name: 'progress', path: `/scans/${glance.runningId}`, kind: 'other' },
    { name: 'history', path: `/hosts/${host}`, kind: 'other' },
    { name: 'compare', path: `/hosts/${host}/compare?a=${glance.fullId}&b=${second}`, kind: 'other' },
    { name: 'watch form', path: `/hosts/${host}/watch`, kind: 'other', checks: [watchFormKeepsThePort] },
    { name: 'watch management', path: manage, kind: 'other' },
    { name: 'notices', path: '/notices', kind: 'other', checks: [noticesListWhatTheyCount] },
    { name: 'Learn index', path: '/learn', kind: 'other' },
    { name: 'Learn topic', path: '/learn/cors', kind: 'other' },
    { name: 'checks', path: '/checks', kind: 'other' },
    { name: 'check page', path: '/checks/missing_csp', kind: 'other' },
    { name: 'guides', path: '/guides', kind: 'other' },
    { name: 'tools', path: '/tools', kind: 'other' },
    { name: 'headers tool', path: '/tools/headers', kind: 'other' },
    { name: 'methodology', path: '/methodology', kind: 'other' },
    { name: 'FAQ', path: '/faq', kind: 'other' },
    { name: 'API docs', path: '/api/docs', kind: 'other', checks: [noLiteralBackticks] },
    { name: 'not found', path: '/no-such-page', kind: 'other' },
  ];
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await glance?.close();
});

/** Elements wider than the viewport that no scroll box of their own contains. */
function overflowing(page: Page): Promise<{ docWidth: number; viewport: number; wide: string[] }> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
    const contained = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') {
          const r = p.getBoundingClientRect();
          return r.left >= -1 && r.right <= vw + 1;
        }
      }
      return false;
    };
    const wide: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // visually hidden, or not rendered
      // Wholly left of the page is the skip link's hiding place: it makes no scrollbar.
      if ((r.right > vw + 1 || (r.left < -1 && r.right > 0)) && !contained(el)) wide.push(`${name(el)} (${Math.round(r.left)}–${Math.round(r.right)} px)`);
    }
    return { docWidth: document.scrollingElement!.scrollWidth, viewport: vw, wide: wide.slice(0, 5) };
  });
}

/** A Copy button beside a code block must not cover any of it. */
function copyButtonsOverCode(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.snippet')].flatMap((snippet) => {
      const button = snippet.querySelector(':scope > button.copy');
      const pre = snippet.querySelector(':scope > pre');
      if (!button || !pre) return [];
      const b = button.getBoundingClientRect();
      const p = pre.getBoundingClientRect();
      if (b.width === 0 || p.width === 0) return []; // a closed fix or an inactive tab
      const overlaps = b.left < p.right && b.right > p.left && b.top < p.bottom && b.bottom > p.top;
      return overlaps ? [`${snippet.querySelector('code')?.id ?? 'snippet'}`] : [];
    }),
  );
}

/**
 * axe's WCAG 2.0/2.1 A and AA rules. Colour contrast, by far the slowest rule, runs at one width only:
 * the stylesheet's colours do not change with the width, only the layout does.
 */
async function axeProblems(page: Page, contrast: boolean): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (contrast) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      rules: { 'color-contrast': { enabled: contrast } },
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, contrast);
}

// ---- per-page assertions (the defects of issue 26, item 4, seen in the browser) ----

async function noComparePrevious(page: Page): Promise<void> {
  expect(await page.getByRole('link', { name: /compare with the previous scan/i }).count()).toBe(0);
}

async function comparePreviousWorks(page: Page): Promise<void> {
  const href = await page.getByRole('link', { name: /compare with the previous scan/i }).getAttribute('href');
  const res = await page.request.get(glance.base + href!);
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain('Compare scans of');
}

async function saysTheCauseOnce(page: Page): Promise<void> {
  // Each probe's failure once: the rows and the probes that depend on it point to it instead.
  const text = await page.locator('main').innerText();
  for (const words of ['no HTTP response from the target', 'could not connect to 127.0.0.1:9', '127.0.0.1:9 refused the connection']) {
    expect(text.split(words).length - 1, `${words} in:\n${text}`).toBe(1);
  }
}

async function watchFormKeepsThePort(page: Page): Promise<void> {
  const port = new URL(glance.lab.site.url('/')).port;
  const url = new URL(await page.locator('#watch-url').inputValue());
  expect([url.hostname, url.port]).toEqual(['api.target.test', port]);
}

async function noticesListWhatTheyCount(page: Page): Promise<void> {
  const rows = await page.locator('#notices tbody tr').count();
  expect(rows, await page.locator('main').innerText()).toBeGreaterThan(0);
  // The summary counts what the table lists: affected software, and advisories (rows), not identifiers.
  const summary = await page.locator('[data-notices-summary]').innerText();
  const products = new Set((await page.locator('#notices tbody tr td:nth-child(2)').allInnerTexts()).map((t) => t.split('\n')[0]));
  expect(Number(/(\d+) affected/.exec(summary)?.[1]), summary).toBe(products.size);
  expect(Number(/by (\d+) published advisor/.exec(summary)?.[1]), summary).toBe(rows);
  // No dash per row for a date the data does not have.
  expect(await page.locator('#notices').innerText()).not.toContain('–');
}

async function noLiteralBackticks(page: Page): Promise<void> {
  expect(await page.locator('main').innerText()).not.toContain('`');
}

describe('every page at 1280 and 390 px', { timeout: 240_000 }, () => {
  it('fits the screen, has no serious accessibility issue, and shows what its kind must', async () => {
    const problems: string[] = [];
    await Promise.all(
      WIDTHS.map(async (width) => {
        // bypassCSP lets axe's script in; the pages render the same.
        const context = await browser.newContext({ viewport: { width, height: 850 }, bypassCSP: true });
        // A missing element fails its assertion at once instead of waiting out Playwright's 30 s.
        context.setDefaultTimeout(2_000);
        context.setDefaultNavigationTimeout(20_000);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        for (const p of pages.filter((x) => !process.env.SWEEP_ONLY || x.name.includes(process.env.SWEEP_ONLY))) {
          const at = `${p.name} (${p.path}) at ${width} px`;
          errors.length = 0;
          const t0 = Date.now();
          await page.goto(glance.base + p.path, { waitUntil: 'load' });
          const t1 = Date.now();
          const o = await overflowing(page);
          if (o.docWidth > o.viewport) problems.push(`${at}: the page scrolls sideways (${o.docWidth} > ${o.viewport} px)`);
          for (const w of o.wide) problems.push(`${at}: wider than the screen: ${w}`);
          for (const c of await copyButtonsOverCode(page)) problems.push(`${at}: the Copy button covers ${c}`);
          const t2 = Date.now();
          if (!p.sameTemplateAs) for (const v of await axeProblems(page, width === WIDTHS[0])) problems.push(`${at}: axe: ${v}`);
          const t3 = Date.now();
          for (const check of [...KIND_CHECKS[p.kind], ...(p.checks ?? [])]) {
            try {
              await check(page, width);
            } catch (error) {
              problems.push(`${at}: ${check.name}: ${(error as Error).message.split('\n').slice(0, 4).join(' ')}`);
            }
          }
          for (const e of errors) problems.push(`${at}: script error: ${e}`);
          if (process.env.SWEEP_TIMES) console.log(`${at}: load ${t1 - t0} ms, layout ${t2 - t1} ms, axe ${t3 - t2} ms, rest ${Date.now() - t3} ms`);
        }
        await context.close();
      }),
    );
    if (process.env.SWEEP_OUT) (await import('node:fs')).writeFileSync(process.env.SWEEP_OUT, problems.join('\n'));
    expect(problems).toEqual([]);
  });
});
