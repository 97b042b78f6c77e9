/**
 * Subresource Integrity and mixed content against a real loopback site: the HTTP probe reads each
 * page's HTML, and the scan reports exactly the page-content findings the page calls for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import { PAGE_CONTENT_SCENARIOS, startPageContentSite, type PageContentSite } from '../lab/page-content-scenarios.js';

let site: PageContentSite;
beforeAll(async () => {
  site = await startPageContentSite();
});
afterAll(() => site?.close());

const PAGE_IDS = new Set(['sri_missing_cross_origin', 'sri_script_over_http', 'mixed_content_active', 'mixed_content_passive', 'form_posts_to_http']);

describe('page content on the lab', () => {
  it.each(Object.entries(PAGE_CONTENT_SCENARIOS))('%s', async (path, scenario) => {
    const { report, evidence } = await scan(site.url(path), { ...site.scanOptions, probes: ['http'] });
    const ids = report.findings.map((f) => f.id).filter((id) => PAGE_IDS.has(id)).sort();
    expect(ids).toEqual([...scenario.expected].sort());
    const http = (evidence.http as { data: { subresources?: { resources: unknown[]; complete: boolean } } }).data;
    expect(http.subresources).toMatchObject({ complete: true });
    expect(http.subresources!.resources).toHaveLength(scenario.resources);
  }, 30_000);
});
