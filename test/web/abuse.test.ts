/**
 * Abuse of the web service over real sockets: a burst of scan requests from one client, a stampede
 * of identical requests, bodies and headers trickled byte by byte, and an event-stream client that
 * never reads. The app is the real one (`createServer`, what `scorifya serve` runs); only the scan
 * function is a gate, so that admissions, not scans, are what is measured.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { startWebLab, type WebLab } from './web-lab.js';
import { createServer, type Server } from '../../src/server/app.js';
import { DEFAULT_CONFIG, withDefaults, type ServerConfig } from '../../src/server/config.js';
import { ScanService } from '../../src/server/scan-service.js';
import { openDb } from '../../src/store/db.js';
import { ScanStore } from '../../src/store/scan-store.js';
import type { ScanFn } from '../../src/queue/runner.js';
import type { ScanOptions } from '../../src/engine/index.js';

interface AbuseApp {
  server: Server;
  base: string;
  port: number;
  /** URL on the lab target (a name the server's resolve pins know). */
  target(path: string): string;
  /** How many scans the engine was asked to run. */
  scans(): number;
  /** Lets held scans finish (they fail with a final error, nothing is fetched). */
  release(): void;
  close(): Promise<void>;
}

let lab: WebLab;
beforeAll(async () => {
  lab = await startWebLab();
  await lab.server.close();
});
afterAll(() => lab.site.close());

const open: AbuseApp[] = [];
afterEach(async () => {
  for (const app of open.splice(0)) await app.close();
});

/** The held scan calls `during` first (to emit progress), then waits for release. */
async function startAbuseApp(config: Partial<ServerConfig>, during?: (emit: NonNullable<ScanOptions['onProgress']>) => Promise<void>): Promise<AbuseApp> {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const scan: ScanFn = async (_input, options) => {
    calls++;
    if (during && options.onProgress) await during(options.onProgress);
    await gate;
    throw Object.assign(new Error('held by the abuse test'), { name: 'InputError' });
  };
  const server = await createServer({ ...lab.server.config, db: ':memory:', ...config }, { scan });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (server.app.server.address() as net.AddressInfo).port;
  const app: AbuseApp = {
    server,
    port,
    base: `http://127.0.0.1:${port}`,
    target: (path) => lab.site.url(path),
    scans: () => calls,
    release,
    close: async () => {
      release();
      await server.close();
    },
  };
  open.push(app);
  return app;
}

