/**
 * WordPress probe: runs only when the main page shows WordPress (see wordpress-detect.ts), then
 * requests the handful of paths where WordPress installs commonly leak. Shares the exposure probe's
 * not-found baselines (fetched once per scan and origin), so a WordPress scan adds about a dozen requests.
 */
import type { WordPressEvidence } from '../model/wordpress.js';
import { ok, unavailable, type Probed } from '../model/probed.js';
import type { Probe, ProbeContext } from './probe.js';
import { EXPOSURE_BODY_LIMIT, RANGE_BYTES } from './exposure-catalogue.js';
import { mainPage } from './exposure.js';
import { fetchPaths, siteBaselines, siteOrigin, type PathTask } from './path-fetch.js';
import { detectWordPress } from './wordpress-detect.js';
import { protectedReason } from './protection.js';

export const WORDPRESS_PATHS: readonly { name: string; path: string; range?: boolean }[] = [
  { name: 'readme', path: '/readme.html' },
  { name: 'feed', path: '/feed/' },
  { name: 'xmlrpc', path: '/xmlrpc.php' },
  { name: 'users_api', path: '/wp-json/wp/v2/users' },
  { name: 'author_query', path: '/?author=1' },
  { name: 'uploads_listing', path: '/wp-content/uploads/' },
  { name: 'wp_config_bak', path: '/wp-config.php.bak' },
  { name: 'wp_config_tilde', path: '/wp-config.php~' },
  { name: 'wp_config_save', path: '/wp-config.php.save' },
  { name: 'wp_config_old', path: '/wp-config.php.old' },
  { name: 'debug_log', path: '/wp-content/debug.log', range: true },
  { name: 'login', path: '/wp-login.php' },
];

export const wordpressProbe: Probe = {
  key: 'wordpress',
  label: 'WordPress',
  dependsOn: ['http'],
  run: runWordPressProbe,
};

export async function runWordPressProbe(ctx: ProbeContext): Promise<Probed<WordPressEvidence>> {
  const httpProbed = ctx.evidence.http;
  if (httpProbed?.status !== 'ok') return unavailable('the main page could not be fetched, so WordPress detection could not run', 'NO_MAIN_PAGE');
  // The page a protection layer or a login provider sent says nothing about the site's software.
  const blocked = protectedReason(httpProbed.data, 'WordPress detection did not run', { evenLogin: true, brief: true });
  if (blocked) return unavailable(blocked, 'PROTECTED');
  const page = mainPage(httpProbed.data);
  const signals = detectWordPress(page);
  if (signals.length === 0) {
    return unavailable('WordPress not detected: no generator tag, no /wp-content/ or /wp-includes/ assets, no REST API link', 'NOT_DETECTED');
  }
  const origin = siteOrigin(page?.url, ctx.target.url);
  const tasks: PathTask[] = WORDPRESS_PATHS.map((p) => ({
    probe: p.name,
    path: p.path,
    bodyLimit: p.range ? RANGE_BYTES : EXPOSURE_BODY_LIMIT,
    ...(p.range ? { headers: [['Range', `bytes=0-${RANGE_BYTES - 1}`]] as [string, string][] } : {}),
  }));
  const [baseline, found] = await Promise.all([
    siteBaselines(ctx.net, origin, EXPOSURE_BODY_LIMIT, ctx.signal),
    fetchPaths(ctx.net, origin, tasks, ctx.signal),
  ]);
  return ok({
    origin,
    signals,
    baselines: baseline.responses,
    responses: found.responses,
    // The baselines' cost and failures are reported by whichever probe sent them.
    failures: [...(baseline.first ? baseline.failures : []), ...found.failures],
    requests: (baseline.first ? baseline.requests : 0) + found.requests,
  });
}
