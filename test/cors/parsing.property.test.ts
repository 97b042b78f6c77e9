/** Property tests: the header parsers take hostile bytes and must stay total, bounded and consistent. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RawHeader } from '../../src/model/http.js';
import {
  corsCheck, corsUnsafeRequestHeaderNames, extractTokenList, isSafelistedRequestHeader, isToken, mimeEssence, simulate, trimHttpWhitespace,
} from '../../src/cors/index.js';

const byteString = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 300 });
const tokenChar = fc.constantFrom(...'!#$%&\'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
const token = fc.string({ unit: tokenChar, minLength: 1, maxLength: 20 });
const headerName = fc.oneof(token, fc.constantFrom('accept', 'Accept-Language', 'content-language', 'CONTENT-TYPE', 'range', 'authorization'));
const rawHeaders = fc.array(fc.tuple(headerName, byteString), { maxLength: 12 }) as fc.Arbitrary<RawHeader[]>;

describe('header parsing properties', () => {
  it('trimming is idempotent and leaves no HTTP whitespace at the ends', () => {
    fc.assert(fc.property(byteString, (s) => {
      const t = trimHttpWhitespace(s);
      expect(trimHttpWhitespace(t)).toBe(t);
      expect(/^[\t\n\r ]|[\t\n\r ]$/.test(t)).toBe(false);
    }));
  });

  it('extractTokenList returns only tokens, or failure, and round-trips joined tokens', () => {
    fc.assert(fc.property(rawHeaders, (headers) => {
      const r = extractTokenList(headers, 'accept');
      if (Array.isArray(r)) for (const t of r) expect(isToken(t)).toBe(true);
    }));
    fc.assert(fc.property(fc.array(token, { maxLength: 10 }), fc.constantFrom(',', ', ', ' ,', ',\t'), (tokens, sep) => {
      expect(extractTokenList([['Access-Control-Allow-Methods', tokens.join(sep)]], 'access-control-allow-methods')).toEqual(tokens);
    }));
  });

  it('safelisting never accepts values over 128 bytes and never throws', () => {
    fc.assert(fc.property(headerName, byteString, (name, value) => {
      const ok = isSafelistedRequestHeader(name, value);
      if (value.length > 128) expect(ok).toBe(false);
    }));
  });

  it('a well-formed MIME type yields its lower-cased essence whatever the parameters', () => {
    fc.assert(fc.property(token.filter((t) => !t.includes('/')), token, byteString.filter((p) => !/[\t\n\r ]$/.test(p)), (type, subtype, params) => {
      expect(mimeEssence(`${type}/${subtype};${params}`)).toBe(`${type}/${subtype}`.toLowerCase());
    }));
  });

  it('unsafe names are lower-case, unique, sorted, and come from the input', () => {
    fc.assert(fc.property(rawHeaders, (headers) => {
      const names = corsUnsafeRequestHeaderNames(headers);
      expect([...names].sort()).toEqual(names);
      expect(new Set(names).size).toBe(names.length);
      const input = new Set(headers.map(([n]) => n.toLowerCase()));
      for (const n of names) expect(input.has(n)).toBe(true);
    }));
  });

  it('the CORS check accepts only "*" (no credentials) or the exact origin', () => {
    fc.assert(fc.property(fc.array(byteString, { maxLength: 4 }), fc.boolean(), (values, creds) => {
      const headers: RawHeader[] = values.map((v) => ['Access-Control-Allow-Origin', v]);
      headers.push(['Access-Control-Allow-Credentials', 'true']);
      const r = corsCheck({ origin: 'https://a.test', credentials: creds, headers });
      if (r.ok) {
        expect(values).toHaveLength(1);
        const v = trimHttpWhitespace(values[0]!);
        expect(v === 'https://a.test' || (v === '*' && !creds)).toBe(true);
      }
    }));
  });

  it('the simulator is total on hostile responses', () => {
    fc.assert(fc.property(rawHeaders, rawHeaders, fc.integer({ min: 0, max: 999 }), fc.constantFrom('GET', 'PUT', 'patch', 'POST'), fc.constantFrom('omit', 'include') as fc.Arbitrary<'omit' | 'include'>, (reqHeaders, resHeaders, status, method, credentials) => {
      const v = simulate({ origin: 'https://a.test', url: 'https://b.test/x', method, headers: reqHeaders, credentials }, () => ({ status, headers: resHeaders }));
      expect(typeof v.reason).toBe('string');
      expect(v.allowed === (v.blocked === undefined)).toBe(true);
      expect(v.sent.length).toBeLessThanOrEqual(2 * 21);
    }));
  });
});
