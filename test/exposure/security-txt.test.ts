import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRfc3339, parseSecurityTxt, validateSecurityTxt } from '../../src/checks/exposure/security-txt-parse.js';

const URL_ = 'https://shop.example/.well-known/security.txt';
const NOW = new Date('2026-06-01T00:00:00Z');

describe('security.txt parser (RFC 9116)', () => {
  it('accepts a minimal valid file', () => {
    const doc = parseSecurityTxt('# hello\r\nContact: mailto:sec@shop.example\r\nExpires: 2026-12-31T00:00:00Z\r\n');
    expect(doc.fields.map((f) => f.name)).toEqual(['Contact', 'Expires']);
    expect(validateSecurityTxt(doc, URL_, NOW).errors).toEqual([]);
  });

  it('reports every MUST it breaks', () => {
    const doc = parseSecurityTxt('Contact: http://shop.example/report\nExpires: tomorrow\nExpires: 2027-01-01T00:00:00Z\nnonsense line\nCanonical: https://other.example/.well-known/security.txt\n');
    const { errors } = validateSecurityTxt(doc, URL_, NOW);
    expect(errors.join('\n')).toMatch(/not a mailto/);
    expect(errors.join('\n')).toMatch(/uses http/);
    expect(errors.join('\n')).toMatch(/appears 2 times/);
    expect(errors.join('\n')).toMatch(/not an RFC 3339 date/);
    expect(errors.join('\n')).toMatch(/Canonical/);
    expect(errors.join('\n')).toMatch(/line 4 is not/);
    expect(validateSecurityTxt(parseSecurityTxt(''), URL_, NOW).errors).toEqual(['no Contact field (required)', 'no Expires field (required)']);
  });

  it('reads through an OpenPGP cleartext signature', () => {
    const signed = ['-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA256', '', 'Contact: mailto:a@b.example', '- Expires: 2026-12-31T00:00:00Z', '-----BEGIN PGP SIGNATURE-----', 'abc', '-----END PGP SIGNATURE-----'].join('\n');
    const doc = parseSecurityTxt(signed);
    expect(doc.signed).toBe(true);
    expect(doc.badLines).toEqual([]);
    expect(validateSecurityTxt(doc, URL_, NOW).errors).toEqual([]);
  });

  it('a signed form must carry its signature, closed, with nothing after it', () => {
    const head = ['-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA256', '', 'Contact: mailto:a@b.example', 'Expires: 2026-12-31T00:00:00Z'];
    const errors = (lines: string[]) => validateSecurityTxt(parseSecurityTxt(lines.join('\n')), URL_, NOW).errors;
    expect(errors([...head, '-----BEGIN PGP SIGNATURE-----', 'abc', '-----END PGP SIGNATURE-----', ''])).toEqual([]);
    expect(errors(head)[0]).toMatch(/signature block .* is missing or not closed/);
    expect(errors([...head, '-----BEGIN PGP SIGNATURE-----', 'abc'])[0]).toMatch(/missing or not closed/);
    expect(errors([...head, '-----BEGIN PGP SIGNATURE-----', 'abc', '-----END PGP SIGNATURE-----', 'Contact: mailto:evil@x.example'])).toEqual(['text follows the OpenPGP signature, which does not cover it']);
  });

  it('Canonical is compared as a URL', () => {
    const doc = parseSecurityTxt('Contact: mailto:a@b.example\nExpires: 2026-12-31T00:00:00Z\nCanonical: https://SHOP.example:443/.well-known/security.txt\n');
    expect(validateSecurityTxt(doc, URL_, NOW).errors).toEqual([]);
  });

  it('RFC 3339 dates only', () => {
    expect(parseRfc3339('2026-12-31T23:59:59Z')?.toISOString()).toBe('2026-12-31T23:59:59.000Z');
    expect(parseRfc3339('2026-12-31T23:59:59+02:00')?.toISOString()).toBe('2026-12-31T21:59:59.000Z');
    expect(parseRfc3339('Thu, 31 Dec 2026 00:00:00 GMT')).toBeUndefined();
    expect(parseRfc3339('2026-13-45T99:00:00Z')).toBeUndefined();
  });

  it('never throws on hostile input and every field name is a token (property)', () => {
    const piece = fc.constantFrom('Contact', 'Expires', ':', ' ', '\n', '\r\n', '#', 'mailto:x', '-----BEGIN PGP SIGNED MESSAGE-----', '-----BEGIN PGP SIGNATURE-----', '- ', '2026-01-01T00:00:00Z', '\u0000', 'é');
    const hostile = fc.oneof(fc.string({ maxLength: 500 }), fc.array(piece, { maxLength: 60 }).map((p) => p.join('')));
    fc.assert(
      fc.property(hostile, (text) => {
        const doc = parseSecurityTxt(text);
        for (const f of doc.fields) {
          expect(f.name).toMatch(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/);
          expect(f.value.length).toBeGreaterThan(0);
        }
        const problems = validateSecurityTxt(doc, URL_, NOW);
        expect(Array.isArray(problems.errors)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips generated files (property)', () => {
    const email = fc.stringMatching(/^[a-z]{1,10}@[a-z]{1,10}\.example$/);
    const date = fc.date({ min: new Date('2026-06-02T00:00:00Z'), max: new Date('2027-05-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.array(email, { minLength: 1, maxLength: 4 }), date, fc.boolean(), (emails, expires, crlf) => {
        const nl = crlf ? '\r\n' : '\n';
        const text = [...emails.map((e) => `Contact: mailto:${e}`), `Expires: ${expires.toISOString()}`].join(nl) + nl;
        const doc = parseSecurityTxt(text);
        expect(doc.fields.filter((f) => f.name === 'Contact').map((f) => f.value)).toEqual(emails.map((e) => `mailto:${e}`));
        const problems = validateSecurityTxt(doc, URL_, NOW);
        expect(problems.errors).toEqual([]);
        expect(problems.expires?.getTime()).toBe(expires.getTime());
      }),
    );
  });
});
