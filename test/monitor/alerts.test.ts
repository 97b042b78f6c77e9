/** Regression detection, e-mail text and webhook signatures: pure, no network. */
import { describe, expect, it } from 'vitest';
import { alertEmail, detectRegression, type AlertPayload } from '../../src/monitor/alerts.js';
import { signPayload, verifySignature } from '../../src/monitor/webhook.js';
import type { Report } from '../../src/model/report.js';
import type { Finding } from '../../src/model/finding.js';

const finding = (id: string, severity: Finding['severity'] = 'medium'): Finding => ({ id, severity, category: 'headers', title: `${id} title`, evidence: 'e', location: 'https://x/', pointsLost: 3 });
const report = (score: number | null, findings: Finding[]): Report => ({ schemaVersion: 1, target: {} as Report['target'], startedAt: '', durationMs: 0, score, grade: 'B', caps: [], categories: [], findings, unavailable: [] });

describe('detectRegression', () => {
  it('alerts on a lower score or a new non-informational finding, not on improvements or info notes', () => {
    expect(detectRegression(report(90, [finding('a')]), report(90, [finding('a')]))).toBeUndefined();
    expect(detectRegression(report(80, [finding('a')]), report(90, []))).toBeUndefined();
    expect(detectRegression(report(90, []), report(90, [finding('wp_detected', 'info')]))).toBeUndefined();
    expect(detectRegression(report(90, []), report(85, []))).toEqual({ scoreDelta: -5, newFindings: [] });
    expect(detectRegression(report(90, []), report(92, [finding('b', 'high')]))!.newFindings).toEqual([{ id: 'b', severity: 'high', title: 'b title', location: 'https://x/' }]);
    expect(detectRegression(report(null, []), report(70, [finding('c')]))!.scoreDelta).toBeNull();
  });
});

describe('alert e-mail', () => {
  it('keeps target-controlled titles on one line and the subject free of line breaks', () => {
    const p: AlertPayload = {
      event: 'scorifya.regression',
      watch: { id: 'w', host: 'evil.example', url: 'https://evil.example/' },
      previous: { scanId: 'a', url: 'u', score: 90, grade: 'A', gradePartial: true },
      current: { scanId: 'b', url: 'https://app/scans/b', score: 80, grade: 'B', gradePartial: false },
      scoreDelta: -10,
      newFindings: [{ id: 'x', severity: 'high', title: 'line1\r\nBcc: victim@example.com', location: 'l' }],
      unsubscribeUrl: 'https://app/unsubscribe/t',
      sentAt: '',
    };
    const mail = alertEmail(p);
    expect(mail.subject).toBe('Scorifya: evil.example got worse (score 90 -> 80)');
    expect(mail.text).toContain('Score: 90 (A (partial)) -> 80 (B)');
    expect(mail.text).toContain('- x [high]: line1 Bcc: victim@example.com');
    expect(mail.text.split('\n').some((l) => l.startsWith('Bcc:'))).toBe(false);
    expect(mail.text).toContain('Stop these alerts: https://app/unsubscribe/t');
  });
});

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "timestamp.body" and any change breaks it', () => {
    const sig = signPayload('s3cret', 1700000000, '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', '1700000000', '{"a":1}', sig)).toBe(true);
    expect(verifySignature('s3cret', '1700000001', '{"a":1}', sig)).toBe(false);
    expect(verifySignature('s3cret', '1700000000', '{"a":2}', sig)).toBe(false);
    expect(verifySignature('s3cret', '1700000000', '{"a":1}', 'sha256=00')).toBe(false);
  });
});
