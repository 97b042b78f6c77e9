/**
 * Table tests for the simulator. Rows restate the cases of the web-platform-tests CORS suites
 * (cors/origin.htm, cors/credentials-flag.htm, cors/cors-safelisted-request-header, fetch/api/cors/
 * cors-preflight-star, not-cors-safelisted.json, cors-expose-star) as (request, response) → outcome.
 */
import { describe, expect, it } from 'vitest';
import type { RawHeader } from '../../src/model/http.js';
import { CHROMIUM, FETCH_STANDARD, FIREFOX, corsUnsafeRequestHeaderNames, simulate, type CredentialsMode, type SentRequest, type SimResponse } from '../../src/cors/index.js';

const PAGE = 'http://web.test:8000';
const API = 'http://api.test:8001/resource';

function run(opts: {
  acao?: string[];
  acac?: string;
  method?: string;
  headers?: RawHeader[];
  credentials?: CredentialsMode;
  preflight?: RawHeader[];
  preflightStatus?: number;
  extra?: RawHeader[];
  profile?: typeof CHROMIUM;
}) {
  const cors: RawHeader[] = [...(opts.acao ?? []).map((v): RawHeader => ['Access-Control-Allow-Origin', v])];
  if (opts.acac !== undefined) cors.push(['Access-Control-Allow-Credentials', opts.acac]);
  return simulate(
    { origin: PAGE, url: API, method: opts.method, headers: opts.headers, credentials: opts.credentials },
    (sent: SentRequest): SimResponse =>
      sent.kind === 'preflight'
        ? { status: opts.preflightStatus ?? 200, headers: [...cors, ...(opts.preflight ?? [])] }
        : { status: 200, headers: [...cors, ...(opts.extra ?? [])] },
    { profile: opts.profile ?? CHROMIUM },
  );
}

describe('ACAO values (WPT cors/origin.htm)', () => {
  const pass = [PAGE, ` ${PAGE}`, `${PAGE} `, `\t${PAGE}`, '*', ' *  ', '\t*\t'];
  const fail = [
    `${PAGE}/`, `${PAGE}:80`, 'http://web.test', 'https://web.test:8000', 'HTTP://WEB.TEST:8000', 'http://WEB.test:8000',
    'http://web.test:8000 web.test', `${PAGE}, *`, `*, ${PAGE}`, 'null', 'NULL', '*.web.test', 'http://*.web.test:8000', '',
    ' ', `${PAGE}\u0000`, 'http://web.test:8000.', 'web.test:8000', '//web.test:8000', '://web.test:8000', 'http://web.test.:8000',
    'http://web.test:08000', `${PAGE}/path`, `${PAGE}?q`, `${PAGE}#x`, '"*"', `"${PAGE}"`, '**', '* *', 'http://api.test:8001',
  ];
  it.each(pass)('passes for %j', (acao) => expect(run({ acao: [acao] }).allowed).toBe(true));
  it.each(fail)('fails for %j', (acao) => expect(run({ acao: [acao] }).allowed).toBe(false));
  it.each([
    [PAGE, PAGE],
    ['*', '*'],
    ['*', PAGE],
    [PAGE, '*'],
    ['', PAGE],
    [PAGE, ''],
  ])('two ACAO headers %j + %j fail', (a, b) => {
    const verdict = run({ acao: [a, b] });
    expect(verdict.allowed).toBe(false);
    expect(verdict.blocked?.code).toBe('ACAO_MULTIPLE');
  });
});

describe('credentials (WPT cors/credentials-flag.htm, Fetch legality table)', () => {
  it.each(['TRUE', 'True', '"true"', 'false', '1', '0', 'true, true', 'yes'])('ACAC %j fails a credentialed request', (acac) => {
    expect(run({ acao: [PAGE], acac, credentials: 'include' }).allowed).toBe(false);
  });
  it('ACAC true with the exact origin passes and says cookies go along', () => {
    const v = run({ acao: [PAGE], acac: 'true', credentials: 'include' });
    expect(v.allowed).toBe(true);
    expect(v.credentialsSent).toBe(true);
    expect(v.reason).toContain("with the user's cookies");
  });
  it('ACAC " true " is trimmed like any header value', () => expect(run({ acao: [PAGE], acac: ' true ', credentials: 'include' }).allowed).toBe(true));
  it('"*" with credentials fails even with ACAC true', () => {
    const v = run({ acao: ['*'], acac: 'true', credentials: 'include' });
    expect(v.blocked?.code).toBe('ACAO_WILDCARD_WITH_CREDENTIALS');
  });
  it('missing ACAC fails a credentialed request', () => expect(run({ acao: [PAGE], credentials: 'include' }).blocked?.code).toBe('ACAC_MISSING'));
  it('ACAC is irrelevant without credentials', () => expect(run({ acao: [PAGE], acac: 'nonsense', credentials: 'omit' }).allowed).toBe(true));
});

