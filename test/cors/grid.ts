/**
 * The generated CORS grid shared by the Chromium proof and the simulator: server behaviours
 * (what the API answers) × client requests (what the page's fetch() asks). `respondFor` is the one
 * definition of the server's behaviour; the loopback servers and the simulator's Responder both call it,
 * so any disagreement is the simulator's fault, not the harness's.
 */
import type { RawHeader } from '../../src/model/http.js';
import type { CredentialsMode, SentRequest, SimResponse } from '../../src/cors/index.js';

export interface ServerSpec {
  /** ACAO policy: none, reflect the Origin, '*', 'null', the page origin exactly, or a literal variant. */
  acao: 'none' | 'reflect' | '*' | ' * ' | 'null' | 'page' | 'page/' | 'PAGE' | 'list' | 'two' | 'other' | 'reflect+null';
  acac: 'none' | 'true' | 'True' | 'false' | 'two';
  acam: 'none' | 'PUT' | 'put' | 'PATCH' | '*' | 'PUT, DELETE, PATCH' | 'GET' | 'Bad method' | '*, PUT' | 'patch';
  acah: 'wide' | 'none' | 'x-custom' | '*' | 'authorization' | '*, authorization' | 'X-Custom, content-type' | 'bad name' | 'range, accept, accept-language';
  preflightStatus: 200 | 204 | 404 | 500;
  /** Whether the preflight carries ACAO/ACAC like the actual response or none at all. */
  preflightCors: boolean;
  status: 200 | 404 | 500;
  aceh: 'none' | 'x-a' | '*' | 'X-A, x-b' | 'bad value';
  maxAge: 'none' | '60' | '86400' | 'junk';
  vary: boolean;
  /** none; 307 to another path on the API; 307/302/303 to a third origin; 307 back to the page's origin. */
  redirect: 'none' | 'same' | 'third' | 'page' | 'third-302' | 'third-303';
}

export interface ClientSpec {
  method: string;
  headers: RawHeader[];
  credentials: CredentialsMode;
  body: boolean;
}

export interface GridCase {
  id: string;
  server: ServerSpec;
  client: ClientSpec;
}

