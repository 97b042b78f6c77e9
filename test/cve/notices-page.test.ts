/**
 * The Notices page on stored reports (a real scan feeding it is in test/monitor/browser.test.ts): it
 * lists the CVEs per host, from the advisory data loaded now, newest first, and nothing for current versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from '../../src/server/app.js';
import type { Report } from '../../src/model/report.js';
import type { SoftwareItem } from '../../src/model/software.js';

let server: Server;
beforeAll(async () => {
  server = await createServer({ db: ':memory:', logger: false });
});
afterAll(async () => {
  await server?.close();
});

async function storeReport(host: string, software: SoftwareItem[]): Promise<void> {
  const rec = await server.store.create({ host, url: `https://${host}/` });
  const report = { schemaVersion: 1, target: { host }, score: 90, grade: 'A', caps: [], categories: [], findings: [], unavailable: [], software } as unknown as Report;
  await server.store.complete(rec.id, report);
}

const item = (product: string, version: string, kind: SoftwareItem['kind'] = 'server'): SoftwareItem => ({ kind, product, version, source: 'test', evidence: 'test', location: 'https://x/' });

describe('Notices page', () => {
  it('lists the CVEs affecting software seen in stored scans, with the hosts and versions, newest advisories first', async () => {
    await storeReport('api.target.test', [item('nginx', '1.18.0'), item('jquery', '1.8.3', 'js_library'), item('php', '8.3.1')]);
    await storeReport('shop.example', [item('wordpress', '6.4.2', 'cms'), item('contact-form-7', '5.3.1', 'wp_plugin')]);
    await storeReport('current.example', [item('nginx', '1.29.1'), item('jquery', '3.7.1', 'js_library'), item('wordpress', '6.8.3', 'cms')]);

    const api = (await server.app.inject({ url: '/api/v1/notices' })).json();
    expect(api.hostsScanned).toBe(3);
    const byId = new Map<string, { hosts: { host: string; version: string }[] }>(api.notices.map((n: { ids: string[] }) => [n.ids[0], n]));
    expect(byId.get('CVE-2019-11358')!.hosts).toEqual([expect.objectContaining({ host: 'api.target.test', version: '1.8.3' })]);
    expect(byId.get('CVE-2021-23017')!.hosts.map((h) => h.host)).toEqual(['api.target.test']);
    expect(byId.get('CVE-2024-31210')!.hosts.map((h) => h.host)).toEqual(['shop.example']);
    expect(byId.get('CVE-2020-35489')!.hosts.map((h) => h.host)).toEqual(['shop.example']);
    // Nothing for the host running current versions.
    expect(api.notices.flatMap((n: { hosts: { host: string }[] }) => n.hosts.map((h) => h.host))).not.toContain('current.example');
    const dates = api.notices.map((n: { published: string | null }) => n.published).filter(Boolean);
    expect(dates).toEqual([...dates].sort().reverse());

    const page = await server.app.inject({ url: '/notices', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<code>CVE-2019-11358</code>');
    expect(page.body).toContain('href="/hosts/shop.example"');
    expect(page.body).toContain('aria-current="page">Notices');
  });

  it('counts what it lists: software affected and advisories (rows), not identifiers; a missing date is said once', async () => {
    const api = (await server.app.inject({ url: '/api/v1/notices' })).json();
    // Seen with a version: nginx, jQuery, PHP; WordPress, Contact Form 7; and the three current ones.
    expect(api.softwareSeen).toBe(8);
    const affected = new Set(api.notices.flatMap((n: { product: string; hosts: { version: string }[] }) => n.hosts.map((h) => `${n.product}@${h.version}`)));
    expect(api.softwareAffected).toBe(affected.size);
    const body = (await server.app.inject({ url: '/notices' })).body;
    const summary = /<p data-notices-summary>([\s\S]*?)<\/p>/.exec(body)![1]!.replace(/<[^>]+>/g, '');
    expect(summary).toBe(`3 hosts scanned; 8 pieces of software seen with a version; ${affected.size} affected by ${api.notices.length} published advisories, listed below.`);
    const rows = [...body.matchAll(/<tr><td>/g)].length;
    expect(rows).toBe(api.notices.length);
    // retire.js gives jQuery's advisories no date: no dash per row, one sentence instead.
    const undated = api.notices.filter((n: { published: string | null }) => !n.published).length;
    expect(undated).toBeGreaterThan(0);
    expect(body).not.toMatch(/<td>–<\/td>/);
    expect([...body.matchAll(/data-undated/g)]).toHaveLength(1);
    expect(body).toContain(`${undated} advisories have no publication date in the data`);
  });
});