describe('safelisted request headers (WPT cors-safelisted-request-header, not-cors-safelisted.json)', () => {
  const noPreflight: RawHeader[] = [
    ['content-type', 'text/plain'], ['content-type', 'text/plain;charset=utf-8'], ['content-type', 'Text/Plain'],
    ['content-type', 'text/plain ;charset=x'], ['content-type', 'multipart/form-data; boundary=x'],
    ['content-type', 'application/x-www-form-urlencoded'], ['content-type', 'text/plain;garbage'],
    ['accept', '*/*'], ['accept', 'text/html, application/xml;q=0.9'], ['accept', 'a'.repeat(128)],
    ['accept-language', 'en-US,en;q=0.9'], ['content-language', 'de-AT'], ['accept-language', '*'],
    ['range', 'bytes=0-'], ['range', 'bytes=0-10'], ['range', 'bytes=10-10'], ['range', 'BYTES=1-2'],
  ];
  const preflight: RawHeader[] = [
    ['content-type', 'application/json'], ['content-type', 'text/html'], ['content-type', 'text/plain, application/json'],
    ['content-type', 'text/plain;"'], ['content-type', 'text'], ['content-type', '/plain'], ['content-type', 'text/plain;' + 'x'.repeat(118)],
    ['content-type', 'text /plain'], ['accept', '"'], ['accept', '{}'], ['accept', 'a'.repeat(129)], ['accept', 'x\u0001'],
    ['accept-language', '\u0001'], ['accept-language', '@'], ['accept-language', 'en_US'], ['content-language', '@'], ['content-language', 'de (at)'],
    ['range', 'bytes=-500'], ['range', 'bytes=5-2'], ['range', 'bytes=0-10,20-30'], ['range', 'bytes = 0-10'], ['range', 'bytes 0-'],
    ['range', 'bytes=-'], ['range', 'items=0-10'], ['range', 'bytes=0-99999999999999999999'],
    ['authorization', 'Bearer x'], ['x-custom', '1'], ['last-event-id', '1'], ['dpr', '2'], ['save-data', 'on'],
  ];
  it.each(noPreflight)('%s: %j needs no preflight', (name, value) => {
    expect(corsUnsafeRequestHeaderNames([[name, value]])).toEqual([]);
  });
  it.each(preflight)('%s: %j needs a preflight', (name, value) => {
    expect(corsUnsafeRequestHeaderNames([[name, value]])).toEqual([name]);
  });
  it('more than 1024 bytes of safelisted values make all of them unsafe', () => {
    const h: RawHeader[] = [['accept', 'a'.repeat(128)], ['accept-language', 'b'.repeat(128)], ['content-language', 'c'.repeat(128)]];
    expect(corsUnsafeRequestHeaderNames(h)).toEqual([]);
    // Duplicates combine into one value ("a, b"), so pushing past 1024 takes long combined values.
    const big: RawHeader[] = [
      ['accept', 'a'.repeat(120)], ['accept', 'b'.repeat(120)], // combined 242 bytes: over 128, unsafe by itself
      ['accept-language', 'c'.repeat(128)], ['content-language', 'd'.repeat(128)],
    ];
    expect(corsUnsafeRequestHeaderNames(big)).toEqual(['accept']);
  });
  it('the 1024-byte total counts only safelisted values', () => {
    const h: RawHeader[] = [];
    for (const n of ['accept', 'accept-language', 'content-language']) h.push([n, 'a'.repeat(128)]);
    h.push(['content-type', `text/plain;${'x'.repeat(117)}`], ['range', `bytes=0-${'1'.repeat(18)}`]);
    expect(corsUnsafeRequestHeaderNames(h)).toEqual([]); // 128*4 + 26 = 538 bytes
    h.push(['x-big', 'z'.repeat(2000)]); // unsafe values do not count towards 1024
    expect(corsUnsafeRequestHeaderNames(h)).toEqual(['x-big']);
  });
  it('over 1024 safelisted bytes in total, every safelisted name joins the list (standard reading)', () => {
    const repeated: RawHeader[] = Array.from({ length: 9 }, (): RawHeader => ['accept', 'a'.repeat(120)]);
    expect(corsUnsafeRequestHeaderNames([...repeated, ['content-language', 'x']], { combineDuplicates: false })).toEqual(['accept', 'content-language']);
    expect(corsUnsafeRequestHeaderNames(repeated.slice(0, 8), { combineDuplicates: false })).toEqual([]); // 960 bytes
    // Chromium joins the repeats into one 1094-byte value, unsafe on its own length.
    expect(corsUnsafeRequestHeaderNames([...repeated, ['content-language', 'x']])).toEqual(['accept']);
  });
  it('names are lower-cased, unique and sorted in Access-Control-Request-Headers', () => {
    const v = run({ headers: [['X-B', '1'], ['x-a', '2'], ['Content-Type', 'application/json']], acao: [PAGE], preflight: [['Access-Control-Allow-Headers', '*']] });
    expect(v.sent[0]!.headers).toContainEqual(['access-control-request-headers', 'content-type,x-a,x-b']);
    expect(v.allowed).toBe(true);
  });
});

