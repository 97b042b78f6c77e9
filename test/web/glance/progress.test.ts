/**
 * Progress from the engine: each probe's requests are counted under its name (through the shared
 * budget), steps carry done-of-total, request activity is throttled, and a slow target is named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../../src/engine/index.js';
import { ScanBudget } from '../../../src/net/budget.js';
import { requestTag, type RequestActivity } from '../../../src/net/request-activity.js';
import { ProgressTracker } from '../../../src/queue/progress-tracker.js';
import type { ProgressEvent } from '../../../src/store/scan-store.js';
import { progressPage, stepDetail } from '../../../src/server/pages/scan-progress.js';
import type { ScanRecord } from '../../../src/store/scan-store.js';
import { startHeaderSite, type HeaderSite } from '../../lab/header-site.js';
import { GOOD_HEADERS } from '../../support/evidence.js';

describe('request activity', () => {
  it('counts requests per probe tag and their mean time', async () => {
    const seen: RequestActivity[] = [];
    const budget = new ScanBudget(10, 2, (a) => seen.push(a));
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all([
      requestTag.run('http', () => budget.run(() => wait(30)).then(() => budget.run(() => wait(30)))),
      requestTag.run('tls', () => budget.run(() => wait(5))),
    ]);
    const lastHttp = seen.filter((a) => a.tag === 'http').at(-1)!;
    expect(lastHttp).toMatchObject({ phase: 'end', requests: 2 });
    expect(lastHttp.meanMs!).toBeGreaterThanOrEqual(25);
    expect(seen.filter((a) => a.tag === 'tls').at(-1)).toMatchObject({ phase: 'end', requests: 1 });
    expect(budget.used).toBe(3);
  });

  it('the tracker throttles activity per probe and keeps steps', () => {
    let now = 1000;
    const events: ProgressEvent[] = [];
    const t = new ProgressTracker((e) => events.push(e), 1000, () => now);
    t.probe({ probe: 'exposure', label: 'Files', state: 'start', finished: 2, total: 6 });
    for (let i = 1; i <= 10; i++) {
      now += 300;
      t.activity({ tag: 'exposure', phase: 'end', requests: i, meanMs: 4000 });
    }
    const active = events.filter((e) => e.state === 'active');
    expect(active.length).toBeGreaterThanOrEqual(2);
    expect(active.length).toBeLessThanOrEqual(4);
    now += 10;
    t.probe({ probe: 'exposure', label: 'Files', state: 'done', finished: 3, total: 6 });
    expect(events.at(-1)).toMatchObject({ state: 'done', finished: 3, total: 6, requests: 10, meanMs: 4000 });
    expect(stepDetail({ ...active.at(-1)!, requests: 10 }, true, '127.0.0.1', now)).toBe('10 requests · waiting for 127.0.0.1 — 4 s per response');
    expect(stepDetail({ probe: 'x', label: 'x', state: 'active', at: now - 12_000, requests: 1 }, true, 'h', now)).toBe('1 request · waiting for h — no answer for 12 s');
    expect(stepDetail({ probe: 'x', label: 'x', state: 'done', at: 0, requests: 3, meanMs: 9000 }, false, 'h', now)).toBe('3 requests');
  });
});

describe('a real scan reports steps and request counts', () => {
  let site: HeaderSite;
  beforeAll(async () => {
    site = await startHeaderSite({ '/': { headers: GOOD_HEADERS } });
  });
  afterAll(async () => site?.close());

  it('through the same tracker the web runner uses', async () => {
    const events: ProgressEvent[] = [];
    const tracker = new ProgressTracker((e) => events.push(e), 0);
    await scan(site.url('/'), { ...site.scanOptions, probes: ['http', 'exposure'], onProgress: (e) => tracker.probe(e), onRequestActivity: (a) => tracker.activity(a) });
    const done = events.filter((e) => e.state === 'done' || e.state === 'unavailable');
    expect(done.map((e) => e.finished)).toEqual([1, 2]);
    expect(new Set(events.map((e) => e.total))).toEqual(new Set([2]));
    const http = events.filter((e) => e.probe === 'http' && e.state === 'done')[0]!;
    expect(http.requests).toBeGreaterThanOrEqual(2); // http:// and https:// at least
    const exposure = events.filter((e) => e.probe === 'exposure').at(-1)!;
    expect(exposure.requests).toBeGreaterThan(http.requests!);
    expect(events.some((e) => e.state === 'active')).toBe(true);
  });
});

describe('a step that does not apply is skipped, not a warning', () => {
  let site: HeaderSite;
  beforeAll(async () => {
    site = await startHeaderSite({ '/': { headers: GOOD_HEADERS } });
  });
  afterAll(async () => site?.close());

  it('no WordPress on the site: the WordPress step is skipped, shown with a dash and no "!"', async () => {
    const events: ProgressEvent[] = [];
    const tracker = new ProgressTracker((e) => events.push(e), 0);
    await scan(site.url('/'), { ...site.scanOptions, probes: ['http', 'wordpress'], onProgress: (e) => tracker.probe(e) });
    const wordpress = events.filter((e) => e.probe === 'wordpress').at(-1)!;
    expect(wordpress.state).toBe('skipped');
    expect(events.filter((e) => e.probe === 'http').at(-1)!.state).toBe('done');

    const record = { id: 'x', host: 'api.target.test', url: site.url('/'), status: 'running', createdAt: Date.now(), progress: events } as unknown as ScanRecord;
    const body = progressPage({ nonce: 'n', path: '/scans/x', assets: { css: '/c.css', js: '/s.js', icon: '/i.svg' } }, record);
    const row = /<li id="probe-wordpress">([\s\S]*?)<\/li>/.exec(body)![1]!;
    expect(row).toContain('state-skipped');
    expect(row).toContain('(skipped: does not apply to this site)');
    expect(row).not.toMatch(/state-unavailable|>!<|not available/);
  });
});

describe('two caps in one scan', () => {
  let site: HeaderSite;
  beforeAll(async () => {
    site = await startHeaderSite({ '/': { headers: GOOD_HEADERS } });
  });
  afterAll(async () => site?.close());

  it('TLS handshakes do not spend the request cap: with 6 requests the suite lists are still complete', async () => {
    const { evidence } = await scan(site.url('/'), { ...site.scanOptions, probes: ['http', 'tls'], maxRequests: 6 });
    expect(evidence.tls?.status).toBe('ok');
    if (evidence.tls?.status !== 'ok') return;
    expect(evidence.tls.data.handshakes).toBeGreaterThan(6);
    expect(evidence.tls.data.ciphers.every((c) => c.complete)).toBe(true);
    expect(evidence.http?.status).toBe('ok');
  });
});
