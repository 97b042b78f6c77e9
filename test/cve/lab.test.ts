/**
 * CVE checks end to end on lab sites: real HTTP on loopback, the exposure and WordPress probes, then
 * the checks. An old jQuery and an old plugin give their CVE ids; current versions give none.
 */
import { describe, expect, it } from 'vitest';
import { CVE_CHECKS } from '../../src/checks/cve/checks.js';
import { softwareInventory } from '../../src/checks/cve/inventory.js';
import { defaultAdvisoryData } from '../../src/checks/cve/advisory-data.js';
import { runWordPressProbe } from '../../src/probes/wordpress.js';
import type { Evidence } from '../../src/model/evidence.js';
import type { CheckResult } from '../../src/model/finding.js';
import { exposureStep, labEvidence, runAll, withLabSite } from '../exposure/harness.js';
import type { RouteResponse } from '../lab/http-server.js';
import { currentWordPressWithPlugins, outdatedWordPressWithPlugins } from '../lab/wordpress/plugin-sites.js';

const wordpressStep = async (evidence: Evidence, ctx: Parameters<typeof runWordPressProbe>[0]) => {
  evidence['wordpress'] = await runWordPressProbe(ctx);
};

const js = (body: string): RouteResponse => ({ status: 200, headers: [['Content-Type', 'text/javascript']], body });
const page = (script: string, server: string): Record<string, RouteResponse> => ({
  '/': { status: 200, headers: [['Content-Type', 'text/html'], ['Server', server]], body: `<!doctype html><html><head><title>Lab</title><script src="${script}"></script></head><body>hi</body></html>` },
  [script]: js(`/*! jQuery v${/(\d[\d.]*\d)/.exec(script)?.[1] ?? '0'} | (c) JS Foundation and other contributors | jquery.org/license */\n!function(e){}(window);`),
  '*': { status: 404, body: 'not found' },
});

const cves = (results: CheckResult[], id: string) => results.filter((r) => r.id === id).flatMap((r) => (r.details?.['cves'] as string[]) ?? []);

describe('CVE notices on lab sites', () => {
  it('a page loading jQuery 1.8.3 from an old nginx gets the jQuery and nginx CVEs', async () => {
    const scan = await withLabSite(page('/js/jquery-1.8.3.min.js', 'nginx/1.18.0'), (server, ca) => labEvidence(server, ca, [exposureStep]));
    const results = runAll(CVE_CHECKS, scan.evidence);
    expect(cves(results, 'vulnerable_js_library')).toEqual(['CVE-2012-6708', 'CVE-2020-7656', 'CVE-2015-9251', 'CVE-2019-11358', 'CVE-2020-11023']);
    // retire.js lists CVE-2020-11022 from 1.12.0 on: 1.8.3 is not affected by it.
    const jq = results.find((r) => r.id === 'vulnerable_js_library')!;
    expect(jq.details).toMatchObject({ software: 'jquery', version: '1.8.3', fixedIn: '3.5.0' });
    expect(jq.evidence).toContain('/js/jquery-1.8.3.min.js');
    // "and N more" counts advisories (each has a CVE and a GHSA id here), not identifiers.
    const advisories = (jq.details!['advisories'] as unknown[]).length;
    expect((jq.details!['ids'] as string[]).length).toBeGreaterThan(advisories);
    expect(jq.title).toBe(`jquery 1.8.3 is affected by CVE-2012-6708, CVE-2020-7656, CVE-2015-9251 and ${advisories - 3} more advisories`);
    const nginx = results.find((r) => r.id === 'vulnerable_server_version')!;
    expect(nginx.details).toMatchObject({ software: 'nginx', version: '1.18.0' });
    expect(cves(results, 'vulnerable_server_version')).toEqual(expect.arrayContaining(['CVE-2021-23017', 'CVE-2022-41741', 'CVE-2024-7347']));
    expect(nginx.severity).toBe('medium');
  });

  it('current jQuery and nginx give no CVE finding', async () => {
    const scan = await withLabSite(page('/js/jquery-3.7.1.min.js', 'nginx/1.29.1'), (server, ca) => labEvidence(server, ca, [exposureStep]));
    expect(runAll(CVE_CHECKS, scan.evidence)).toEqual([]);
    // The software is still in the inventory, with the versions seen.
    const inventory = softwareInventory(scan.evidence, defaultAdvisoryData().js);
    expect(inventory.map((i) => `${i.product}@${i.version}`)).toEqual(expect.arrayContaining(['nginx@1.29.1', 'jquery@3.7.1']));
  });

  it('a distribution banner is reported low, and a banner without a version not at all', async () => {
    const debian = await withLabSite(page('/app.js', 'Apache/2.4.49 (Debian)'), (server, ca) => labEvidence(server, ca, [exposureStep]));
    const apache = runAll(CVE_CHECKS, debian.evidence).find((r) => r.id === 'vulnerable_server_version')!;
    expect(apache.severity).toBe('low');
    expect(apache.details?.['cves']).toEqual(expect.arrayContaining(['CVE-2021-41773', 'CVE-2021-42013']));
    const bare = await withLabSite(page('/app.js', 'nginx'), (server, ca) => labEvidence(server, ca, [exposureStep]));
    expect(runAll(CVE_CHECKS, bare.evidence)).toEqual([]);
  });

  it('an outdated WordPress with old plugins gets core and plugin CVEs, never from a ?ver= equal to the core version', async () => {
    const scan = await withLabSite(outdatedWordPressWithPlugins(), (server, ca) => labEvidence(server, ca, [exposureStep, wordpressStep]));
    const results = runAll(CVE_CHECKS, scan.evidence);
    expect(cves(results, 'wp_core_vulnerable').sort()).toEqual(['CVE-2024-31210', 'CVE-2024-4439']);
    expect(results.find((r) => r.id === 'wp_core_vulnerable')!.details).toMatchObject({ version: '6.4.2', fixedIn: '6.4.4' });
    const plugins = results.filter((r) => r.id === 'wp_plugin_vulnerable').map((r) => [r.details?.['software'], r.details?.['version'], r.details?.['cves']]);
    expect(plugins).toEqual([
      ['contact-form-7', '5.3.1', ['CVE-2020-35489']],
      ['wp-file-manager', '6.8', ['CVE-2020-25213']],
    ]);
    const inventory = softwareInventory(scan.evidence, defaultAdvisoryData().js);
    expect(inventory.find((i) => i.product === 'elementor')).toMatchObject({ kind: 'wp_plugin', source: 'asset URL without a version' });
    expect(inventory.find((i) => i.product === 'elementor')!.version).toBeUndefined();
  });

  it('a current WordPress with current plugins gives no CVE finding', async () => {
    const scan = await withLabSite(currentWordPressWithPlugins(), (server, ca) => labEvidence(server, ca, [exposureStep, wordpressStep]));
    expect(runAll(CVE_CHECKS, scan.evidence)).toEqual([]);
    const inventory = softwareInventory(scan.evidence, defaultAdvisoryData().js);
    expect(inventory.filter((i) => i.kind === 'wp_plugin').map((i) => `${i.product}@${i.version}`).sort()).toEqual(['contact-form-7@6.1.2', 'elementor@3.32.4', 'wp-file-manager@8.0.2']);
  });
});
