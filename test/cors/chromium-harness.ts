/**
 * Serves a page on one loopback origin and the API on two others, lets Debian's Chromium perform
 * every grid case's fetch() from the page (batched in one page load), and records both what the page
 * could read and what the servers received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { RawHeader } from '../../src/model/http.js';
import { respondFor, type GridCase, type Origins, type ServerSpec } from './grid.js';
import { CHROMIUM_ARGS } from '../support/chromium.js';

export interface ReceivedRequest {
  caseId: string;
  method: string;
  path: string;
  origin: string | undefined;
  acrh: string | undefined;
  acrm: string | undefined;
  cookie: boolean;
}

export interface BrowserOutcome {
  ok: boolean;
  status?: number;
  headerNames?: string[];
  error?: string;
}

export interface Harness {
  origins: Origins;
  received: ReceivedRequest[];
  run(cases: GridCase[]): Promise<Map<string, BrowserOutcome>>;
  close(): Promise<void>;
}

function rawHeaders(req: http.IncomingMessage): RawHeader[] {
  const out: RawHeader[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) out.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return out;
}

/** Runs in the page: every case's fetch(), 24 at a time, reporting what script could read. */
const BROWSER_SCRIPT = `async ({ api, payload }) => {
  const out = {};
  let next = 0;
  async function worker() {
    while (next < payload.length) {
      const c = payload[next++];
      try {
        const init = { method: c.method, headers: c.headers, credentials: c.credentials };
        if (c.body) init.body = 'x';
        const res = await fetch(api + '/c/' + c.id + '/start', init);
        await res.arrayBuffer();
        out[c.id] = { ok: true, status: res.status, headerNames: [...res.headers.keys()] };
      } catch (e) {
        out[c.id] = { ok: false, error: String(e) };
      }
    }
  }
  await Promise.all(Array.from({ length: 24 }, worker));
  return out;
}`;

export async function startHarness(): Promise<Harness> {
  const specs = new Map<string, ServerSpec>();
  const received: ReceivedRequest[] = [];
  const servers: http.Server[] = [];
  const origins: Origins = { page: '', api: '', third: '' };

  const handler: http.RequestListener = (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/' || path === '/favicon.ico') {
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'sid=1; Path=/' });
      res.end('<!doctype html><title>cors grid</title>');
      return;
    }
    const m = /^\/c\/([^/]+)\//.exec(path);
    const spec = m ? specs.get(m[1]!) : undefined;
    req.resume();
    if (!m || !spec) {
      res.writeHead(404).end();
      return;
    }
    const headers = rawHeaders(req);
    const get = (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1];
    received.push({
      caseId: m[1]!, method: req.method ?? '', path, origin: get('origin'), acrh: get('access-control-request-headers'),
      acrm: get('access-control-request-method'), cookie: (get('cookie') ?? '').includes('sid=1'),
    });
    const answer = respondFor(spec, origins, { method: req.method ?? 'GET', path, headers });
    const flat: string[] = [];
    for (const [k, v] of answer.headers) flat.push(k, v);
    res.writeHead(answer.status, flat);
    res.end(req.method === 'HEAD' ? undefined : 'body');
  };

  for (const key of ['page', 'api', 'third'] as const) {
    const server = http.createServer(handler);
    server.keepAliveTimeout = 2000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    origins[key] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  let browser: Browser | undefined;
  return {
    origins,
    received,
    async run(cases) {
      for (const c of cases) specs.set(c.id, c.server);
      browser ??= await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
      const page = await browser.newPage();
      try {
        await page.goto(`${origins.page}/`);
        const payload = cases.map((c) => ({ id: c.id, ...c.client }));
        // Passed as source text: bundlers (tsx/esbuild) wrap functions with helpers the page lacks.
        const results = (await page.evaluate(`(${BROWSER_SCRIPT})(${JSON.stringify({ api: origins.api, payload })})`)) as Record<string, BrowserOutcome>;
        return new Map(Object.entries(results));
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser?.close();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
    },
  };
}
