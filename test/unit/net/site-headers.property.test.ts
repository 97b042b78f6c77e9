import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSiteHeader, siteHeadersFrom, withSiteHeaders } from '../../../src/net/site-headers.js';
import { InputError } from '../../../src/net/target-input.js';

describe('site headers (--header, --cookie)', () => {
  it('any text either becomes one header that cannot break a request, or is refused with InputError', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '-', ':', ' ', '\r', '\n', '\0', '\t', 'é', 'x', '=', ';', 'H', 'o', 's', 't') , maxLength: 40 }), (text) => {
        try {
          const [name, value] = parseSiteHeader(text);
          expect(name).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
          expect(value).not.toMatch(/[\r\n\0]/);
          expect(['host', 'content-length', 'transfer-encoding', 'connection']).not.toContain(name.toLowerCase());
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('go to the scanned host only, after the probe’s own headers and instead of none of them', () => {
    const site = { host: 'shop.test', headers: siteHeadersFrom(['Authorization: Bearer t', 'Origin: https://mine.test'], 'a=1') };
    expect(withSiteHeaders([['Origin', 'https://evil.test']], new URL('https://shop.test/x'), site)).toEqual([
      ['Origin', 'https://evil.test'],
      ['Authorization', 'Bearer t'],
      ['Cookie', 'a=1'],
    ]);
    expect(withSiteHeaders([], new URL('https://cdn.shop.test/'), site)).toEqual([]);
    expect(withSiteHeaders([], new URL('https://SHOP.test:8443/'), site)).toHaveLength(3);
  });

  it('at most 32, each value at most 8 kB', () => {
    expect(() => siteHeadersFrom(Array.from({ length: 33 }, (_, i) => `X-${i}: 1`))).toThrow(/at most 32/);
    expect(() => siteHeadersFrom([`X-Big: ${'a'.repeat(9000)}`])).toThrow(/over 8192 bytes/);
  });
});
