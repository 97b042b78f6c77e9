/**
 * Reports for renderer tests: one scored from hand-written evidence of a site whose headers carry
 * script payloads, plus hand-made findings whose target-controlled fields hit every escaping edge
 * (Markdown table pipes, backtick fences, spreadsheet formulas, control and bidi characters, a host
 * name instead of a URL as location).
 */
import { rescore } from '../../src/engine/index.js';
import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import { siteWithHeaders, withHeader } from '../support/evidence.js';

export const SCRIPT = '<script>alert("xss")</script>';
export const IMG = '<img src=x onerror=alert("img")>';

export function hostileReport(): Report {
  const headers = withHeader('Strict-Transport-Security', `max-age=10; ${SCRIPT}`, withHeader('X-Frame-Options', IMG, withHeader('Content-Security-Policy', null)));
  const report = rescore(siteWithHeaders([...headers, ['Set-Cookie', `sid=${IMG}; Path=/`]], `<html><head><title>${SCRIPT}</title></head><body>x</body></html>`));
  const extra: Finding[] = [
    {
      id: 'dns_spf_missing',
      category: 'dns',
      severity: 'medium',
      pointsLost: 0,
      title: `=HYPERLINK("http://evil.example","x") | ${SCRIPT}`,
      evidence: 'line one\n```\n| a | b |\n````\n+cmd\u001b[31m red \u202e reversed',
      location: `site.example|${SCRIPT}`,
    },
    {
      id: 'weak_hsts',
      category: 'headers',
      severity: 'low',
      pointsLost: 0,
      title: '@SUM(A1:A9), "quoted", comma',
      evidence: '-2+3 [link](javascript:alert(1)) **bold** _em_ # heading',
      location: 'https://site.example/other?q=<b>',
    },
  ];
  return { ...report, findings: [...report.findings, ...extra], unavailable: [{ probe: 'tls', reason: `handshake failed: ${SCRIPT}` }] };
}
