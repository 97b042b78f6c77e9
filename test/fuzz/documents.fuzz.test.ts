/**
 * Fuzzing the readers of documents a target serves: security.txt, the `<meta>` policies of the main
 * page (htmlparser2) and WordPress detection. Total, bounded in time (64 kB for security.txt, 2 MiB
 * — the page body cap — for HTML), and consistent with simple oracles.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSecurityTxt, validateSecurityTxt } from '../../src/checks/exposure/security-txt-parse.js';
import { extractMetaPolicies } from '../../src/probes/html-meta.js';
import { detectWordPress } from '../../src/probes/wordpress-detect.js';
import { DEFAULT_BODY_LIMIT } from '../../src/net/http-client.js';
import type { HttpExchange } from '../../src/model/http.js';
import { FUZZ_TIMEOUT_MS, RUNS, expectBoundedTime, fuzzParams, grammarString, pathologicalInputs } from './arbitraries.js';

const SECTXT_WORDS = ['Contact:', 'Expires:', 'Encryption:', 'Policy:', ' ', '\t', 'mailto:a@b.test', 'https://b.test/s', '2027-01-01T00:00:00Z', '\n', '\r\n', '#', ':', '-----BEGIN PGP SIGNED MESSAGE-----\n', 'Hash: SHA256\n\n', '- ', '-----BEGIN PGP SIGNATURE-----'];
const HTML_WORDS = ['<meta', ' http-equiv=', '"Content-Security-Policy"', 'content-security-policy-report-only', ' name=', 'referrer', 'generator', ' content=', '"', "'", "default-src 'self'", 'WordPress 6.4', '>', '/>', '<head>', '<body>', '<!--', '-->', '<script>', '</script>', '<link', ' rel=', '"https://api.w.org/"', ' src=', '/wp-content/', '/wp-includes/', '&amp;', '&#0;', '<![CDATA[', '<', '=', ' '];

const page = (body: string, headers: [string, string][] = []): HttpExchange => ({
  url: 'https://t.example/', method: 'GET', status: 200, statusText: '', headers, body, bodyBytes: body.length, bodyTruncated: false, remoteAddress: '127.0.0.1', durationMs: 1,
});

describe('security.txt', () => {
  it('every field comes from its own line; validation never throws', () => {
    fc.assert(
      fc.property(grammarString(SECTXT_WORDS, 80), (text) => {
        const doc = parseSecurityTxt(text);
        const lines = text.split(/\r?\n/);
        for (const f of doc.fields) {
          expect(f.value).not.toBe('');
          if (!doc.signed) expect(lines[f.line - 1]).toContain(f.name);
        }
        validateSecurityTxt(doc, 'https://t.example/.well-known/security.txt', new Date('2026-06-01T00:00:00Z'));
      }),
      fuzzParams(),
    );
  });
  it('round trip: generated fields parse back in order, with any spacing and line ending', () => {
    const name = fc.constantFrom('Contact', 'Expires', 'Encryption', 'Acknowledgments', 'Preferred-Languages', 'Canonical', 'Policy', 'Hiring', 'X-Custom');
    const value = fc.stringMatching(/^[!-~]([ -~]{0,40}[!-~])?$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value, fc.constantFrom('', ' ', '\t', '  ')), { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), (fields, eol) => {
        const doc = parseSecurityTxt(fields.map(([n, v, sp]) => `${n}:${sp}${v}${sp}`).join(eol));
        expect(doc.fields.map((f) => [f.name, f.value])).toEqual(fields.map(([n, v]) => [n, v]));
        expect(doc.badLines).toEqual([]);
      }),
      fuzzParams(),
    );
  });
  it('takes bounded time on 64 kB files (found by fuzzing: the field regex was quadratic in inner spaces)', () => {
    expectBoundedTime((t) => validateSecurityTxt(parseSecurityTxt(t), 'https://t.example/.well-known/security.txt', new Date()), pathologicalInputs(SECTXT_WORDS, 64 * 1024, ['', 'Contact: ', 'Expires: ']));
  });
});

describe('HTML meta extraction and WordPress detection', () => {
  it('never throw; what they report is in the page', () => {
    fc.assert(
      fc.property(grammarString(HTML_WORDS, 120), (html) => {
        const meta = extractMetaPolicies(html);
        for (const list of [meta.csp, meta.cspReportOnly, meta.referrer, meta.xFrameOptions]) for (const v of list) expect(typeof v).toBe('string');
        for (const s of detectWordPress(page(html))) {
          expect(s.evidence.length).toBeLessThanOrEqual(200);
          if (s.kind !== 'wp_json_link') expect(html.includes(s.evidence)).toBe(true);
        }
      }),
      fuzzParams(),
    );
  });
  it('oracle: a generated head yields its CSP and referrer metas, and stops at <body>', () => {
    const value = fc.stringMatching(/^[a-z0-9 ';:/*.-]{0,40}$/);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), fc.option(value, { nil: undefined }), value, (csps, referrer, late) => {
        const head = csps.map((c) => `<meta http-equiv="Content-Security-Policy" content="${c}">`).join('') + (referrer === undefined ? '' : `<meta name="referrer" content="${referrer}">`);
        const meta = extractMetaPolicies(`<!doctype html><html><head>${head}</head><body><meta http-equiv="Content-Security-Policy" content="${late}x"></body></html>`);
        expect(meta.csp).toEqual(csps);
        expect(meta.referrer).toEqual(referrer === undefined ? [] : [referrer]);
      }),
      fuzzParams(),
    );
  });
  it('oracle: the WordPress detector finds a generator, an asset and the API link wherever they sit', () => {
    const filler = fc.stringMatching(/^[a-z <>=".]{0,200}$/).map((s) => s.replace(/wp-|generator|content|src|href|<link|<meta/g, ''));
    fc.assert(
      fc.property(filler, filler, filler, fc.constantFrom('6.4.2', '5.9'), fc.boolean(), (a, b, c, version, reversed) => {
        const gen = reversed ? `<meta content="WordPress ${version}" name="generator">` : `<meta name="generator" content="WordPress ${version}">`;
        const html = `${a}>${gen}${b}><img src="/wp-content/uploads/x.png">${c}><link rel='https://api.w.org/' href='/wp-json/'>`;
        const kinds = detectWordPress(page(html)).map((s) => s.kind).sort();
        expect(kinds).toEqual(['asset_path', 'generator_meta', 'wp_json_link']);
        expect(detectWordPress(page(html)).find((s) => s.kind === 'generator_meta')!.evidence).toContain(`WordPress ${version}`);
      }),
      fuzzParams(),
    );
  });
  it('take bounded time on large bodies, up to the 2 MiB cap (found by fuzzing: the WordPress regexes were cubic, 16 kB of `<meta name=generator ` took 15 s)', () => {
    // The full 2 MiB cap in nightly runs; 256 kB in CI, where a quadratic pass still takes many seconds.
    const size = RUNS > 1_000 ? DEFAULT_BODY_LIMIT : 256 * 1024;
    const inputs = pathologicalInputs(['<meta ', '<meta name=generator ', '<link ', 'src=', ' src=/wp-content/x', '/wp-content/', '<', '<meta content=WordPress', '"'], size);
    expectBoundedTime((html) => {
      extractMetaPolicies(html);
      detectWordPress(page(html));
    }, inputs, 5_000);
  });
}, FUZZ_TIMEOUT_MS);
