/**
 * Mixed content against the real thing: Debian's Chromium loads each https lab page, and the lab server
 * records the scheme of every request it receives. What Chromium blocks must be exactly what we call
 * active mixed content, what it upgrades to https exactly what we call passive, and a form to http:
 * must stop at Chromium's warning (nothing posted) exactly when we say form_posts_to_http. Under
 * upgrade-insecure-requests (header or meta) Chromium fetches everything over https, forms included,
 * and we give no mixed content finding; loopback URLs load over http and are not mixed content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, LOOPBACK_ONLY_ARGS } from '../support/chromium.js';
import { startPageContentSite, type PageContentSite } from '../lab/page-content-scenarios.js';
import { scan } from '../../src/engine/index.js';

let site: PageContentSite;
let browser: Browser;
beforeAll(async () => {
  site = await startPageContentSite();
  // Certificate trust is not the question: the lab CA is not in Chromium's store.
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...LOOPBACK_ONLY_ARGS, '--ignore-certificate-errors'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Seen {
  blocked: string[];
  upgraded: string[];
  plainHttp: string[];
  formPosted: 'not posted' | 'posted over https' | 'posted over http' | 'no form';
}

const pathOf = (url: string) => new URL(url).pathname;

/** What Chromium did with each http: URL of the page, from the requests the lab server received. */
async function chromiumSees(path: string, httpUrls: string[]): Promise<Seen> {
  const tab = await browser.newPage();
  try {
    const before = site.server.requests.length;
    await tab.goto(site.url(path), { waitUntil: 'networkidle' });
    let formPosted: Seen['formPosted'] = 'no form';
    if (await tab.locator('#send').count()) {
      await tab.click('#send', { noWaitAfter: true });
      await tab.waitForTimeout(1_500);
      const post = site.server.requests.slice(before).find((r) => r.method === 'POST');
      formPosted = post ? (post.scheme === 'https' ? 'posted over https' : 'posted over http') : 'not posted';
    }
    const got = site.server.requests.slice(before).filter((r) => r.method === 'GET' && r.url.startsWith('/r/'));
    const candidates = httpUrls.filter((u) => !u.endsWith('/r/post'));
    return {
      blocked: candidates.filter((u) => !got.some((r) => r.url === pathOf(u))).map(pathOf).sort(),
      upgraded: candidates.filter((u) => got.some((r) => r.url === pathOf(u) && r.scheme === 'https')).map(pathOf).sort(),
      plainHttp: candidates.filter((u) => got.some((r) => r.url === pathOf(u) && r.scheme === 'http')).map(pathOf).sort(),
      formPosted,
    };
  } finally {
    await tab.close();
  }
}

async function oursSays(path: string) {
  const { report, evidence } = await scan(site.url(path), { ...site.scanOptions, probes: ['http'] });
  const urls = (id: string) => ((report.findings.find((f) => f.id === id)?.details?.urls as string[] | undefined) ?? []).map(pathOf).sort();
  const resources = (evidence.http as { data: { subresources: { resources: { url: string }[] } } }).data.subresources.resources;
  return { active: urls('mixed_content_active'), passive: urls('mixed_content_passive'), form: report.findings.some((f) => f.id === 'form_posts_to_http'), httpUrls: resources.map((r) => r.url).filter((u) => u.startsWith('http:')) };
}

const CASES = ['/mixed-active', '/mixed-passive', '/mixed-form', '/mixed-all-upgraded', '/mixed-meta-upgraded', '/mixed-loopback'];

describe('mixed content: Chromium and the scanner', () => {
  it.each(CASES)('%s: what Chromium blocks, upgrades and posts is what we report', async (path) => {
    const ours = await oursSays(path);
    expect(ours.httpUrls.length).toBeGreaterThan(0);
    const seen = await chromiumSees(path, ours.httpUrls);
    // Active mixed content: blocked by Chromium, reported by us, the same URLs.
    expect(seen.blocked).toEqual(ours.active);
    // Passive: Chromium fetched it over https although the page says http; we call it passive.
    // (Pages with upgrade-insecure-requests have every URL upgraded: checked below.)
    if (!path.endsWith('upgraded')) expect(seen.upgraded).toEqual(ours.passive);
    // Forms: Chromium stops a form to http: at its warning page; under upgrade-insecure-requests it posts over https.
    if (seen.formPosted !== 'no form') expect(seen.formPosted === 'not posted').toBe(ours.form);
    else expect(ours.form).toBe(false);
    // Nothing reported as mixed content was fetched over plain http, and what was is loopback.
    expect(seen.plainHttp.filter((p) => ours.active.includes(p) || ours.passive.includes(p))).toEqual([]);
    if (path === '/mixed-loopback') expect(seen.plainHttp).toEqual(['/r/lib.js', '/r/pixel.png']);
    else expect(seen.plainHttp).toEqual([]);
    if (path.endsWith('upgraded')) {
      expect(ours).toMatchObject({ active: [], passive: [], form: false });
      expect(seen.blocked).toEqual([]);
      expect(seen.upgraded.length).toBe(ours.httpUrls.filter((u) => !u.endsWith('/r/post')).length);
      if (seen.formPosted !== 'no form') expect(seen.formPosted).toBe('posted over https');
    }
  }, 60_000);
});