export interface Origins {
  page: string;
  api: string;
  third: string;
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Small deterministic PRNG so the grid is the same on every run (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER_SETS: RawHeader[][] = [
  [],
  [['content-type', 'text/plain;charset=utf-8']],
  [['content-type', 'application/json']],
  [['content-type', 'multipart/form-data; boundary=x']],
  [['content-type', 'text/plain, application/json']],
  [['content-type', ' TEXT/PLAIN ']],
  [['x-custom', '1']],
  [['authorization', 'Bearer t']],
  [['authorization', 'Bearer t'], ['content-type', 'application/json']],
  [['accept', 'application/json']],
  [['accept', 'text/html"']],
  [['accept-language', 'en-US,en;q=0.9']],
  [['accept-language', 'x'.repeat(129)]],
  [['content-language', 'de (at)']],
  [['range', 'bytes=0-']],
  [['range', 'bytes=5-2']],
  [['range', 'bytes=-5']],
  [['accept', 'a'.repeat(128)], ['accept-language', 'b'.repeat(128)], ['content-language', 'c'.repeat(128)]],
  [['accept', 'a'.repeat(128)], ['accept-language', 'b'.repeat(128)], ['content-language', 'c'.repeat(128)], ['content-type', 'text/plain;' + 'd'.repeat(117)], ['range', 'bytes=0-' + '1'.repeat(100)], ['x-pad', '1']],
  [['accept', 'a'.repeat(120)], ['accept-language', 'b'.repeat(120)], ['content-language', 'c'.repeat(120)], ['content-type', 'text/plain;' + 'd'.repeat(110)], ['range', 'bytes=0-' + '1'.repeat(110)], ['accept', 'e'.repeat(120)], ['content-language', 'f'.repeat(120)]],
  [['X-Custom', 'a'], ['x-other', 'b']],
];

// A lower-case `patch` is left out: fetch() sends it as is, and Node's HTTP parser (our lab server)
// rejects lower-case methods, so it would test the server, not the browser. `put` is normalised to PUT.
const METHODS = ['GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'PATCH', 'put', 'OPTIONS'];

export function generateGrid(count: number, seed = 4): GridCase[] {
  const rand = prng(seed);
  const cases: GridCase[] = [];
  for (let i = 0; i < count; i++) {
    const server: ServerSpec = {
      acao: pick(rand, ['none', 'reflect', 'reflect', 'reflect', 'reflect', 'reflect', '*', '*', '*', 'page', 'page', ' * ', 'null', 'page', 'page', 'page/', 'PAGE', 'list', 'two', 'other', 'reflect+null'] as const),
      acac: pick(rand, ['none', 'true', 'true', 'true', 'true', 'True', 'false', 'two'] as const),
      acam: pick(rand, ['PUT, DELETE, PATCH', 'PUT, DELETE, PATCH', '*', 'none', 'PUT', 'put', 'PATCH', '*', 'PUT, DELETE, PATCH', 'GET', 'Bad method', '*, PUT', 'patch'] as const),
      acah: pick(rand, ['wide', 'wide', 'X-Custom, content-type', 'x-custom', '*', '*, authorization', 'none', 'authorization', '*, authorization', 'X-Custom, content-type', 'bad name', 'range, accept, accept-language'] as const),
      preflightStatus: pick(rand, [200, 200, 200, 204, 204, 404, 500] as const),
      preflightCors: rand() < 0.9,
      status: pick(rand, [200, 200, 404, 500] as const),
      aceh: pick(rand, ['none', 'x-a', '*', 'X-A, x-b', 'bad value'] as const),
      maxAge: pick(rand, ['none', '60', '86400', 'junk'] as const),
      vary: rand() < 0.5,
      redirect: pick(rand, ['none', 'none', 'none', 'none', 'same', 'third', 'page', 'third-302', 'third-303'] as const),
    };
    // A third of the servers are coherent, permissive APIs, so that enough cases are readable to also
    // compare status codes, exposed headers and redirects, not only refusals.
    if (rand() < 0.33) Object.assign(server, { acao: 'reflect', acac: 'true', acam: 'PUT, DELETE, PATCH', acah: 'wide', preflightStatus: 200, preflightCors: true });
    const method = pick(rand, METHODS);
    const client: ClientSpec = {
      method,
      headers: rand() < 0.4 ? [] : pick(rand, HEADER_SETS),
      credentials: pick(rand, ['omit', 'same-origin', 'include', 'include'] as const),
      body: method !== 'GET' && method !== 'HEAD' && rand() < 0.5,
    };
    cases.push({ id: `c${i}`, server, client });
  }
  return cases;
}

function headerOf(headers: readonly RawHeader[], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** The API's behaviour for one case: pure, so the simulator can call it too. Paths: /c/<id>/start, /c/<id>/end. */
export function respondFor(spec: ServerSpec, origins: Origins, req: { method: string; path: string; headers: readonly RawHeader[] }): SimResponse {
  const origin = headerOf(req.headers, 'origin');
  const headers: RawHeader[] = [];
  const preflight = req.method === 'OPTIONS' && headerOf(req.headers, 'access-control-request-method') !== undefined;
  const cors = !preflight || spec.preflightCors;
  if (cors) {
    switch (spec.acao) {
      case 'none':
        break;
      case 'reflect':
        if (origin !== undefined) headers.push(['Access-Control-Allow-Origin', origin]);
        break;
      case 'reflect+null':
        headers.push(['Access-Control-Allow-Origin', origin === 'null' ? 'null' : origins.page]);
        break;
      case '*':
      case ' * ':
      case 'null':
        headers.push(['Access-Control-Allow-Origin', spec.acao]);
        break;
      case 'page':
        headers.push(['Access-Control-Allow-Origin', origins.page]);
        break;
      case 'page/':
        headers.push(['Access-Control-Allow-Origin', `${origins.page}/`]);
        break;
      case 'PAGE':
        headers.push(['Access-Control-Allow-Origin', origins.page.toUpperCase()]);
        break;
      case 'list':
        headers.push(['Access-Control-Allow-Origin', `${origins.page} ${origins.third}`]);
        break;
      case 'two':
        headers.push(['Access-Control-Allow-Origin', origins.page], ['Access-Control-Allow-Origin', origins.page]);
        break;
      case 'other':
        headers.push(['Access-Control-Allow-Origin', origins.third]);
        break;
    }
    if (spec.acac === 'two') headers.push(['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Credentials', 'true']);
    else if (spec.acac !== 'none') headers.push(['Access-Control-Allow-Credentials', spec.acac]);
  }
  if (spec.vary) headers.push(['Vary', 'Origin']);
  if (preflight) {
    if (spec.acam !== 'none') headers.push(['Access-Control-Allow-Methods', spec.acam]);
    if (spec.acah === 'wide') headers.push(['Access-Control-Allow-Headers', 'X-Custom, x-other, content-type, Authorization, range, accept, accept-language, content-language, x-pad']);
    else if (spec.acah !== 'none') headers.push(['Access-Control-Allow-Headers', spec.acah]);
    if (spec.maxAge !== 'none') headers.push(['Access-Control-Max-Age', spec.maxAge]);
    return { status: spec.preflightStatus, headers };
  }
  if (req.path.endsWith('/start') && spec.redirect !== 'none') {
    const end = req.path.replace(/\/start$/, '/end');
    const status = spec.redirect === 'third-302' ? 302 : spec.redirect === 'third-303' ? 303 : 307;
    const target = spec.redirect === 'same' ? origins.api : spec.redirect === 'page' ? origins.page : origins.third;
    headers.push(['Location', `${target}${end}`]);
    return { status, headers };
  }
  headers.push(['X-A', 'a'], ['X-B', 'b'], ['Content-Type', 'text/plain']);
  if (spec.aceh !== 'none') headers.push(['Access-Control-Expose-Headers', spec.aceh]);
  return { status: spec.status, headers };
}

/** The simulator's view of the same servers. */
export function responderFor(spec: ServerSpec, origins: Origins): (sent: SentRequest) => SimResponse {
  return (sent) => respondFor(spec, origins, { method: sent.method, path: new URL(sent.url).pathname, headers: sent.headers });
}
