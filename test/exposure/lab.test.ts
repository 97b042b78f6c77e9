import { describe, expect, it } from 'vitest';
import { EXPOSURE_CHECKS } from '../../src/checks/exposure/index.js';
import { EXPOSURE_CATALOGUE } from '../../src/probes/exposure-catalogue.js';
import { SIGNATURES } from '../../src/checks/exposure/signatures.js';
import type { ExposureEvidence } from '../../src/model/exposure.js';
import { echoTrapRoutes, leakyRoutes, plainTrapRoutes, tidyRoutes, trapRoutes } from '../lab/exposure/sites.js';
import { exposureStep, idsOf, labEvidence, runAll, withLabSite } from './harness.js';

const EVERY_EXPOSURE_ID = [
  'crossdomain_wildcard',
  'directory_listing',
  'exposed_api_docs',
  'exposed_backup',
  'exposed_credentials_file',
  'exposed_debug_endpoint',
  'exposed_ds_store',
  'exposed_env',
  'exposed_git',
  'exposed_log_file',
  'exposed_phpinfo',
  'exposed_private_key',
  'exposed_server_status',
  'exposed_source_map',
  'exposed_svn',
  'security_txt_expired',
  'security_txt_invalid',
  'stack_trace_exposed',
  'trace_enabled',
  'version_banner',
];

describe('exposure probe and checks on lab sites', () => {
  it('the leaky site triggers every exposure id, with redacted evidence', async () => {
    const scan = await withLabSite(leakyRoutes(), (server, ca) => labEvidence(server, ca, [exposureStep]));
    expect(scan.evidence.exposure).toMatchObject({ status: 'ok' });
    const results = runAll(EXPOSURE_CHECKS, scan.evidence);
    expect(idsOf(results)).toEqual(EVERY_EXPOSURE_ID);
    const env = results.find((r) => r.id === 'exposed_env')!;
    expect(env.evidence).toContain('<redacted>');
    expect(env.evidence).not.toContain('hunter2');
    expect(results.find((r) => r.id === 'exposed_source_map')!.severity).toBe('medium');
    expect(results.find((r) => r.id === 'version_banner')!.severity).toBe('low');
  });

  it('the tidy site (negative control, same paths answered harmlessly) gives zero findings', async () => {
    let origin = '';
    const scan = await withLabSite(tidyRoutes(() => origin), (server, ca) => {
      origin = server.url('https', '/').replace(/\/$/, '');
      return labEvidence(server, ca, [exposureStep]);
    });
    expect(runAll(EXPOSURE_CHECKS, scan.evidence)).toEqual([]);
  });

  it('a site without security.txt gets security_txt_missing only', async () => {
    const scan = await withLabSite({ '*': { status: 404, body: 'no' } }, (server, ca) => labEvidence(server, ca, [exposureStep]));
    expect(idsOf(runAll(EXPOSURE_CHECKS, scan.evidence))).toEqual(['security_txt_missing']);
  });

  for (const [name, routes] of [
    ['same page for every path', trapRoutes()],
    ['page echoing the path with changing ids', echoTrapRoutes()],
    ['plain-text catch-all that matches signatures', plainTrapRoutes()],
  ] as const) {
    it(`soft-404 trap (${name}) gives no exposure finding beyond the missing security.txt`, async () => {
      const scan = await withLabSite(routes, (server, ca) => labEvidence(server, ca, [exposureStep]));
      const results = runAll(EXPOSURE_CHECKS, scan.evidence);
      // Every path answers 200 with the trap page, so there really is no security.txt: that one is true.
      expect(idsOf(results)).toEqual(['security_txt_missing']);
      const exposure = (scan.evidence.exposure as { data: ExposureEvidence }).data;
      expect(exposure.responses.every((r) => r.status === 200)).toBe(true);
      // The signatures alone do fire on the trap's answers: it is the baseline that rules them out.
      const rawMatches = exposure.responses.filter((r) => SIGNATURES[r.probe]?.match(r));
      expect(rawMatches.length).toBeGreaterThan(0);
    });
  }

  it('is polite: reads a few KiB, follows no redirect, and counts its requests', async () => {
    const big = 'A'.repeat(2 * 1024 * 1024);
    const routes = {
      '/.env': { status: 200, headers: [['Content-Type', 'text/plain']] as [string, string][], body: big },
      '/.git/HEAD': { status: 302, headers: [['Location', '/elsewhere']] as [string, string][], body: '' },
      '/elsewhere': { status: 200, headers: [['Content-Type', 'text/plain']] as [string, string][], body: 'ref: refs/heads/main\n' },
    };
    const scan = await withLabSite(routes, async (server, ca) => {
      const result = await labEvidence(server, ca, [exposureStep]);
      return { ...result, paths: server.requests.map((r) => r.url) };
    });
    const exposure = (scan.evidence.exposure as { data: ExposureEvidence }).data;
    const env = exposure.responses.find((r) => r.probe === 'env')!;
    expect(env.body.length).toBeLessThanOrEqual(8 * 1024);
    expect(env.bodyTruncated).toBe(true);
    expect(scan.paths).not.toContain('/elsewhere');
    // 4 baselines + the catalogue + TRACE + error page (+ source maps: none on this site).
    expect(exposure.requests).toBe(4 + EXPOSURE_CATALOGUE.length + 2);
    expect(scan.requestsUsed).toBe(exposure.requests + 1);
    expect(runAll(EXPOSURE_CHECKS, scan.evidence).map((r) => r.id)).toEqual(['security_txt_missing']);
  });

  it('stops cleanly when the scan budget runs out, recording what was not requested', async () => {
    const scan = await withLabSite({ '*': { status: 404, body: 'no' } }, async (server, ca) => {
      const result = await labEvidence(server, ca, [exposureStep], 'https', 11);
      return { ...result, served: server.requests.length };
    });
    expect(scan.evidence.exposure).toMatchObject({ status: 'ok' });
    const data = (scan.evidence.exposure as { data: ExposureEvidence }).data;
    // One request went to the main page; the probe had the other ten.
    expect(data.requests).toBe(10);
    expect(data.failures.some((f) => f.code === 'BUDGET_EXHAUSTED')).toBe(true);
    expect(scan.served).toBe(11);
  });

  it('explains a site whose main page could not be fetched instead of probing it', async () => {
    const { createNetContext } = await import('../../src/net/index.js');
    const { runExposureProbe } = await import('../../src/probes/exposure.js');
    const net = createNetContext({ allowPrivate: true, timeoutMs: 2_000 });
    const url = 'http://127.0.0.1:9/';
    const target = { input: url, url, host: '127.0.0.1', port: 9, schemeGiven: true, resolved: ['127.0.0.1'] };
    const result = await runExposureProbe({ target, net, evidence: { schemaVersion: 1, target, startedAt: '', durationMs: 0 } });
    await net.close();
    expect(result).toMatchObject({ status: 'unavailable' });
    expect(result).toMatchObject({ code: 'NO_MAIN_PAGE' });
  });
});