describe('preflight with "*" (WPT fetch/api/cors/cors-preflight-star)', () => {
  // [succeeds, credentials, Allow-Methods, Allow-Headers, method, request header names]
  const rows: [boolean, boolean, string, string, string, string[]][] = [
    [true, false, '*', '*', 'SUPER', ['X-Test']],
    [false, true, '*', '*', 'SUPER', ['X-Test']],
    [false, true, '*', 'X-Test', 'SUPER', ['X-Test']],
    [false, true, 'SUPER', '*', 'SUPER', ['X-Test']],
    [true, true, 'SUPER', 'X-Test', 'SUPER', ['X-Test']],
    [true, false, '*', '', 'PUT', []],
    [true, false, 'PUT', '*', 'PUT', ['X-Test', 'X-Other']],
    [false, false, '*', '*', 'GET', ['Authorization']],
    [true, false, 'GET', '*, Authorization', 'GET', ['Authorization', 'X-Test']],
    [true, false, '*, SUPER', 'x-test', 'SUPER', ['X-Test']],
    [false, false, 'PUT', '*', 'DELETE', []],
    [true, true, 'PUT', 'authorization', 'PUT', ['Authorization']],
  ];
  it.each(rows)('succeeds=%s credentials=%s methods=%j headers=%j → %s %j', (ok, creds, methods, allowHeaders, method, names) => {
    const v = run({
      acao: [creds ? PAGE : '*'],
      acac: creds ? 'true' : undefined,
      credentials: creds ? 'include' : 'omit',
      method,
      headers: names.map((n): RawHeader => [n, 'v']),
      preflight: [['Access-Control-Allow-Methods', methods], ['Access-Control-Allow-Headers', allowHeaders]],
      profile: FETCH_STANDARD,
    });
    expect(v.allowed).toBe(ok);
    if (!ok) expect(v.blocked?.stage).toBe('preflight');
  });
  it('Chromium (measured) lets "*" admit Authorization without credentials, and says so', () => {
    const ask = (profile: typeof CHROMIUM, credentials: CredentialsMode) =>
      run({ acao: [PAGE], acac: 'true', credentials, headers: [['Authorization', 'x']], preflight: [['Access-Control-Allow-Headers', '*']], profile });
    expect(ask(CHROMIUM, 'omit').allowed).toBe(true);
    expect(ask(CHROMIUM, 'omit').notes.join(' ')).toContain('the Fetch standard and Firefox require Authorization to be listed');
    expect(ask(CHROMIUM, 'include').blocked?.code).toBe('AUTHORIZATION_NOT_ALLOWED');
    expect(ask(FIREFOX, 'omit').blocked?.code).toBe('AUTHORIZATION_NOT_ALLOWED');
  });
});

