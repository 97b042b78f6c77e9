/**
 * Target bytes are hostile: every signature, the baseline comparison, the stack-trace scan and the
 * WordPress detector must return (not throw, not hang) on arbitrary bodies and headers up to the read cap.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SIGNATURES } from '../../src/checks/exposure/signatures.js';
import { judgeAgainstBaselines, normaliseBody } from '../../src/checks/exposure/baseline.js';
import { findStackTrace } from '../../src/checks/exposure/stack-trace.js';
import { detectWordPress } from '../../src/probes/wordpress-detect.js';
import { sourceMapPaths } from '../../src/probes/exposure.js';
import type { ExposureResponse } from '../../src/model/exposure.js';
import type { HttpExchange } from '../../src/model/http.js';

const fragment = fc.constantFrom(
  '<html>', '<title>Index of /', '<a href=', 'ref: refs/heads/', '[core]\n', 'APP_KEY=', '\n', ' ', '=',
  'PHP Version ', '<table', '{"version":3,', '"mappings":"', 'PK\u0003\u0004', '\u0000\u0000\u0000\u0001Bud1',
  '-----BEGIN RSA PRIVATE KEY-----', 'Traceback (most recent call last):', ' at a.b(C.java:1)', '<script src="',
  '<meta name="generator" content="WordPress ', '/wp-content/', 'x'.repeat(50), '((((', '\\', '%', '\ufffd',
);
const body = fc.oneof(
  fc.string({ maxLength: 2000 }),
  fc.array(fragment, { maxLength: 200 }).map((parts) => parts.join('')),
  fc.constantFrom('a'.repeat(8192), ' '.repeat(8192), '<'.repeat(8192), 'at '.repeat(2700), '='.repeat(8192)),
);
const headerPairs = fc.array(fc.tuple(fc.constantFrom('Content-Type', 'Link', 'X-Pingback', 'SourceMap', 'X-Other'), fc.string({ maxLength: 200 })), { maxLength: 5 });

function response(probe: string, text: string, headers: [string, string][], status: number): ExposureResponse {
  return { probe, path: '/p', url: 'https://t.example/p', method: 'GET', shape: 'file', sent: [], status, headers, body: text, bodyBytes: text.length, bodyTruncated: false };
}

describe('hostile bodies', () => {
  it('signatures, baseline comparison and stack-trace scan never throw (a catastrophic regex would time the test out)', () => {
    fc.assert(
      fc.property(body, body, headerPairs, fc.constantFrom(200, 206, 404, 500), (a, b, headers, status) => {
        for (const [name, sig] of Object.entries(SIGNATURES)) {
          const hit = response(name, a, headers, status);
          const baseline = { ...response('baseline', b, headers, status), path: '/0b3c5e0a-1111-4222-8333-444455556666' };
          const matched = sig.match(hit);
          if (matched) expect(typeof matched.proof).toBe('string');
          expect(['distinct', 'like_baseline', 'baseline_matches_signature']).toContain(judgeAgainstBaselines(hit, [baseline], (r) => sig.match(r) !== undefined));
        }
        normaliseBody(response('x', a, headers, status));
        findStackTrace(a);
      }),
      { numRuns: 100 },
    );
  });

  it('the WordPress detector and source-map discovery never throw', () => {
    fc.assert(
      fc.property(body, headerPairs, (text, headers) => {
        const page: HttpExchange = { url: 'https://t.example/', method: 'GET', status: 200, statusText: '', headers, body: text, bodyBytes: text.length, bodyTruncated: false, remoteAddress: '127.0.0.1', durationMs: 1 };
        for (const s of detectWordPress(page)) expect(s.evidence.length).toBeLessThanOrEqual(220);
        for (const path of sourceMapPaths(page, 'https://t.example')) expect(path.startsWith('/')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('text that only mentions WordPress is not a signal', () => {
    const page = (text: string): HttpExchange => ({ url: 'https://t.example/', method: 'GET', status: 200, statusText: '', headers: [], body: text, bodyBytes: text.length, bodyTruncated: false, remoteAddress: '127.0.0.1', durationMs: 1 });
    expect(detectWordPress(page('<p>We left WordPress; files lived in /wp-content/uploads and /wp-includes/js.</p>'))).toEqual([]);
    expect(detectWordPress(page('<img src="/wp-content/uploads/a.png">')).map((s) => s.kind)).toEqual(['asset_path']);
  });
});
