/**
 * Fixtures for the "result at a glance" browser tests and the screenshots bench: the web lab, scans
 * submitted the way a visitor does (form posts), and a scan row held in the running state with
 * progress events (a slow target, without waiting for one).
 */
import { startWebLab, waitForScan, type WebLab } from '../web-lab.js';
import type { ProgressEvent } from '../../../src/store/scan-store.js';
import { CHROMIUM_ARGS } from '../../support/chromium.js';

export const AXE_ARGS = CHROMIUM_ARGS;

export interface GlanceLab {
  lab: WebLab;
  base: string;
  /** A finished full scan of a page with findings. */
  fullId: string;
  /** A finished focused headers-tool scan. */
  toolId: string;
  /** A scan held as running: two steps done, the exposure step waiting on a slow target. */
  runningId: string;
  close(): Promise<void>;
}

/** Post a form the way the browser does (same origin), return the Location. */
export async function postForm(lab: WebLab, path: string, fields: Record<string, string>): Promise<string> {
  const res = await lab.server.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`POST ${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return String(res.headers.location);
}

export async function startGlanceLab(): Promise<GlanceLab> {
  // A long cooldown: a second submission of the same URL returns the first scan (the re-scan notice).
  const lab = await startWebLab({ cooldownSeconds: 600 });
  const base = await lab.server.app.listen({ port: 0, host: '127.0.0.1' });
  const idOf = (location: string) => location.replace(/^\/scans\//, '').replace(/\?.*$/, '');
  const fullId = idOf(await postForm(lab, '/scans', { url: lab.site.url('/'), allowed: 'yes' }));
  const toolId = idOf(await postForm(lab, '/tools/headers', { url: lab.site.url('/hostile'), allowed: 'yes' }));
  await Promise.all([waitForScan(lab.server, fullId, 45_000), waitForScan(lab.server, toolId, 45_000)]);

  const now = Date.now();
  const row = await lab.server.store.create({ host: 'slow.target.test', url: 'https://slow.target.test/', now: now - 34_000 });
  await lab.server.store.markRunning(row.id, now - 33_000);
  const events: ProgressEvent[] = [
    { probe: 'http', label: 'HTTP and HTTPS responses', state: 'start', at: now - 33_000, finished: 0, total: 6 },
    { probe: 'http', label: 'HTTP and HTTPS responses', state: 'done', at: now - 30_000, finished: 1, total: 6, requests: 4, meanMs: 700 },
    { probe: 'tls', label: 'TLS versions and ciphers', state: 'done', at: now - 20_000, finished: 2, total: 6 },
    { probe: 'exposure', label: 'Sensitive files and endpoints', state: 'start', at: now - 19_000, finished: 2, total: 6 },
    { probe: 'exposure', label: 'Sensitive files and endpoints', state: 'active', at: now - 1_000, finished: 2, total: 6, requests: 5, meanMs: 4_000 },
  ];
  await lab.server.store.appendProgress(row.id, events);
  return { lab, base, fullId, toolId, runningId: row.id, close: () => lab.close() };
}
