/**
 * The API takes exactly what it documents: JSON bodies only (415), no coercion and no unknown fields
 * (400), problem+json for every refusal including the framework's own, and unsubscribe tokens checked.
 * Accepted scans are queued but never run (concurrency 0; the scan function would fail at once and DNS
 * would go to a closed loopback port), and targets are 127.0.0.1 literals: nothing leaves the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createServer, type Server } from '../../src/server/app.js';
import { ScanRequest } from '../../src/server/api-schemas.js';
import { parseTargetInput } from '../../src/engine/inputs.js';
import { probeKeys } from '../../src/engine/scan.js';
import { availableTools } from '../../src/server/tools.js';

let server: Server;
beforeAll(async () => {
  server = await createServer(
    {
      db: ':memory:',
      logger: false,
      allowPrivate: true,
      cooldownSeconds: 0,
      concurrency: 0,
      dnsServers: ['127.0.0.1:9'],
      maxQueued: 100_000,
      scanRateLimit: { max: 100_000, windowMs: 60_000 },
      requestRateLimit: { max: 100_000, windowMs: 60_000 },
    },
    {
      scan: async () => {
        throw new Error('this test never scans');
      },
    },
  );
});
afterAll(() => server.close());

const postRaw = (payload: string, contentType?: string) =>
  server.app.inject({ method: 'POST', url: '/api/v1/scans', payload, headers: contentType ? { 'content-type': contentType } : {} });

const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const doc = JSON.parse(res.body);
  expect(doc).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  return doc as { type: string; detail?: string; instance?: string };
};

describe('bodies: JSON only, exactly the schema', () => {
  it('refuses what a cross-site form can send (415), and a body without a type', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'application/jsonx']) {
      const doc = expectProblem(await postRaw('url=http://127.0.0.1:9/', type), 415);
      expect(doc.type).toBe('/problems/unsupported-media-type');
    }
    expectProblem(await postRaw('{"url":"http://127.0.0.1:9/"}'), 415);
    expect((await postRaw('{"url":"http://127.0.0.1:9/"}', 'Application/JSON; charset=utf-8')).statusCode).toBe(202);
  });

  it('does not coerce: a number, an array or a boolean where a string goes is 400', async () => {
    for (const body of ['{"url":123}', '{"url":["http://127.0.0.1:9/"]}', '{"url":true}', '{"url":"http://127.0.0.1:9/","probes":"headers"}', '{"url":"http://127.0.0.1:9/","cookie":1}']) {
      expect(expectProblem(await postRaw(body, 'application/json'), 400).type).toBe('/problems/validation');
    }
  });

  it('names an unknown field, __proto__ and constructor included (data, not "invalid JSON")', async () => {
    for (const key of ['x', '__proto__', 'constructor']) {
      const doc = expectProblem(await postRaw(`{"url":"http://127.0.0.1:9/","${key}":{"polluted":true}}`, 'application/json'), 400);
      expect(doc.detail).toContain(`unknown field \`${key}\``);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(expectProblem(await postRaw('{"url":', 'application/json'), 400).type).toBe('/problems/invalid-json');
  });
});

describe("the framework's own refusals are problem documents", () => {
  it('404, a bad percent-encoding (400) and an over-long path part (414), without echoing the path', async () => {
    expectProblem(await server.app.inject({ url: '/api/v1/nothing-here' }), 404);
    const bad = expectProblem(await server.app.inject({ url: '/api/v1/scans/%E0%A4%A' }), 400);
    expect(bad.instance).toBeUndefined();
    expect(JSON.stringify(bad)).not.toMatch(/FST_|%E0/);
    const long = expectProblem(await server.app.inject({ url: `/api/v1/scans/${'a'.repeat(5000)}` }), 414);
    expect(JSON.stringify(long)).not.toContain('aaaa');
  });

  it('431 for headers larger than Node takes, over a real socket', async () => {
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/api/v1/checks`, { headers: { 'x-big': 'a'.repeat(20_000) } });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
  });
});

describe('unsubscribe tokens', () => {
  it('a malformed or unknown token is 404, never "Alerts stopped"; a real one stops the watch once', async () => {
    for (const path of ['/unsubscribe/%00', '/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAA']) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await server.app.inject({ method, url: path, headers: { accept: 'text/html' } });
        expect(res.statusCode, `${method} ${path}`).toBe(404);
        expect(res.body).not.toContain('Alerts stopped');
      }
    }
    const w = await server.monitor.create({ url: 'http://127.0.0.1:9/', interval: 'weekly', webhookUrl: 'http://127.0.0.1:9/hook', email: '' });
    const url = `/unsubscribe/${w.unsubscribe_token}`;
    expect((await server.app.inject({ url, headers: { accept: 'text/html' } })).body).toContain('Stop watching');
    const stopped = await server.app.inject({ method: 'POST', url, headers: { accept: 'text/html' } });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.body).toContain('Alerts stopped');
    expect((await server.app.inject({ method: 'POST', url, headers: { accept: 'text/html' } })).statusCode).toBe(404);
  });
});

// Bodies that are mostly right with at most a couple of fields wrong (a value a lax validator would
// coerce, any other JSON value, an unknown or poisonous key), plus any JSON document at all. URL strings
// are 127.0.0.1 literals or never parse as a target, so no name is ever resolved.
const PROBES = probeKeys();
const TOOLS = availableTools().map((t) => t.id);
const anyJson = fc.jsonValue({ maxDepth: 2 });
const coercible = fc.constantFrom<unknown>(123, 0, true, false, null, '', '1', 'true', ['http://127.0.0.1:9/'], [PROBES[0]], PROBES[0], { url: 'x' });
const wrong = fc.oneof(coercible, anyJson);
const goodValue: Record<string, fc.Arbitrary<unknown>> = {
  url: fc.oneof(
    { weight: 6, arbitrary: fc.string({ maxLength: 40 }).map((s) => `http://127.0.0.1:9/${encodeURIComponent(s)}`) },
    { weight: 1, arbitrary: fc.constantFrom('', 'javascript:alert(1)', 'ftp://127.0.0.1/', '127.0.0.1', `http://127.0.0.1:9/${'a'.repeat(2100)}`) },
  ),
  tool: fc.constantFrom(...TOOLS),
  probes: fc.oneof(fc.uniqueArray(fc.constantFrom(...PROBES), { minLength: 1 }), fc.array(fc.constantFrom(...PROBES), { maxLength: 3 })),
  headers: fc.array(fc.constantFrom('X-Test: 1', 'Authorization: Bearer t', 'Host: evil', 'Bad\u0000: x'), { maxLength: 3 }),
  cookie: fc.constantFrom('a=1', '', 'b=2; c=3'),
};
type Entry = readonly [string, unknown];
const fields = Object.keys(goodValue);
const goodEntries = fc
  .subarray(fields.slice(1), { maxLength: 2 })
  .chain((keys) => fc.tuple(...['url', ...keys].map((k) => goodValue[k]!.map((v): Entry => [k, v]))));
const mutation = fc.oneof(
  fc.tuple(fc.constantFrom(...fields), wrong),
  fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'URL', 'url ', 'allowPrivate'), fc.string({ maxLength: 8 })), anyJson),
);
const objectText = fc
  .tuple(goodEntries, fc.array(mutation, { maxLength: 2 }), fc.boolean())
  .map(([good, bad, dropUrl]) => (dropUrl && bad.length ? good.slice(1) : good).concat(bad as Entry[]))
  .map((es) => `{${es.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
/** JSON text written by hand so that `__proto__` and duplicate keys reach the server as sent. */
const bodyText = fc.oneof({ weight: 6, arbitrary: objectText }, { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) });

describe('property: any JSON body is taken exactly as the schema says, or refused with a 400 problem', () => {
  it('never a 500, never coercion', async () => {
    await fc.assert(
      fc.asyncProperty(bodyText, async (text) => {
        const res = await postRaw(text, 'application/json');
        expect(res.statusCode, res.body).toBeLessThan(500);
        const parsed = ScanRequest.safeParse(JSON.parse(text));
        if (!parsed.success) {
          expect(expectProblem(res, 400).type).toBe('/problems/validation');
          return;
        }
        const body = parsed.data;
        if (body.tool && body.probes) {
          expect(expectProblem(res, 400).type).toBe('/problems/validation');
          return;
        }
        if (res.statusCode === 422) {
          expectProblem(res, 422);
          return;
        }
        expect([200, 202], res.body).toContain(res.statusCode);
        const scan = res.json();
        expect(scan.url).toBe(parseTargetInput(body.url).url);
        expect(scan.tool).toBe(body.tool ?? null);
        expect(scan.probes).toEqual(body.probes ? [...new Set(body.probes)].sort() : null);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
