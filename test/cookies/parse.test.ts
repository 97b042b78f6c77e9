import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSetCookie } from '../../src/checks/cookies/parse.js';
import { browserVerdict } from '../../src/checks/cookies/verdict.js';
import { classifyCookie } from '../../src/checks/cookies/session.js';

describe('parseSetCookie', () => {
  it('keeps raw values, attribute order and the raw SameSite text', () => {
    const c = parseSetCookie('sid=a%20b==; Path=/; Secure; HttpOnly; SameSite=Bogus; Domain=.Example.COM; Max-Age=60')!;
    expect(c.name).toBe('sid');
    expect(c.value).toBe('a%20b==');
    expect(c.attributes.map((a) => a.name)).toEqual(['Path', 'Secure', 'HttpOnly', 'SameSite', 'Domain', 'Max-Age']);
    expect(c.sameSite).toBe('Bogus');
    expect(c.domain).toBe('example.com');
    expect(c.domainRaw).toBe('.Example.COM');
    expect(c).toMatchObject({ secure: true, httpOnly: true, maxAge: 60, path: '/' });
  });

  it('treats a line without = as a nameless cookie, and an empty line as no cookie', () => {
    expect(parseSetCookie('justvalue; Secure')).toMatchObject({ name: '', value: 'justvalue' });
    expect(parseSetCookie('=; Secure')).toBeUndefined();
    expect(parseSetCookie('')).toBeUndefined();
  });

  it('keeps names that are JavaScript prototype keys', () => {
    expect(parseSetCookie('constructor=1; Secure')).toMatchObject({ name: 'constructor', value: '1', secure: true });
    expect(parseSetCookie('__proto__=x')).toMatchObject({ name: '__proto__', value: 'x' });
  });

  it('ignores attribute values over 1024 octets', () => {
    const c = parseSetCookie(`a=1; Path=/${'p'.repeat(1100)}; Domain=${'d'.repeat(1100)}.com`)!;
    expect(c.path).toBeUndefined();
    expect(c.domain).toBeUndefined();
    expect(c.ignoredAttributes).toEqual(['Path', 'Domain']);
  });

  it('parses Expires and takes the last of repeated attributes', () => {
    const c = parseSetCookie('a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; SameSite=Lax; SameSite=Strict; Path=/x; Path=relative')!;
    expect(c.expires).toBe('2026-10-21T07:28:00.000Z');
    expect(c.sameSite).toBe('Strict');
    expect(c.path).toBeUndefined();
  });

  it('never throws on hostile input and keeps the raw line (property)', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc
        .array(fc.constantFrom('a', '=', ';', ' ', '\t', 'Secure', 'SameSite', 'Domain=', '.', '__Host-', 'Max-Age=-1', 'Expires=x', '%', '\u0000', '\u00ff'), { maxLength: 40 })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(hostile, (raw) => {
        const parsed = parseSetCookie(raw);
        if (parsed) {
          expect(parsed.raw).toBe(raw);
          expect(parsed.name.includes(';')).toBe(false);
          expect(parsed.name.includes('=')).toBe(false);
          if (parsed.expires) expect(Number.isFinite(Date.parse(parsed.expires))).toBe(true);
          if (parsed.maxAge !== undefined) expect(Number.isSafeInteger(parsed.maxAge)).toBe(true);
        }
        const verdict = browserVerdict(parsed, 'https://www.example.com/', new Date('2026-01-01T00:00:00Z'));
        expect(verdict.stored).toBe(verdict.reasons.length === 0);
        if (parsed) expect(classifyCookie(parsed).why.length >= 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips generated cookies (property)', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9!#$&'*+.^_`|~-]{1,20}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9!#$%&'()*+./:<>?@[\]^_`{|}~-]{0,40}$/);
    fc.assert(
      fc.property(token, value, fc.boolean(), fc.boolean(), fc.constantFrom(undefined, 'Lax', 'Strict', 'None', 'weird'), (name, val, secure, httpOnly, sameSite) => {
        const raw = `${name}=${val}${secure ? '; Secure' : ''}${httpOnly ? '; HttpOnly' : ''}${sameSite ? `; SameSite=${sameSite}` : ''}`;
        const parsed = parseSetCookie(raw)!;
        expect(parsed).toMatchObject({ name, value: val, secure, httpOnly });
        expect(parsed.sameSite).toBe(sameSite);
      }),
    );
  });
});
