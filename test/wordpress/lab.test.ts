import { describe, expect, it } from 'vitest';
import { WORDPRESS_CHECKS } from '../../src/checks/wordpress/index.js';
import { EXPOSURE_CHECKS } from '../../src/checks/exposure/index.js';
import { runWordPressProbe, WORDPRESS_PATHS } from '../../src/probes/wordpress.js';
import { WORDPRESS_RULES } from '../../src/scoring/rules/wordpress.js';
import type { WordPressEvidence } from '../../src/model/wordpress.js';
import type { Evidence } from '../../src/model/evidence.js';
import { carelessWordPress, hardenedWordPress, plainSiteAboutWordPress } from '../lab/wordpress/sites.js';
import { exposureStep, idsOf, labEvidence, runAll, withLabSite } from '../exposure/harness.js';

const wordpressStep = async (evidence: Evidence, ctx: Parameters<typeof runWordPressProbe>[0]) => {
  evidence['wordpress'] = await runWordPressProbe(ctx);
};

describe('WordPress detection, probes and checks', () => {
  it('a careless install triggers every wp_ id, with the detection evidence shown', async () => {
    const scan = await withLabSite(carelessWordPress(), (server, ca) => labEvidence(server, ca, [exposureStep, wordpressStep]));
    const wp = scan.evidence.wordpress as { status: string; data: WordPressEvidence };
    expect(wp.status).toBe('ok');
    expect(wp.data.signals.map((s) => s.kind).sort()).toEqual(['asset_path', 'generator_meta', 'wp_json_link']);
    // Baselines came from the exposure probe: only the WordPress paths were added.
    expect(wp.data.requests).toBe(WORDPRESS_PATHS.length);
    const results = runAll(WORDPRESS_CHECKS, scan.evidence);
    expect(idsOf(results)).toEqual(Object.keys(WORDPRESS_RULES).sort());
    expect(results.find((r) => r.id === 'wp_detected')!.evidence).toContain('WordPress 6.4.2');
    expect(results.find((r) => r.id === 'wp_version_disclosed')!.evidence.split('\n')).toHaveLength(3);
    expect(results.filter((r) => r.id === 'wp_user_enumeration')).toHaveLength(2);
    expect(results.find((r) => r.id === 'wp_config_backup')!.evidence).not.toContain('correct horse');
  });

  it('a hardened install is detected and gives only the detection note (negative control)', async () => {
    const scan = await withLabSite(hardenedWordPress(), (server, ca) => labEvidence(server, ca, [wordpressStep]));
    expect(scan.evidence.wordpress).toMatchObject({ status: 'ok' });
    expect(idsOf(runAll(WORDPRESS_CHECKS, scan.evidence))).toEqual(['wp_detected']);
    // Without the exposure probe it fetched its own four baselines.
    expect((scan.evidence.wordpress as { data: WordPressEvidence }).data.requests).toBe(4 + WORDPRESS_PATHS.length);
  });

  it('a plain site that talks about WordPress is not detected and sends no WordPress request', async () => {
    const scan = await withLabSite(plainSiteAboutWordPress(), async (server, ca) => {
      const result = await labEvidence(server, ca, [wordpressStep]);
      return { ...result, paths: server.requests.map((r) => r.url) };
    });
    expect(scan.evidence.wordpress).toMatchObject({ status: 'unavailable', code: 'NOT_DETECTED' });
    expect(runAll(WORDPRESS_CHECKS, scan.evidence)).toEqual([]);
    expect(scan.paths).toEqual(['/']);
  });

  it('the WordPress fixtures do not trip the generic exposure checks twice for the same file', async () => {
    const scan = await withLabSite(carelessWordPress(), (server, ca) => labEvidence(server, ca, [exposureStep]));
    const ids = idsOf(runAll(EXPOSURE_CHECKS, scan.evidence));
    expect(ids).not.toContain('exposed_backup');
    expect(ids).not.toContain('exposed_log_file');
  });
});
