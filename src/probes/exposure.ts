/**
 * Exposure probe: requests random not-found paths of each shape (the soft-404 baseline), then the
 * curated sensitive paths, a TRACE, a malformed path for the error page and the source maps of the
 * page's own scripts. It records what came back; checks/exposure decides what is an exposure.
 */
import { randomUUID } from 'node:crypto';
import type { ExposureEvidence } from '../model/exposure.js';
import type { HttpEvidence, HttpExchange } from '../model/http.js';
import { ok, unavailable, type Probed } from '../model/probed.js';
import type { Probe, ProbeContext } from './probe.js';
import {
  ERROR_PROBE,
  EXPOSURE_BODY_LIMIT,
  EXPOSURE_CATALOGUE,
  MAX_SOURCE_MAPS,
  RANGE_BYTES,
  SOURCE_MAP_PROBE,
  TRACE_PROBE,
} from './exposure-catalogue.js';
import { fetchPaths, siteBaselines, siteOrigin, type PathTask } from './path-fetch.js';
import { protectedReason } from './protection.js';

export const exposureProbe: Probe = {
  key: 'exposure',
  label: 'Sensitive files and endpoints',
  dependsOn: ['http'],
  run: runExposureProbe,
};

export function mainPage(http: HttpEvidence | undefined): HttpExchange | undefined {
  if (!http || http.primary === 'none') return undefined;
  const chain = http[http.primary];
  return chain.outcome === 'final' ? chain.hops.at(-1) : undefined;
}

export async function runExposureProbe(ctx: ProbeContext): Promise<Probed<ExposureEvidence>> {
  const httpProbed = ctx.evidence.http;
  const http = httpProbed?.status === 'ok' ? httpProbed.data : undefined;
  const page = mainPage(http);
  // Without the main page there is nothing to compare against and no sign the site is up: scoring
  // exposure alone from a site that failed to answer would be a guess.
  if (!page) return unavailable('the main page could not be fetched, so sensitive paths were not probed', 'NO_MAIN_PAGE');
  const blocked = protectedReason(http, 'sensitive paths were not probed');
  if (blocked) return unavailable(blocked, 'PROTECTED');
  // A login page on another host is the login provider's: the site's own paths are on the target.
  const origin = http?.protection?.kind === 'login_redirect' ? new URL(ctx.target.url).origin : siteOrigin(page.url, ctx.target.url);

  const tasks: PathTask[] = EXPOSURE_CATALOGUE.map((entry) => ({
    probe: entry.name,
    path: entry.path,
    bodyLimit: entry.range ? RANGE_BYTES : (entry.bodyLimit ?? EXPOSURE_BODY_LIMIT),
    ...(entry.range ? { headers: [['Range', `bytes=0-${RANGE_BYTES - 1}`]] as [string, string][] } : {}),
  }));
  tasks.push({ probe: TRACE_PROBE, path: '/', method: 'TRACE', headers: [['X-Scorifya-Trace', randomUUID()]], bodyLimit: EXPOSURE_BODY_LIMIT });
  // A path with broken percent-encoding makes many frameworks fail loudly instead of answering 404.
  tasks.push({ probe: ERROR_PROBE, path: `/${randomUUID()}%zz`, bodyLimit: EXPOSURE_BODY_LIMIT });
  for (const path of sourceMapPaths(page, origin)) tasks.push({ probe: SOURCE_MAP_PROBE, path, bodyLimit: EXPOSURE_BODY_LIMIT });

  // The baselines and the paths go out together: the paths do not need the baselines, only the checks do.
  const [baseline, found] = await Promise.all([
    siteBaselines(ctx.net, origin, EXPOSURE_BODY_LIMIT, ctx.signal),
    fetchPaths(ctx.net, origin, tasks, ctx.signal),
  ]);
  const failures = [...baseline.failures, ...found.failures];
  const skipped = failures.filter((f) => f.message.startsWith('not requested: '));
  const tooSlow = failures.find((f) => f.code === 'TARGET_TOO_SLOW');
  // A server that stalled request after request explains a missing baseline too: say that first.
  if (tooSlow) {
    // Most paths unasked: an exposure score from the few that were would be a guess.
    return unavailable(`${skipped.length} of ${tasks.length} paths were not requested: ${tooSlow.message.replace(/^not requested: /, '')}`, 'TARGET_TOO_SLOW');
  }
  if (baseline.responses.length === 0) {
    const why = baseline.failures[0];
    return unavailable(`the site did not answer the not-found baseline requests${why ? `: ${why.message}` : ''}`, why?.code ?? 'NO_BASELINE');
  }
  const notes = skipped.length
    ? [`${skipped.length} of ${tasks.length + baseline.failures.length + baseline.responses.length} paths were not requested: ${skipped[0]!.message.slice('not requested: '.length)}`]
    : [];
  return ok({
    origin,
    baselines: baseline.responses,
    responses: found.responses,
    failures,
    requests: (baseline.first ? baseline.requests : 0) + found.requests,
    ...(notes.length ? { notes } : {}),
  });
}

/**
 * Source maps to try: those the page announces in SourceMap / X-SourceMap headers, then `<src>.map`
 * for the page's own same-origin scripts. Capped so a page with many scripts costs little.
 */
export function sourceMapPaths(page: HttpExchange | undefined, origin: string): string[] {
  if (!page) return [];
  const paths: string[] = [];
  const add = (ref: string, suffix = '') => {
    try {
      const url = new URL(ref, page.url);
      if (url.origin !== origin) return;
      const path = url.pathname + suffix;
      if (!paths.includes(path)) paths.push(path);
    } catch {
      /* not a URL: ignore */
    }
  };
  for (const [name, value] of page.headers) {
    if (/^(x-)?sourcemap$/i.test(name)) add(value.trim());
  }
  const scripts = /<script\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))/gi;
  for (const match of page.body.matchAll(scripts)) {
    const src = match[1] ?? match[2] ?? match[3] ?? '';
    if (/\.m?js$/i.test(src.split(/[?#]/)[0]!)) add(src.split(/[?#]/)[0]!, '.map');
  }
  return paths.slice(0, MAX_SOURCE_MAPS);
}
