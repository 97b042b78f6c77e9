/**
 * Responses that break HTTP: malformed status lines, header floods, forbidden bytes, HTTP/0.9. Each is
 * not measured with the cause in words (never llhttp's or undici's codes), or judged with the hostile
 * text escaped. Nothing crashes.
 */
import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/terminal.js';
import { category, expectExplained, scanHttpCase } from './support.js';
import type { HttpCaseId } from '../lab/hostile/http-cases.js';

const T = 3000;

const notMeasured: [HttpCaseId, RegExp][] = [
  ['status-garbage', /sent a malformed HTTP response: the status line carries an invalid status code/],
  ['status-huge-code', /sent a malformed HTTP response: the status line carries an invalid status code/],
  ['status-bad-version', /sent a malformed HTTP response: the status line carries an invalid HTTP version/],
  ['status-not-http', /sent a malformed HTTP response: the answer does not start with an HTTP status line/],
  ['http09', /the answer does not start with an HTTP status line \(an HTTP\/0\.9-style reply/],
  ['headers-30000', /sent more than 256 KiB of response headers, more than Chromium accepts/],
  ['header-1mb', /sent more than 256 KiB of response headers, more than Chromium accepts/],
  ['set-cookie-15000', /sent more than 256 KiB of response headers, more than Chromium accepts/],
  ['header-nul', /a header name or value contains a forbidden character \(NUL or another control byte\)/],
];

describe('responses that break HTTP', () => {
  for (const [id, cause] of notMeasured) {
    it.concurrent(`${id}: not measured, the cause in words`, async () => {
      const { report, ms } = await scanHttpCase(id, T);
      expect(ms).toBeLessThan(2 * T + 2000);
      expect(report.score).toBeNull();
      for (const c of ['headers', 'cookies', 'exposure']) expect(category(report, c).status).toBe('not_measured');
      expectExplained(report, cause);
      expect(category(report, 'headers').reason).toMatch(cause);
    });
  }

  it.concurrent('C1 control bytes in header values: judged, and escaped in the terminal report', async () => {
    const { report } = await scanHttpCase('header-control-bytes', T);
    expect(category(report, 'headers').status).toBe('measured');
    const banner = report.findings.find((f) => f.evidence.includes('Apache/2.2.3'));
    expect(banner?.evidence).toContain('\u009b');
    const text = renderTerminal(report, { color: false });
    expect(text).toContain('\\x9b2J');
    expect(text).not.toMatch(/[\u0080-\u009f]/);
  });
});
