/** The HTTP API against a real lab target, through fastify's inject (and a real socket for SSE). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebLab, waitForScan, type WebLab } from './web-lab.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';
import { createServer } from '../../src/server/app.js';
import { openDb } from '../../src/store/db.js';
import { ScanStore } from '../../src/store/scan-store.js';
import { scan as engineScan } from '../../src/engine/index.js';

let lab: WebLab;
beforeAll(async () => {
  lab = await startWebLab();
});
afterAll(() => lab.close());

const post = (url: string, l: WebLab = lab) => l.server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: { url } });

describe('POST /api/v1/scans and GET /api/v1/scans/:id', () => {
  it('queues a scan (202, Location, id) and serves the finished report', async () => {
    const res = await post(lab.site.url('/'));
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(res.headers.location).toBe(`/api/v1/scans/${body.id}`);
    expect(body).toMatchObject({ status: 'queued', host: 'api.target.test', reused: false });
    const done = await waitForScan(lab.server, body.id);
    expect(done.status).toBe('done');
    expect(done.score).toBeTypeOf('number');
    expect(done.grade).toMatch(/^[A-F]\+?$/);
    const ids = done.report.findings.map((f: { id: string }) => f.id);
    expect(ids).toContain('missing_csp');
    expect(ids).toContain('missing_permissions_policy');
    expect(done.progress.map((p: { state: string }) => p.state)).toContain('start');
    expect(done.links).toMatchObject({ html: `/scans/${body.id}`, events: `/api/v1/scans/${body.id}/events` });
  });

  it('answers problem+json for bad bodies, bad URLs and unknown ids', async () => {
    const noUrl = await lab.server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: { link: 'x' } });
    expect(noUrl.statusCode).toBe(400);
    expect(noUrl.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(noUrl.json()).toMatchObject({ status: 400, title: 'Invalid request' });

    const notJson = await lab.server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: '{', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.headers['content-type']).toMatch(/problem\+json/);

    const badScheme = await post('javascript:alert(1)');
    expect(badScheme.statusCode).toBe(422);
    expect(badScheme.json()).toMatchObject({ type: '/problems/invalid-url', status: 422 });

    const unknown = await lab.server.app.inject({ url: '/api/v1/scans/AAAAAAAAAAAAAAAA' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, instance: '/api/v1/scans/AAAAAAAAAAAAAAAA' });

    const tooLong = await post(`https://${'a'.repeat(3000)}.test/`);
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('server-sent events', () => {
  it('replays progress and ends for a finished scan', async () => {
    const { id } = (await post(lab.site.url('/good'))).json();
    await waitForScan(lab.server, id);
    const res = await lab.server.app.inject({ url: `/api/v1/scans/${id}/events` });
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const events = [...res.body.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events).toContain('progress');
    expect(events.at(-1)).toBe('end');
    expect(res.body).toMatch(/event: end\ndata: \{"status":"done","score":\d+/);
  });

  it('streams live progress over a real connection until the scan ends', async () => {
    const address = await lab.server.app.listen({ port: 0, host: '127.0.0.1' });
    const { id } = (await post(lab.site.url('/evolving'))).json();
    const res = await fetch(`${address}/api/v1/scans/${id}/events`);
    expect(res.status).toBe(200);
    const text = await res.text(); // resolves only when the server closes the stream after `end`
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events.filter((e) => e === 'progress').length).toBeGreaterThanOrEqual(2);
    expect(events).toContain('status');
    expect(events.at(-1)).toBe('end');
  });
});

describe('hosts and checks', () => {
  it('lists the scans of a host, newest first, without reports', async () => {
    const res = await lab.server.app.inject({ url: '/api/v1/hosts/api.target.test/scans' });
    expect(res.statusCode).toBe(200);
    const { host, scans } = res.json();
    expect(host).toBe('api.target.test');
    expect(scans.length).toBeGreaterThanOrEqual(2);
    expect(scans[0].report).toBeUndefined();
    const times = scans.map((s: { createdAt: string }) => Date.parse(s.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('lists every id of the scoring table', async () => {
    const { checks } = (await lab.server.app.inject({ url: '/api/v1/checks' })).json();
    expect(checks.map((c: { id: string }) => c.id).sort()).toEqual(Object.keys(SCORING_TABLE).sort());
    const hsts = checks.find((c: { id: string }) => c.id === 'missing_hsts');
    expect(hsts).toMatchObject({ category: SCORING_TABLE.missing_hsts!.category, points: SCORING_TABLE.missing_hsts!.points, url: '/checks/missing_hsts' });
  });

  it('publishes an OpenAPI 3.1 document naming every API route', async () => {
    const doc = (await lab.server.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/checks', '/api/v1/hosts/{host}/scans', '/api/v1/scans', '/api/v1/scans/{id}', '/api/v1/scans/{id}/events']);
    expect(doc.paths['/api/v1/scans'].post.requestBody.content['application/json'].schema.required).toEqual(['url']);
    const page = await lab.server.app.inject({ url: '/api/docs' });
    for (const path of Object.keys(doc.paths)) expect(page.body).toContain(path);
  });
});

describe('abuse controls', () => {
  it('refuses private targets unless the operator allows them, before storing anything', async () => {
    const strict = await startWebLab({ allowPrivate: false });
    try {
      const res = await post(strict.site.url('/'), strict);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ type: '/problems/target-refused' });
      expect(await strict.server.store.byHost('api.target.test')).toEqual([]);
      expect(strict.site.server.connections).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it('returns the fresh result within the per-target cooldown instead of scanning again', async () => {
    const cool = await startWebLab({ cooldownSeconds: 300 });
    try {
      const first = (await post(cool.site.url('/good'), cool)).json();
      const again = await post(cool.site.url('/good'), cool); // still running: the same scan
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ id: first.id, reused: true });
      await waitForScan(cool.server, first.id);
      const requests = cool.site.server.requests.length;
      const later = await post(cool.site.url('/good'), cool); // finished within the cooldown
      expect(later.json()).toMatchObject({ id: first.id, reused: true, status: 'done' });
      expect(cool.site.server.requests.length).toBe(requests);
      const other = await post(cool.site.url('/'), cool); // another URL is another scan
      expect(other.statusCode).toBe(202);
      await waitForScan(cool.server, other.json().id);
    } finally {
      await cool.close();
    }
  });

  it('rate-limits scan requests per client with problem+json and Retry-After', async () => {
    const limited = await startWebLab({ scanRateLimit: { max: 2, windowMs: 60_000 } });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await post(limited.site.url(`/good?i=${i}`), limited)).statusCode);
      expect(codes.slice(0, 2)).toEqual([202, 202]);
      const res = await post(limited.site.url('/good?i=9'), limited);
      expect(res.statusCode).toBe(429);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Reading is not limited by the scan limit.
      expect((await limited.server.app.inject({ url: '/api/v1/checks' })).statusCode).toBe(200);
      await limited.server.queue.stop();
    } finally {
      await limited.close();
    }
  });

  it('runs at most `concurrency` scans at once and answers 503 when the backlog is full', async () => {
    let running = 0;
    let peak = 0;
    const lab2 = await startWebLab({ concurrency: 1, maxQueued: 2 });
    await lab2.server.close();
    const server = await createServer(
      { ...lab2.server.config, db: ':memory:' },
      {
        scan: async (input, options) => {
          running++;
          peak = Math.max(peak, running);
          try {
            return await engineScan(input, options);
          } finally {
            running--;
          }
        },
      },
    );
    try {
      const inject = (path: string) => server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: { url: lab2.site.url(path) } });
      const a = await inject('/');
      const b = await inject('/good');
      const c = await inject('/evolving');
      const d = await inject('/hostile');
      expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([202, 202, 202]);
      expect(d.statusCode).toBe(503);
      expect(d.json()).toMatchObject({ type: '/problems/queue-full' });
      for (const r of [a, b, c]) expect((await waitForScan({ app: server.app } as never, r.json().id)).status).toBe('done');
      expect(peak).toBe(1);
    } finally {
      await server.close();
      await lab2.site.close();
    }
  });

  it('deletes scans older than the retention setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scorifya-retention-'));
    const file = join(dir, 'r.db');
    try {
      const opened = await openDb(file);
      const store = new ScanStore(opened.db);
      const old = await store.create({ host: 'old.test', url: 'https://old.test/', now: Date.now() - 10 * 86_400_000 });
      const fresh = await store.create({ host: 'fresh.test', url: 'https://fresh.test/' });
      await store.fail(old.id, 'x');
      await store.fail(fresh.id, 'x');
      await opened.close();
      const server = await createServer({ db: file, logger: false, retentionDays: 7 });
      expect(await server.store.get(old.id)).toBeUndefined();
      expect(await server.store.get(fresh.id)).toBeDefined();
      const faq = await server.app.inject({ url: '/faq' });
      expect(faq.body).toContain('after 7 days');
      await server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
