/**
 * The HTTP client over HTTP/2 against lab servers: every response header field kept as sent (repeats
 * included, as over HTTP/1.1 and as browsers keep them), and the same guarantees as over HTTP/1.1:
 * body cap, decoding, deadlines, abort, TLS facts recorded, the connect gate, streams per connection.
 */
import http2 from 'node:http2';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetContext, type NetOptions } from '../../src/net/index.js';
import { scan } from '../../src/engine/index.js';
import type { HttpExchange } from '../../src/model/http.js';
import { createLabCa, type IssuedCert, type LabCa } from '../lab/ca.js';
import { startRttSite, RTT_HOST } from '../lab/rtt-site.js';
import { startRawFieldsServer, type RawFieldsResponse, type RawFieldsServer } from '../lab/raw-fields-server.js';

let ca: LabCa;
let cert: IssuedCert;
const servers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  ca = await createLabCa();
  cert = await ca.issue({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function rawPair(response: RawFieldsResponse): Promise<{ h2: RawFieldsServer; h1: RawFieldsServer }> {
  const h2 = await startRawFieldsServer(cert, 'h2', response);
  const h1 = await startRawFieldsServer(cert, 'http/1.1', response);
  servers.push(h2, h1);
  return { h2, h1 };
}

async function fetchOnce(url: string, extra: NetOptions = {}, req: { bodyLimit?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<HttpExchange> {
  const ctx = createNetContext({ allowPrivate: true, ca: [ca.certPem], timeoutMs: 3000, ...extra });
  try {
    return await ctx.http.request({ url, ...req });
  } finally {
    await ctx.close();
  }
}

const REPEATED: [string, string][] = [
  ['strict-transport-security', 'max-age=31536000; includeSubDomains'],
  ['content-security-policy', "default-src 'self'"],
  ['location', '/first'],
  ['set-cookie', 'a=1; Secure; HttpOnly'],
  ['access-control-allow-origin', 'https://one.example'],
  ['strict-transport-security', 'max-age=0'],
  ['set-cookie', 'b=2; Path=/'],
  ['content-type', 'text/html'],
  ['access-control-allow-origin', 'https://two.example'],
  ['access-control-allow-credentials', 'true'],
  ['location', '/second'],
  ['content-security-policy', "script-src 'none'"],
  ['access-control-allow-credentials', 'true'],
  ['set-cookie', 'c=3; SameSite=None; Secure'],
  ['x-comma', 'one, two'],
  ['content-type', 'text/plain'],
  ['x-latin', 'caf\u00e9'],
];

describe('HTTP client over HTTP/2', () => {
  it('keeps repeated fields as separate fields, in order, exactly as over HTTP/1.1', async () => {
    const { h2, h1 } = await rawPair({ status: 302, fields: REPEATED, body: 'moved' });
    const overH2 = await fetchOnce(`https://127.0.0.1:${h2.port}/`);
    const overH1 = await fetchOnce(`https://127.0.0.1:${h1.port}/`);
    expect(overH2.tls?.alpn).toBe('h2');
    expect(overH1.tls?.alpn).toBe('http/1.1');
    expect(overH2.status).toBe(302);
    // The HTTP/1.1 side also carries the content-length the raw server adds; nothing else differs.
    expect(overH1.headers.filter(([n]) => n !== 'content-length')).toEqual(REPEATED);
    expect(overH2.headers).toEqual(REPEATED);
    expect(overH2.body).toBe(overH1.body);
  });

  it('gives the HTTP probe and every check the same evidence and findings as HTTP/1.1', async () => {
    const fields = REPEATED.filter(([n]) => n !== 'location' && n !== 'content-type');
    const { h2, h1 } = await rawPair({ status: 200, fields: [['content-type', 'text/html'], ...fields], body: '<!doctype html><title>lab</title>' });
    const run = async (port: number) => {
      const { evidence, report } = await scan(`https://127.0.0.1:${port}/`, { allowPrivate: true, ca: [ca.certPem], probes: ['http', 'cors'], timeoutMs: 3000 });
      const hops = evidence.http!.status === 'ok' ? evidence.http!.data.https.hops : [];
      return {
        hops: hops.map((h) => ({ status: h.status, headers: h.headers.filter(([n]) => n !== 'content-length'), body: h.body, authorized: h.tls?.authorized })),
        findings: report.findings.map((f) => ({ id: f.id, evidence: f.evidence.replaceAll(String(port), 'PORT') })).sort((a, b) => a.id.localeCompare(b.id)),
      };
    };
    const [viaH2, viaH1] = [await run(h2.port), await run(h1.port)];
    expect(viaH2.hops.length).toBeGreaterThan(0);
    expect(viaH2).toEqual(viaH1);
    // The duplicates reached the checks: conflicting HSTS and ACAO are judged, not a joined string.
    expect(viaH2.hops[0]!.headers.filter(([n]) => n === 'strict-transport-security')).toHaveLength(2);
  });

  it('multiplexes on one connection, at most `maxStreams` requests at once', async () => {
    let active = 0;
    let peak = 0;
    const server = http2.createSecureServer({ key: cert.keyPem, cert: cert.chainPem });
    server.on('stream', (stream) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        stream.respond({ ':status': 200 });
        stream.end('ok');
      }, 30);
    });
    let connections = 0;
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push({ close: () => new Promise<void>((r) => server.close(() => r())) });
    const ctx = createNetContext({ allowPrivate: true, ca: [ca.certPem], timeoutMs: 3000, maxStreams: 5 });
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const all = await Promise.all(Array.from({ length: 20 }, () => ctx.http.request({ url })));
    await ctx.close();
    expect(all.every((x) => x.status === 200 && x.body === 'ok' && x.tls?.alpn === 'h2')).toBe(true);
    expect(connections).toBe(1);
    expect(peak).toBe(5);
  });

  it('carries a whole scan of an HTTP/2 site on one https connection', async () => {
    const site = await startRttSite({ h2: true, ca });
    servers.push(site);
    const https: number[] = [];
    const { report } = await scan(`http://${RTT_HOST}:${site.port}/`, {
      allowPrivate: true,
      resolve: [`${RTT_HOST}:${site.port}:127.0.0.1`],
      ca: [ca.certPem],
      probes: ['http', 'cors', 'exposure', 'wordpress'],
      timeoutMs: 5000,
      onConnect: (a) => (a.purpose === 'https' ? https.push(a.port) : undefined),
    });
    expect(report.unavailable).toEqual([]);
    expect(site.requests).toBeGreaterThan(60);
    expect(https).toHaveLength(1);
  });

  describe('against a node:http2 server', () => {
    let port = 0;
    beforeAll(async () => {
      const server = http2.createSecureServer({ key: cert.keyPem, cert: cert.chainPem });
      server.on('stream', (stream, headers) => {
        stream.on('error', () => undefined);
        const path = headers[':path'];
        if (path === '/big') {
          stream.respond({ ':status': 200 });
          stream.end(Buffer.alloc(100_000, 0x61));
        } else if (path === '/gzip') {
          stream.respond({ ':status': 200, 'content-encoding': 'gzip' });
          stream.end(zlib.gzipSync('<p>decoded</p>'));
        } else if (path === '/stall-body') {
          stream.respond({ ':status': 200 });
          stream.write('partial');
        } else if (path === '/reset') {
          stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
        } else if (path === '/echo') {
          stream.respond({ ':status': 200 });
          stream.end(JSON.stringify({ method: headers[':method'], ua: headers['user-agent'], authority: headers[':authority'] }));
        }
        // '/stall': never answered.
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      port = (server.address() as AddressInfo).port;
      servers.push({
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            setTimeout(r, 200).unref();
          }),
      });
    });
    const at = (path: string) => `https://localhost:${port}${path}`;

    it('caps the body and says why it was cut', async () => {
      const x = await fetchOnce(at('/big'), {}, { bodyLimit: 10_000 });
      expect(x).toMatchObject({ bodyTruncated: true, truncatedBy: 'size_cap' });
      expect(x.body.length).toBe(10_000);
    });
    it('decodes a compressed body', async () => {
      const x = await fetchOnce(at('/gzip'));
      expect(x.body).toBe('<p>decoded</p>');
      expect(x.encoding).toMatchObject({ name: 'gzip', outcome: 'decoded' });
    });
    it('keeps a stalled body and times out a request with no answer', async () => {
      const stalled = await fetchOnce(at('/stall-body'), {}, { timeoutMs: 300 });
      expect(stalled).toMatchObject({ body: 'partial', bodyTruncated: true, truncatedBy: 'stalled' });
      await expect(fetchOnce(at('/stall'), {}, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    });
    it('stops on abort and explains a reset stream in words', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await expect(fetchOnce(at('/stall'), {}, { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
      const reset = fetchOnce(at('/reset'));
      await expect(reset).rejects.toThrow(/refused the HTTP\/2 stream|reset the HTTP\/2 stream/);
      await expect(reset).rejects.not.toThrow(/NGHTTP2|ERR_/);
    });
    it('records an unverified certificate instead of failing, and sends our request fields', async () => {
      const x = await fetchOnce(at('/echo'), { ca: [] });
      expect(x.tls).toMatchObject({ authorized: false, alpn: 'h2' });
      expect(x.tls?.authorizationError).toBeTruthy();
      expect(JSON.parse(x.body)).toMatchObject({ method: 'GET', ua: expect.stringContaining('Scorifya'), authority: `localhost:${port}` });
      expect(x.remoteAddress).toBe('127.0.0.1');
    });
    it('refuses at connect time without opening a socket', async () => {
      const seen: string[] = [];
      const ctx = createNetContext({ timeoutMs: 2000, onConnect: (a) => seen.push(a.address) });
      await expect(ctx.http.request({ url: `https://127.0.0.1:${port}/echo` })).rejects.toMatchObject({ code: 'TARGET_REFUSED' });
      await ctx.close();
      expect(seen).toEqual([]);
    });
  });
});
