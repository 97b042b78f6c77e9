/** The HTTP client against a lab server: raw headers, no redirects, budget, refusals at connect time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetContext } from '../../src/net/index.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';

let server: LabServer;
beforeAll(async () => {
  server = await startLabServer({
    routes: {
      '/cookies': {
        status: 200,
        headers: [
          ['Set-Cookie', 'a=1; Path=/'],
          ['X-Dup', 'one'],
          ['set-cookie', 'b=2; Secure'],
          ['X-Dup', 'two'],
        ],
        body: 'ok',
      },
      '/redirect': { status: 302, headers: [['Location', '/cookies']] },
    },
  });
});
afterAll(() => server.close());

describe('HTTP client', () => {
  it('keeps every header in order with its original case, duplicates included', async () => {
    const net = createNetContext({ allowPrivate: true, timeoutMs: 2000 });
    const r = await net.http.request({ url: server.url('http', '/cookies') });
    await net.close();
    const names = r.headers.map(([n]) => n);
    expect(names.slice(0, 4)).toEqual(['Set-Cookie', 'X-Dup', 'set-cookie', 'X-Dup']);
    expect(r.headers.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => v)).toEqual(['a=1; Path=/', 'b=2; Secure']);
    expect(r.remoteAddress).toBe('127.0.0.1');
  });
  it('never follows a redirect by itself', async () => {
    const net = createNetContext({ allowPrivate: true, timeoutMs: 2000 });
    const r = await net.http.request({ url: server.url('http', '/redirect') });
    await net.close();
    expect(r.status).toBe(302);
  });
  it('refuses at connect time without opening a socket', async () => {
    const before = server.connections;
    const net = createNetContext({ timeoutMs: 2000 });
    await expect(net.http.request({ url: server.url('http', '/cookies') })).rejects.toMatchObject({ code: 'TARGET_REFUSED' });
    await net.close();
    expect(server.connections).toBe(before);
  });
  it('stops when the request budget is spent', async () => {
    const net = createNetContext({ allowPrivate: true, timeoutMs: 2000, maxRequests: 1 });
    await net.http.request({ url: server.url('http', '/cookies') });
    await expect(net.http.request({ url: server.url('http', '/cookies') })).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED' });
    await net.close();
  });
  it('only fetches http and https', async () => {
    const net = createNetContext({ allowPrivate: true });
    await expect(net.http.request({ url: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'UNSUPPORTED_SCHEME' });
    await net.close();
  });
});