async function postScans(app: AbuseApp, urls: readonly string[]): Promise<{ status: number; retryAfter: string | undefined; body: any }[]> {
  const pool = new Pool(app.base, { connections: 32 });
  try {
    return await Promise.all(
      urls.map(async (url) => {
        const res = await pool.request({ path: '/api/v1/scans', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
        const body = await res.body.json();
        const retry = res.headers['retry-after'];
        return { status: res.statusCode, retryAfter: Array.isArray(retry) ? retry[0] : retry, body };
      }),
    );
  } finally {
    await pool.close();
  }
}

describe('web service abuse', () => {
  it('a burst of 500 scan requests from one client: the first `max` are taken, the rest get 429 with Retry-After', async () => {
    const app = await startAbuseApp({ scanRateLimit: { max: 10, windowMs: 60_000 } });
    const results = await postScans(app, Array.from({ length: 500 }, (_, i) => app.target(`/good?burst=${i}`)));
    const accepted = results.filter((r) => r.status === 202);
    const limited = results.filter((r) => r.status === 429);
    expect(accepted).toHaveLength(10);
    expect(limited).toHaveLength(490);
    for (const r of limited) {
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
      expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
      expect(r.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    }
    expect(new Set(accepted.map((r) => r.body.id)).size).toBe(10);
    // Nothing beyond the limit reached the store or the queue.
    expect((await app.server.store.byHost('api.target.test')).length).toBe(10);
  });

  it('200 simultaneous requests for the same target are coalesced into one scan', async () => {
    const app = await startAbuseApp({ scanRateLimit: { max: 1000, windowMs: 60_000 } });
    const path = `/good?run=${randomUUID()}`;
    // Spellings that normalise to the same URL share the scan too.
    const spellings = [app.target(path), app.target(path).replace('http://', 'HTTP://').replace('api.target.test', 'API.Target.Test')];
    const results = await stampede(app.port, Array.from({ length: 200 }, (_, i) => spellings[i % 2]!));
    expect(results.map((r) => r.status).sort()).toEqual([...Array(199).fill(200), 202].sort());
    const ids = new Set(results.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.body.reused === false)).toHaveLength(1);
    await waitUntil(() => app.scans() === 1);
    // A different target is a new scan.
    const [other] = await postScans(app, [app.target(`/?run=${randomUUID()}`)]);
    expect(other!.status).toBe(202);
    expect(other!.body.id).not.toBe([...ids][0]);
  });

  it('admissions of one URL share one outcome even when the store answers slowly (a remote database)', async () => {
    // The store's lookup and insert are separate round trips; with a slow store every request of a
    // burst would pass the lookup before the first insert lands. Here each round trip takes 20 ms.
    const opened = await openDb(':memory:');
    try {
      const roundTrip = () => new Promise((r) => setTimeout(r, 20));
      class SlowStore extends ScanStore {
        override async reusable(...args: Parameters<ScanStore['reusable']>) {
          await roundTrip();
          return super.reusable(...args);
        }
        override async create(...args: Parameters<ScanStore['create']>) {
          await roundTrip();
          return super.create(...args);
        }
      }
      const enqueued: string[] = [];
      const queue = { enqueue: async (id: string) => void enqueued.push(id), start: async () => undefined, stop: async () => undefined };
      const service = new ScanService(new SlowStore(opened.db), queue, withDefaults({ ...lab.server.config, cooldownSeconds: 0 }));
      const url = lab.site.url(`/good?run=${randomUUID()}`);
      const results = await Promise.all(Array.from({ length: 200 }, () => service.submit(url)));
      expect(new Set(results.map((r) => r.scan.id)).size).toBe(1);
      expect(results.filter((r) => !r.reused)).toHaveLength(1);
      expect(enqueued).toHaveLength(1);
      // Refusals are shared too, and a settled admission is forgotten: the next request is judged anew.
      const refused = await Promise.allSettled(Array.from({ length: 5 }, () => service.submit('http://127.0.0.1.nip.invalid/')));
      expect(refused.every((r) => r.status === 'rejected')).toBe(true);
      const again = await service.submit(url);
      expect(again).toMatchObject({ reused: true, scan: { id: results[0]!.scan.id } });
    } finally {
      await opened.close();
    }
  });

  it('a body trickled byte by byte is cut off with 408 by the request timeout, and so are trickled headers', async () => {
    const app = await startAbuseApp({ requestTimeoutMs: 1_000 });
    const body = JSON.stringify({ url: app.target('/good') });
    const slowBody = await trickle(app.port, `POST /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, body);
    expect(slowBody.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowBody.closedAfterMs).toBeLessThan(4_000);
    expect(slowBody.sentBytes).toBeLessThan(body.length);
    const slowHeaders = await trickle(app.port, '', `GET /api/v1/checks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`);
    expect(slowHeaders.response).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowHeaders.closedAfterMs).toBeLessThan(4_000);
    // Nothing was admitted from the cut-off body, and the server still serves others.
    expect((await app.server.store.byHost('api.target.test')).length).toBe(0);
    expect((await fetch(`${app.base}/api/v1/checks`)).status).toBe(200);
  });

  it('serve turns the request timeout on by default (Node’s would be off under fastify)', async () => {
    const app = await startAbuseApp({});
    expect(DEFAULT_CONFIG.requestTimeoutMs).toBe(15_000);
    expect(app.server.app.server.requestTimeout).toBe(15_000);
    expect(app.server.app.server.headersTimeout).toBe(15_000);
  });

  it('an event-stream client that never reads is dropped once its unsent buffer passes the bound; a reading client gets everything', async () => {
    const bound = 256 * 1024;
    const events = 30;
    const label = 'x'.repeat(300_000); // 30 × 300 kB: more than loopback's socket buffers absorb (about 4 MB)
    let emitted!: () => void;
    const allEmitted = new Promise<void>((r) => (emitted = r));
    let startEmitting!: () => void;
    const clientsReady = new Promise<void>((r) => (startEmitting = r));
    const app = await startAbuseApp({ sseMaxBufferedBytes: bound }, async (emit) => {
      await clientsReady;
      for (let i = 0; i < events; i++) {
        emit({ probe: `p${i}`, label, state: 'done' } as never);
        await new Promise((r) => setTimeout(r, 30));
      }
      emitted();
    });
    const serverSockets: net.Socket[] = [];
    app.server.app.server.on('connection', (s: net.Socket) => serverSockets.push(s));
    const [queued] = await postScans(app, [app.target('/good')]);
    const id = queued!.body.id as string;

    // The non-reader: sends its request and never reads a byte.
    const stalled = net.connect(app.port, '127.0.0.1');
    await new Promise((r) => stalled.once('connect', r));
    stalled.pause();
    stalled.write(`GET /api/v1/scans/${id}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    // The reader: curl in its own process, so that its reading does not wait on this event loop. So it
    // writes to a file and not to a pipe into this process: curl stops reading its socket while its stdout
    // pipe is full, which would tie its pace to this loop (busy serving the stream) draining that pipe.
    // Node 24 drains a child's pipe in smaller bites per loop turn than Node 20 did; through a pipe curl
    // fell about 5 MB behind, and the server rightly dropped it as a client that does not read.
    const outDir = mkdtempSync(join(tmpdir(), 'scorifya-sse-'));
    onTestFinished(() => rmSync(outDir, { recursive: true, force: true }));
    const outFile = join(outDir, 'events.txt');
    const curl = spawn('curl', ['-sN', '-o', outFile, `${app.base}/api/v1/scans/${id}/events`], { stdio: 'ignore' });
    const reading = new Promise((r) => curl.on('close', r));
    await waitUntil(() => serverSockets.some((s) => s.remotePort === stalled.localPort));
    const stalledServerSide = serverSockets.find((s) => s.remotePort === stalled.localPort)!;

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, stalledServerSide.writableLength)), 2);
    startEmitting();
    await allEmitted;
    await waitUntil(() => stalledServerSide.destroyed, 10_000);
    clearInterval(sampler);
    // The bound is judged between batches of events, so the peak is the bound plus a batch or so;
    // without it the server would hold everything the kernel did not take (several MB).
    expect(peak).toBeLessThanOrEqual(bound + 4 * label.length);
    app.release();
    await reading;
    const stream = readFileSync(outFile, 'latin1');
    expect(stream.length).toBeGreaterThan(events * label.length);
    expect(stream.match(/^event: progress$/gm)).toHaveLength(events);
    expect(stream).toMatch(/event: end\ndata: \{"status":"failed"[^\n]*\n\n$/);
    stalled.destroy();
  });
});

describe('event streams per client', () => {
  it('one address may follow `sseMaxPerClient` scans at once; the next stream gets 429 until one closes', async () => {
    const app = await startAbuseApp({ sseMaxPerClient: 3 });
    const [queued] = await postScans(app, [app.target('/good')]);
    const id = queued!.body.id as string;
    /** A raw connection asking for the stream; resolves with its status line and the socket, once the head is in. */
    const follow = async (): Promise<{ status: string; head: string; socket: net.Socket }> => {
      const socket = net.connect(app.port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(`GET /api/v1/scans/${id}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
      let head = '';
      await new Promise<void>((resolve) => {
        const onData = (d: Buffer) => {
          head += d.toString('latin1');
          if (head.includes('\r\n\r\n')) {
            socket.off('data', onData);
            resolve();
          }
        };
        socket.on('data', onData);
      });
      return { status: head.slice(0, head.indexOf('\r\n')), head, socket };
    };
    const streams = [await follow(), await follow(), await follow()];
    expect(streams.map((s) => s.status)).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    const refused = await follow();
    expect(refused.status).toBe('HTTP/1.1 429 Too Many Requests');
    expect(refused.head).toMatch(/retry-after: 10/i);
    refused.socket.destroy();
    // Closing one frees its place: the count follows the streams, not the requests.
    streams[0]!.socket.destroy();
    // The server hears the close a moment later: ask again until it has (at most a second).
    let again = await follow();
    for (let i = 0; i < 50 && again.status.includes('429'); i++) {
      again.socket.destroy();
      await new Promise((r) => setTimeout(r, 20));
      again = await follow();
    }
    expect(again.status).toBe('HTTP/1.1 200 OK');
    for (const s of [...streams.slice(1), again]) s.socket.destroy();
  });
});

/** Opens one connection per request first, then sends every request in the same tick. */
async function stampede(port: number, urls: readonly string[]): Promise<{ status: number; body: any }[]> {
  const sockets = await Promise.all(
    urls.map(() => new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    })),
  );
  const answers = sockets.map(
    (s) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        let text = '';
        s.on('data', (d) => (text += d.toString('utf8')));
        s.once('error', reject);
        s.once('close', () => {
          const [head, body] = [text.slice(0, text.indexOf('\r\n\r\n')), text.slice(text.indexOf('\r\n\r\n') + 4)];
          resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body: JSON.parse(body) });
        });
      }),
  );
  sockets.forEach((s, i) => {
    const body = JSON.stringify({ url: urls[i] });
    s.write(`POST /api/v1/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
  return Promise.all(answers);
}

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Sends `head` at once, then `slow` one byte every 100 ms, until the server answers or closes. */
function trickle(port: number, head: string, slow: string): Promise<{ response: string; closedAfterMs: number; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let sentBytes = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      if (head) socket.write(head);
      timer = setInterval(() => {
        if (sentBytes >= slow.length || socket.destroyed) return clearInterval(timer);
        socket.write(slow[sentBytes++]!);
      }, 100);
    });
    socket.on('data', (d) => (response += d.toString('latin1')));
    socket.on('error', () => undefined);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept a trickling client for 10 s (sent ${sentBytes} bytes)`));
    }, 10_000);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ response, closedAfterMs: Date.now() - started, sentBytes });
    });
  });
}
