/**
 * The response header limit against the real thing: Debian's Chromium loads a page with ~250 KB of
 * response headers and refuses one with ~264 KB (ERR_RESPONSE_HEADERS_TOO_BIG over HTTP/1.1, an HTTP/2
 * error over h2). Our client judges and refuses the same two pages (MAX_RESPONSE_HEADER_BYTES, 256 KiB),
 * over both protocols. One difference stays and is pinned here: over HTTP/2 in the protocol's default
 * 16 KiB frames, nghttp2 (inside Node) takes a header block in at most 9 frames, where Chromium takes
 * any number; our client announces 64 KiB frames so that servers which fill frames to the peer's size
 * stay inside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, LOOPBACK_ONLY_ARGS } from '../support/chromium.js';
import { createLabCa, type IssuedCert, type LabCa } from '../lab/ca.js';
import { startRawFieldsServer, type RawFieldsResponse, type RawFieldsServer } from '../lab/raw-fields-server.js';
import { createNetContext } from '../../src/net/index.js';

let ca: LabCa;
let cert: IssuedCert;
let browser: Browser;
const servers: RawFieldsServer[] = [];
beforeAll(async () => {
  ca = await createLabCa();
  cert = await ca.issue({ dnsNames: ['headers.test'], ipAddresses: ['127.0.0.1'] });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...LOOPBACK_ONLY_ARGS, '--ignore-certificate-errors'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
});

/** `n` fields of 1,000 bytes: 245 → ~250 KB (under 256 KiB however counted), 260 → ~264 KB (over). */
const page = (n: number, frameBytes?: number): RawFieldsResponse => ({
  status: 200,
  fields: [['content-type', 'text/html'], ...Array.from({ length: n }, (_, i): [string, string] => [`x-fill-${String(i).padStart(3, '0')}`, 'a'.repeat(1000)])],
  body: '<!doctype html><title>loaded</title>',
  ...(frameBytes ? { frameBytes } : {}),
});

async function chromiumLoads(url: string): Promise<string> {
  const tab = await browser.newPage();
  try {
    const res = await tab.goto(url);
    return `${res?.status()} ${await tab.title()}`;
  } catch (err) {
    return /net::[A-Z0-9_]+/.exec((err as Error).message)?.[0] ?? (err as Error).message;
  } finally {
    await tab.close();
  }
}

async function oursReads(url: string): Promise<string> {
  const net = createNetContext({ allowPrivate: true, ca: [ca.certPem], timeoutMs: 10_000 });
  try {
    const r = await net.http.request({ url });
    return `${r.status} ${r.headers.length} fields over ${r.tls?.alpn}`;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await net.close();
  }
}

async function both(alpn: 'h2' | 'http/1.1', response: RawFieldsResponse) {
  const server = await startRawFieldsServer(cert, alpn, response);
  servers.push(server);
  const url = `https://127.0.0.1:${server.port}/`;
  return { chromium: await chromiumLoads(url.replace('127.0.0.1', 'headers.test')), ours: await oursReads(url) };
}

describe('response header limit: Scorifya and Chromium', () => {
  it('HTTP/1.1: both read ~250 KB of headers and both refuse ~264 KB', async () => {
    const under = await both('http/1.1', page(245));
    expect(under.chromium).toBe('200 loaded');
    expect(under.ours).toBe('200 247 fields over http/1.1'); // and the lab's Content-Length
    const over = await both('http/1.1', page(260));
    expect(over.chromium).toBe('net::ERR_RESPONSE_HEADERS_TOO_BIG');
    expect(over.ours).toMatch(/sent more than 256 KiB of response headers, more than Chromium accepts; the response was not read/);
  }, 60_000);

  it('HTTP/2: both read ~250 KB and both refuse ~264 KB as HTTP/2 counts a list (frames of the size each client allows)', async () => {
    expect((await both('h2', page(240))).chromium).toBe('200 loaded');
    expect((await both('h2', page(245, 64 * 1024))).ours).toBe('200 246 fields over h2');
    expect((await both('h2', page(260))).chromium).toBe('net::ERR_HTTP2_PROTOCOL_ERROR');
    expect((await both('h2', page(260, 64 * 1024))).ours).toMatch(/sent more than 256 KiB of response headers \(as HTTP\/2 counts them.*\), more than Chromium accepts/);
  }, 60_000);

  it('HTTP/2 in 16 KiB frames: past 9 frames Chromium still reads the page, we do not, and say why', async () => {
    const sixteen = await both('h2', page(200));
    expect(sixteen.chromium).toBe('200 loaded');
    expect(sixteen.ours).toMatch(/more than 9 HTTP\/2 frames.*\(Chromium reads up to 256 KiB in any number of frames\)/);
  }, 60_000);
});
