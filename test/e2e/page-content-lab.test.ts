/**
 * Subresource Integrity and mixed content against a real loopback site: the HTTP probe reads each
 * page's HTML, and the full scan reports exactly the findings its content calls for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import { startHeaderSite, type HeaderSite } from '../lab/header-site.js';
import { PAGE_CONTENT_SCENARIOS } from '../lab/page-content-scenarios.js';

let site: HeaderSite;
beforeAll(async () => {
  site = await startHeaderSite(Object.fromEntries(Object.entries(PAGE_CONTENT_SCENARIOS).map(([path, s]) => [path, { headers: s.headers, body: s.body }])));
});
afterAll(() => site?.close());

const PAGE_IDS = new Set(['sri_missing_cross_origin', 'sri_script_over_http', 'mixed_content_active', 'mixed_content_passive', 'form_posts_to_http']);

describe('page content on the lab', () => {
  it.each(Object.entries(PAGE_CONTENT_SCENARIOS))('%s', async (path, scenario) => {
    const { report, evidence } = await scan(site.url(path, 'https'), { ...site.scanOptions, probes: ['http'] });
    const ids = report.findings.map((f) => f.id).filter((id) => PAGE_IDS.has(id)).sort();
    expect(ids).toEqual([...scenario.expected].sort());
    const http = (evidence.http as { data: { subresources?: { resources: unknown[] } } }).data;
    expect(http.subresources?.resources.length).toBe(scenario.resources);
  }, 30_000);
});
