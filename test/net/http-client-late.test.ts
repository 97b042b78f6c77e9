/**
 * Requests that end (cancelled, or past their deadline) must not reach the wire later, and closing the client must end
 * at once. Before this was so, a request that timed out while it waited in undici's queue was still
 * sent once a connection freed up, and after close() each queued request made undici connect again
 * and again (we handed it sockets already destroyed): a tight reconnect loop and a scan that never
 * returned, seen when a busy machine made requests miss their deadlines. Requests now wait for a
 * connection in the client's own per-origin queue, where one that ended is simply dropped: it neither
 * goes out late nor costs a connection.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { createNetContext } from '../../src/net/index.js';

let server: Server;
let port: number;
let connections = 0;
let requests = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  // Accepts, reads, never answers: every request waits until its deadline.
  server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('data', (d) => (requests += d.toString('latin1').split('HTTP/1.1\r\n').length - 1));
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

it('a request cancelled while it waits is never sent later, and close() ends without reconnecting', async () => {
  // 12 budget slots but 6 connections per origin: six requests wait for a connection.
  const net = createNetContext({ allowPrivate: true, timeoutMs: 5_000, maxConcurrent: 12 });
  const cancel = new AbortController();
  const base = requests;
  const all = Array.from({ length: 12 }, (_, i) => net.http.request({ url: `http://127.0.0.1:${port}/r${i}`, signal: cancel.signal }));
  while (requests < base + 6) await new Promise((r) => setTimeout(r, 10));
  const t0 = performance.now();
  cancel.abort();
  const outcomes = await Promise.allSettled(all);
  expect(performance.now() - t0).toBeLessThan(1_000); // at once, not at the 5 s time limit
  expect(outcomes.every((o) => o.status === 'rejected' && o.reason.code === 'ABORTED')).toBe(true);
  // Give a waiting request time to go out if it were going to.
  await new Promise((r) => setTimeout(r, 300));
  expect(requests - base).toBe(6);
  const before = connections;
  const t1 = performance.now();
  await net.close();
  expect(performance.now() - t1).toBeLessThan(1_000);
  await new Promise((r) => setTimeout(r, 200));
  expect(connections - before).toBe(0);
  expect(requests - base).toBe(6);
});

it('close() with requests still queued fails them and opens nothing more', async () => {
  const net = createNetContext({ allowPrivate: true, timeoutMs: 5_000, maxConcurrent: 12 });
  const all = Array.from({ length: 12 }, (_, i) => net.http.request({ url: `http://127.0.0.1:${port}/q${i}` }));
  const settled = Promise.allSettled(all);
  const base = requests;
  while (requests < base + 6) await new Promise((r) => setTimeout(r, 10)); // six in flight, six queued
  const before = connections;
  const t0 = performance.now();
  await net.close();
  expect(performance.now() - t0).toBeLessThan(1_000);
  await new Promise((r) => setTimeout(r, 200));
  expect(connections - before).toBe(0);
  expect(requests).toBe(base + 6);
  sockets.forEach((s) => s.destroy()); // the server lets go of the six it held
  const outcomes = await settled;
  expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
  expect(performance.now() - t0).toBeLessThan(2_000);
});

it('a request cancelled while it waited costs no connection: the six stay open for the next ones', async () => {
  const { createServer: httpServer } = await import('node:http');
  let opened = 0;
  const slow = httpServer((req, res) => {
    setTimeout(() => res.end('ok'), req.url === '/slow' ? 400 : 0);
  });
  slow.on('connection', () => opened++);
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const url = (path: string) => `http://127.0.0.1:${(slow.address() as { port: number }).port}${path}`;
  const net = createNetContext({ allowPrivate: true, timeoutMs: 2_000, maxConcurrent: 12 });
  try {
    const busy = Array.from({ length: 6 }, () => net.http.request({ url: url('/slow') }));
    const expired = Array.from({ length: 6 }, () => net.http.request({ url: url('/late'), signal: AbortSignal.timeout(100) }));
    expect((await Promise.allSettled(expired)).every((o) => o.status === 'rejected')).toBe(true);
    expect((await Promise.all(busy)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const after = await Promise.all(Array.from({ length: 6 }, () => net.http.request({ url: url('/next') })));
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(opened).toBe(6);
  } finally {
    await net.close();
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  }
});

it('queued HTTP/1.1 requests of one origin hold no more scan slots than it has connections: a TLS hello still gets one at once', async () => {
  const { createServer: httpServer } = await import('node:http');
  const slow = httpServer((_req, res) => void setTimeout(() => res.end('ok'), 1_000));
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(slow.address() as { port: number }).port}/`;
  const net = createNetContext({ allowPrivate: true, timeoutMs: 5_000, maxConcurrent: 8 });
  try {
    const requests = Array.from({ length: 12 }, () => net.http.request({ url }));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const waited = await net.budget.run(async () => performance.now() - t0, 'handshake');
    // A free slot at once; were the waiting requests holding all 8, it would come when the first
    // answer does, ~950 ms later.
    expect(waited).toBeLessThan(400);
    expect((await Promise.all(requests)).every((r) => r.status === 200)).toBe(true);
  } finally {
    await net.close();
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  }
});
