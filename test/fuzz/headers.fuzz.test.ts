/**
 * Fuzzing the parsers of response header values a target controls: HSTS, CSP, Permissions-Policy,
 * Set-Cookie and the CORS header readers (Access-Control-Allow-Origin and the token-list headers,
 * MIME essence, preflight max-age). Each is total (a result, never an exception), bounded in time
 * on 64 kB of adversarial text, and where a serializer or a simple oracle exists, consistent with it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHsts } from '../../src/checks/headers/hsts-parse.js';
import { parsePolicyList } from '../../src/checks/headers/csp-parse.js';
import { scriptWeaknesses } from '../../src/checks/headers/csp.js';
import { parsePermissionsPolicy } from '../../src/checks/headers/permissions-policy.js';
import { parseSetCookie } from '../../src/checks/cookies/parse.js';
import {
  CHROMIUM, FIREFOX, combinedHeader, corsCheck, exposedHeaderNames, extractTokenList, isToken, mimeEssence, preflightMaxAge, trimHttpWhitespace,
} from '../../src/cors/index.js';
import type { RawHeader } from '../../src/model/http.js';
import { FUZZ_TIMEOUT_MS, expectBoundedTime, fuzzParams, grammarString, hostileString, latin1String, pathologicalInputs } from './arbitraries.js';

const HSTS_WORDS = ['max-age', 'max-age=', '=', '31536000', '"31536000"', ';', 'includeSubDomains', 'preload', ' ', '"', '\\', 'MAX-AGE'];
const CSP_WORDS = ['default-src', 'script-src', "'self'", "'unsafe-inline'", "'nonce-abc'", "'sha256-x'", "'strict-dynamic'", '*', 'https:', ';', ',', ' ', 'object-src', "'none'", 'data:'];
const PP_WORDS = ['camera', '=', '()', '(self)', '("https://a.test")', '*', ',', ' ', ';', 'geolocation', '"', '?1', '(', ')', 'self'];
const COOKIE_WORDS = ['a', '=', ';', ' ', 'Secure', 'HttpOnly', 'SameSite=', 'Lax', 'None', 'Domain=', '.a.test', 'Path=/', 'Max-Age=', '-1', 'Expires=', 'Wed, 21 Oct 2026 07:28:00 GMT', '__Host-', '__Secure-', 'Partitioned'];
const CORS_WORDS = ['https://a.test', '*', 'null', ',', ' ', '\t', 'GET', 'Content-Type', 'text/plain', '/', ';', 'charset=utf-8', 'true'];

const header = (name: string) => fc.tuple(fc.constant(name), fc.oneof(hostileString(), grammarString(CORS_WORDS)));
const corsHeaders = fc.array(
  fc.oneof(header('Access-Control-Allow-Origin'), header('Access-Control-Allow-Methods'), header('Access-Control-Allow-Headers'), header('Access-Control-Expose-Headers'), header('Access-Control-Max-Age'), header('Access-Control-Allow-Credentials')),
  { maxLength: 8 },
) as fc.Arbitrary<RawHeader[]>;

describe('HSTS', () => {
  it('always parses or says why, with a finite non-negative max-age', () => {
    fc.assert(
      fc.property(grammarString(HSTS_WORDS), (v) => {
        const r = parseHsts(v);
        if (r.ok) expect(Number.isSafeInteger(r.policy.maxAge) && r.policy.maxAge >= 0).toBe(true);
        else expect(r.reason).toMatch(/\S/);
      }),
      fuzzParams(),
    );
  });
  it('oracle: a generated valid header parses to its max-age and flags, whatever the case, spacing and quoting', () => {
    const ws = fc.constantFrom('', ' ', '  ', '\t');
    fc.assert(
      fc.property(fc.nat({ max: 1e9 }), fc.boolean(), fc.boolean(), fc.boolean(), ws, ws, fc.boolean(), (age, sub, pre, quoted, a, b, upper) => {
        const parts = [`${upper ? 'MAX-AGE' : 'max-age'}${a}=${b}${quoted ? `"${age}"` : age}`, sub ? 'includeSubDomains' : '', pre ? 'Preload' : ''].filter(Boolean);
        expect(parseHsts(`${a}${parts.join(`${a};${b}`)}${b}`)).toEqual({ ok: true, policy: { maxAge: age, includeSubDomains: sub, preload: pre } });
      }),
      fuzzParams(),
    );
  });
  it('a max-age of 400 digits stays a finite number (found by fuzzing: it was Infinity, null in JSON evidence)', () => {
    const r = parseHsts(`max-age=${'9'.repeat(400)}`);
    expect(r.ok && r.policy.maxAge).toBe(Number.MAX_SAFE_INTEGER);
  });
  it('takes bounded time on 64 kB adversarial values', () => {
    expectBoundedTime(parseHsts, pathologicalInputs(HSTS_WORDS, 64 * 1024, ['', 'max-age=1; ', 'a="']));
  });
});

describe('CSP', () => {
  it('splits into policies whose directive names are lower-case tokens; never throws', () => {
    fc.assert(
      fc.property(grammarString(CSP_WORDS), fc.constantFrom('header', 'meta') as fc.Arbitrary<'header' | 'meta'>, (v, source) => {
        for (const p of parsePolicyList([v], source)) {
          for (const name of p.directives.keys()) expect(name).toMatch(/^[a-z0-9-]+$/);
          expect(Array.isArray(scriptWeaknesses(p))).toBe(true);
        }
      }),
      fuzzParams(),
    );
  });
  it('round trip: a serialized policy parses back to the same directives', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
    const source = fc.stringMatching(/^[!-+\--:<-~]{1,20}$/); // visible ASCII without ',' and ';'
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, fc.array(source, { maxLength: 5 })), { selector: ([n]) => n, maxLength: 8 }), (directives) => {
        const text = directives.map(([n, s]) => [n, ...s].join(' ')).join('; ');
        const policies = parsePolicyList([text], 'header');
        if (directives.length === 0) expect(policies).toEqual([]);
        else expect([...policies[0]!.directives.entries()]).toEqual(directives);
      }),
      fuzzParams(),
    );
  });
  it('takes bounded time on 64 kB adversarial values', () => {
    expectBoundedTime((v) => parsePolicyList([v], 'header').map(scriptWeaknesses), pathologicalInputs(CSP_WORDS, 64 * 1024, ['', 'script-src ']));
  });
});

describe('Permissions-Policy', () => {
  it('is a dictionary or a reason, never an exception', () => {
    fc.assert(
      fc.property(fc.array(grammarString(PP_WORDS), { maxLength: 3 }), (values) => {
        const r = parsePermissionsPolicy(values);
        if (r.ok) for (const f of r.features) expect(f).toMatch(/^[a-z*][a-z0-9_\-.*]*$/);
        else expect(typeof r.reason).toBe('string');
      }),
      fuzzParams(),
    );
  });
  it('oracle: generated allowlists parse to their feature names', () => {
    const feature = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
    const allow = fc.constantFrom('()', '(self)', '*', '(self "https://a.test")', '("https://b.test")');
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(feature, allow), { selector: ([f]) => f, minLength: 1, maxLength: 6 }), (entries) => {
        expect(parsePermissionsPolicy([entries.map(([f, a]) => `${f}=${a}`).join(', ')])).toEqual({ ok: true, features: entries.map(([f]) => f) });
      }),
      fuzzParams(),
    );
  });
  it('takes bounded time on 64 kB adversarial values', () => {
    expectBoundedTime((v) => parsePermissionsPolicy([v]), pathologicalInputs(PP_WORDS));
  });
});

describe('Set-Cookie', () => {
  it('returns a cookie or undefined; attributes come from the line', () => {
    fc.assert(
      fc.property(fc.oneof(grammarString(COOKIE_WORDS), latin1String(600)), (raw) => {
        const c = parseSetCookie(raw);
        if (!c) return;
        expect(c.raw).toBe(raw);
        if (c.maxAge !== undefined) expect(Number.isSafeInteger(c.maxAge)).toBe(true);
        if (c.expires !== undefined) expect(Number.isFinite(Date.parse(c.expires))).toBe(true);
        for (const a of c.attributes) expect(raw.includes(a.name)).toBe(true);
      }),
      fuzzParams(),
    );
  });
  it('round trip: a serialized cookie parses back to its name, value and attributes', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9!#$&'*+.^_`|~-]{1,20}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9!#$%&'()*+./:<>?@[\]^_`{|}~-]{0,40}$/);
    fc.assert(
      fc.property(token, value, fc.boolean(), fc.boolean(), fc.option(fc.integer({ min: -1e9, max: 1e9 })), fc.option(fc.constantFrom('Lax', 'Strict', 'None')), (name, val, secure, httpOnly, maxAge, sameSite) => {
        const line = [`${name}=${val}`, secure ? 'Secure' : '', httpOnly ? 'HttpOnly' : '', maxAge !== null ? `Max-Age=${maxAge}` : '', sameSite ? `SameSite=${sameSite}` : ''].filter(Boolean).join('; ');
        const c = parseSetCookie(line)!;
        expect(c).toMatchObject({ name, value: val, secure, httpOnly });
        expect(c.maxAge).toBe(maxAge ?? undefined);
        expect(c.sameSite).toBe(sameSite ?? undefined);
      }),
      fuzzParams(),
    );
  });
  it('takes bounded time on 64 kB adversarial lines', () => {
    expectBoundedTime(parseSetCookie, pathologicalInputs(COOKIE_WORDS, 64 * 1024, ['', 'a=b; ', 'a=b; Expires=']));
  });
});

describe('CORS header readers', () => {
  it('token lists are tokens or failure; the origin check only accepts "*" or the exact origin; max-age is capped', () => {
    fc.assert(
      fc.property(corsHeaders, fc.boolean(), (headers, credentials) => {
        for (const name of ['access-control-allow-methods', 'access-control-allow-headers', 'access-control-expose-headers']) {
          const list = extractTokenList(headers, name);
          if (Array.isArray(list)) for (const t of list) expect(isToken(t)).toBe(true);
        }
        const acao = combinedHeader(headers, 'access-control-allow-origin');
        const r = corsCheck({ origin: 'https://a.test', credentials, headers });
        if (r.ok) expect(acao === 'https://a.test' || (acao === '*' && !credentials)).toBe(true);
        for (const profile of [CHROMIUM, FIREFOX]) {
          const m = preflightMaxAge(headers, profile);
          expect(m.effective).toBeGreaterThanOrEqual(0);
          expect(m.effective).toBeLessThanOrEqual(profile.maxAgeCap);
        }
        exposedHeaderNames(headers, true, credentials);
      }),
      fuzzParams(),
    );
  });
  it('MIME essence: trimming and case never change a well-formed essence', () => {
    const token = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,15}$/);
    const ws = fc.stringMatching(/^[\t\n\r ]{0,4}$/);
    fc.assert(
      fc.property(token, token, ws, ws, latin1String(40), (type, subtype, before, after, params) => {
        expect(mimeEssence(`${before}${type}/${subtype}${after}`)).toBe(`${type}/${subtype}`.toLowerCase());
        const withParams = mimeEssence(`${type}/${subtype};${params}`);
        expect(withParams === null || withParams === `${type}/${subtype}`.toLowerCase()).toBe(true);
        expect(trimHttpWhitespace(`${before}${type}${after}`)).toBe(type);
      }),
      fuzzParams(),
    );
  });
  it('takes bounded time on 64 kB adversarial values (found by fuzzing: whitespace trims were quadratic, 258 s)', () => {
    const inputs = pathologicalInputs(CORS_WORDS, 64 * 1024, ['', 'a/', 'text/plain;']);
    expectBoundedTime((v) => {
      mimeEssence(v);
      trimHttpWhitespace(v);
      extractTokenList([['Access-Control-Allow-Headers', v]], 'access-control-allow-headers');
      corsCheck({ origin: 'https://a.test', credentials: true, headers: [['Access-Control-Allow-Origin', v]] });
    }, inputs);
  });
}, FUZZ_TIMEOUT_MS);