describe('preflight details (WPT cors-preflight, cors-preflight-response-validation, cors-preflight-status)', () => {
  const withPf = (preflight: RawHeader[], method = 'PUT', headers: RawHeader[] = [], status = 200) =>
    run({ acao: [PAGE], method, headers, preflight, preflightStatus: status });
  it.each([200, 204, 299])('status %i is ok', (s) => expect(withPf([['Access-Control-Allow-Methods', 'PUT']], 'PUT', [], s).allowed).toBe(true));
  it.each([199, 300, 301, 400, 401, 403, 404, 500, 502])('status %i fails', (s) => {
    expect(withPf([['Access-Control-Allow-Methods', 'PUT']], 'PUT', [], s).blocked?.code).toBe('PREFLIGHT_STATUS');
  });
  it('method names compare case-sensitively after fetch() normalisation', () => {
    expect(withPf([['Access-Control-Allow-Methods', 'put']], 'put').allowed).toBe(false); // put → PUT
    expect(withPf([['Access-Control-Allow-Methods', 'PATCH']], 'patch').allowed).toBe(false); // patch stays patch
    expect(withPf([['Access-Control-Allow-Methods', 'patch']], 'patch').allowed).toBe(true);
    expect(withPf([['Access-Control-Allow-Methods', 'chicken']], 'chicken').allowed).toBe(true);
  });
  it('an unparseable list is a network error', () => {
    expect(withPf([['Access-Control-Allow-Methods', 'Bad method name']]).blocked?.code).toBe('PREFLIGHT_ALLOW_METHODS_INVALID');
    expect(withPf([['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'header name with space']]).blocked?.code).toBe('PREFLIGHT_ALLOW_HEADERS_INVALID');
  });
  it('header names compare case-insensitively; empty list elements are fine', () => {
    expect(withPf([['Access-Control-Allow-Methods', 'PUT,,'], ['Access-Control-Allow-Headers', ' , X-TEST ,']], 'PUT', [['x-test', '1']]).allowed).toBe(true);
  });
  it('safelisted methods need no Allow-Methods entry when a header forced the preflight', () => {
    expect(withPf([['Access-Control-Allow-Headers', 'x-test']], 'POST', [['x-test', '1']]).allowed).toBe(true);
  });
  it('Max-Age: default 5 s, browser caps, junk ignored', () => {
    const age = (v: string | undefined, profile = CHROMIUM) =>
      simulate({ origin: PAGE, url: API, method: 'PUT' }, (s) => ({
        status: 200,
        headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ...(v === undefined ? [] : [['Access-Control-Max-Age', v] as RawHeader])],
      }), { profile }).maxAge?.effective;
    expect(age(undefined)).toBe(5);
    expect(age('600')).toBe(600);
    expect(age('86400')).toBe(7200);
    expect(age('86400', FIREFOX)).toBe(86400);
    expect(age('-1')).toBe(5);
    expect(age('1e3')).toBe(5);
    expect(age('0')).toBe(0);
  });
  it('a preflight never carries credentials; the actual request does with include', () => {
    const v = run({ acao: [PAGE], acac: 'true', credentials: 'include', method: 'DELETE', preflight: [['Access-Control-Allow-Methods', 'DELETE']] });
    expect(v.sent.map((s) => [s.kind, s.withCredentials])).toEqual([['preflight', false], ['actual', true]]);
  });
});

describe('exposed headers (WPT cors-expose-star)', () => {
  const extra: RawHeader[] = [['X-A', '1'], ['X-B', '2'], ['Content-Type', 'text/plain'], ['Set-Cookie', 'a=b']];
  it('only safelisted response headers without Access-Control-Expose-Headers', () => {
    expect(run({ acao: ['*'], extra }).exposedHeaders).toEqual(['content-type']);
  });
  it('"*" exposes everything but Set-Cookie without credentials', () => {
    const v = run({ acao: ['*'], extra: [...extra, ['Access-Control-Expose-Headers', '*']] });
    expect(v.exposedHeaders).toEqual(['access-control-allow-origin', 'x-a', 'x-b', 'content-type', 'access-control-expose-headers']);
  });
  it('"*" is a literal name with credentials', () => {
    const v = run({ acao: [PAGE], acac: 'true', credentials: 'include', extra: [...extra, ['Access-Control-Expose-Headers', '*, x-b']] });
    expect(v.exposedHeaders).toEqual(['x-b', 'content-type']);
  });
});

describe('redirects and the null origin', () => {
  const chain = (final: RawHeader[], credentials: CredentialsMode = 'omit') =>
    simulate({ origin: PAGE, url: 'http://api.test:8001/start', credentials }, (s) =>
      s.url.endsWith('/start')
        ? { status: 302, headers: [['Access-Control-Allow-Origin', '*'], ['Location', 'http://other.test:8002/end']] }
        : { status: 200, headers: final });
  it('after a cross-origin redirect the Origin is "null"', () => {
    const v = chain([['Access-Control-Allow-Origin', PAGE]]);
    expect(v.sent[1]!.headers).toContainEqual(['origin', 'null']);
    expect(v.allowed).toBe(false);
    expect(chain([['Access-Control-Allow-Origin', 'null']]).allowed).toBe(true);
    expect(v.notes.join(' ')).toContain('Origin: null');
  });
  it('the redirect response itself must pass the CORS check', () => {
    const v = simulate({ origin: PAGE, url: 'http://api.test:8001/start' }, (s) =>
      s.url.endsWith('/start') ? { status: 307, headers: [['Location', '/end']] } : { status: 200, headers: [['Access-Control-Allow-Origin', '*']] });
    expect(v.blocked?.stage).toBe('redirect');
  });
  it('a same-origin page redirected cross-origin becomes a CORS request without the null taint', () => {
    const v = simulate({ origin: PAGE, url: `${PAGE}/start` }, (s) =>
      s.url.endsWith('/start') ? { status: 302, headers: [['Location', 'http://api.test:8001/end']] } : { status: 200, headers: [['Access-Control-Allow-Origin', PAGE]] });
    expect(v.allowed).toBe(true);
    expect(v.sent[1]!.headers).toContainEqual(['origin', PAGE]);
  });
  it('stops after 20 redirects and refuses userinfo', () => {
    const loop = simulate({ origin: PAGE, url: 'http://api.test:8001/x' }, () => ({ status: 302, headers: [['Access-Control-Allow-Origin', '*'], ['Location', '/x']] }));
    expect(loop.blocked?.code).toBe('TOO_MANY_REDIRECTS');
    const userinfo = simulate({ origin: PAGE, url: 'http://api.test:8001/x' }, () => ({ status: 302, headers: [['Access-Control-Allow-Origin', '*'], ['Location', 'http://u:p@api.test:8001/y']] }));
    expect(userinfo.blocked?.code).toBe('REDIRECT_WITH_CREDENTIALS');
  });
});

describe('other outcomes', () => {
  it('same-origin requests need no CORS headers', () => {
    const v = simulate({ origin: PAGE, url: `${PAGE}/a`, method: 'PUT', headers: [['x-a', '1']] }, () => ({ status: 200, headers: [] }));
    expect(v.allowed).toBe(true);
    expect(v.crossOrigin).toBe(false);
    expect(v.sent).toHaveLength(1);
  });
  it('forbidden headers are dropped, forbidden methods refused', () => {
    const v = run({ acao: ['*'], headers: [['Cookie', 'a=b'], ['Sec-Fetch-Mode', 'x']] });
    expect(v.allowed).toBe(true);
    expect(v.preflightReasons).toEqual([]);
    expect(v.notes.length).toBe(2);
    expect(run({ acao: ['*'], method: 'TRACE' }).blocked?.code).toBe('FORBIDDEN_METHOD');
  });
  it('no answer is a network error, explained', () => {
    const v = simulate({ origin: PAGE, url: API, method: 'PUT' }, () => undefined);
    expect(v.blocked?.code).toBe('PREFLIGHT_NETWORK_ERROR');
    expect(v.reason).toMatch(/no answer/);
  });
  it('Private Network Access is reported as information only', () => {
    const v = simulate({ origin: PAGE, url: API, method: 'PUT' }, () => ({
      status: 200,
      headers: [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']],
    }), { addressSpaces: { initiator: 'public', target: 'private' } });
    expect(v.allowed).toBe(true);
    expect(v.notes.join(' ')).toMatch(/Private Network Access.*absent/);
  });
});
