/**
 * The CA/Browser Forum lifetime schedule (ballot SC-081) and the Certificate Transparency check, on
 * hand-written evidence: each limit exactly met, one second and one day over, each issue-date boundary,
 * and the private-root and untrusted cases that no public rule binds.
 */
import { describe, expect, it } from 'vitest';
import { TLS_CHECKS } from '../../../src/checks/tls/index.js';
import { lifetimeMs, maxValidityDays } from '../../../src/checks/tls/certificate-validity.js';
import type { CheckResult } from '../../../src/model/finding.js';
import type { CertificateEvidence, CertificateInfo, TlsEvidence } from '../../../src/model/tls.js';
import { SCORING_TABLE } from '../../../src/scoring/table.js';
import { NOW, cert, evidenceOf, modernTls } from './fixtures.js';

const DAY = 86_400_000;

function withLeaf(overrides: Partial<CertificateInfo>, anchor: CertificateEvidence['anchor'] = 'public'): TlsEvidence {
  const tls = modernTls();
  if (tls.certificate.status !== 'ok') throw new Error('fixture');
  const data = tls.certificate.data;
  tls.certificate = { status: 'ok', data: { ...data, chain: [cert(overrides), ...data.chain.slice(1)], trusted: anchor !== 'none', anchor } };
  return tls;
}
const find = (tls: TlsEvidence, id: string): CheckResult | undefined =>
  TLS_CHECKS.flatMap((c) => c.run(evidenceOf(tls), { now: NOW })).find((r) => r.id === id);

/** A leaf issued at `issued` whose lifetime, counted as the Baseline Requirements count it, is `ms`. */
const lasting = (issued: string, ms: number, anchor?: CertificateEvidence['anchor']) =>
  withLeaf({ notBefore: new Date(issued).toISOString(), notAfter: new Date(Date.parse(issued) + ms - 1000).toISOString() }, anchor);

describe('certificate lifetime by the CA/Browser Forum schedule', () => {
  it('counts the lifetime from notBefore to notAfter, both seconds included', () => {
    expect(lifetimeMs({ notBefore: '2026-04-01T00:00:00Z', notAfter: '2026-04-01T00:00:59Z' })).toBe(60_000);
  });

  it('takes the limit from the issue date, each boundary at 00:00 UTC', () => {
    const cases: [string, number | null][] = [
      ['2020-08-31T23:59:59Z', 825],
      ['2020-09-01T00:00:00Z', 398],
      ['2026-03-14T23:59:59Z', 398],
      ['2026-03-15T00:00:00Z', 200],
      ['2027-03-14T23:59:59Z', 200],
      ['2027-03-15T00:00:00Z', 100],
      ['2029-03-14T23:59:59Z', 100],
      ['2029-03-15T00:00:00Z', 47],
      ['2040-01-01T00:00:00Z', 47],
    ];
    for (const [issued, days] of cases) expect(maxValidityDays(new Date(issued)), issued).toBe(days);
  });

  const STEPS: [issued: string, limit: number, severityOneDayOver: string][] = [
    ['2026-03-14T23:59:59Z', 398, 'high'],
    ['2026-03-15T00:00:00Z', 200, 'medium'],
    ['2027-03-15T00:00:00Z', 100, 'medium'],
    ['2029-03-15T00:00:00Z', 47, 'medium'],
  ];
  it.each(STEPS)('issued %s: %i days is allowed, one second or one day more is not', (issued, limit, severity) => {
    expect(find(lasting(issued, limit * DAY), 'cert_long_validity')).toBeUndefined();
    const second = find(lasting(issued, limit * DAY + 1000), 'cert_long_validity');
    expect(second).toMatchObject({ details: { limitDays: limit, lifetimeDays: limit } });
    expect(second!.title).toContain(`more than ${limit}`);
    const day = find(lasting(issued, (limit + 1) * DAY), 'cert_long_validity');
    expect(day).toMatchObject({ severity, details: { lifetimeDays: limit + 1, limitDays: limit, issued: new Date(issued).toISOString() } });
    expect(day!.title).toContain(`${limit + 1} days`);
  });

  it('a 398-day certificate is fine the second before 15 March 2026 and over the limit from then', () => {
    expect(find(lasting('2026-03-14T23:59:59Z', 398 * DAY), 'cert_long_validity')).toBeUndefined();
    expect(find(lasting('2026-03-15T00:00:00Z', 398 * DAY), 'cert_long_validity')).toMatchObject({ severity: 'medium', details: { limitDays: 200 } });
    expect(find(lasting('2026-03-15T00:00:00Z', 399 * DAY), 'cert_long_validity')).toMatchObject({ severity: 'high' });
  });

  it('holds neither a private (--ca) root nor an untrusted chain to the public schedule', () => {
    expect(find(lasting('2026-04-01T00:00:00Z', 800 * DAY, 'private'), 'cert_long_validity')).toBeUndefined();
    expect(find(lasting('2026-04-01T00:00:00Z', 800 * DAY, 'none'), 'cert_long_validity')).toBeUndefined();
  });

  it('scores over 398 days as high and a newer step as medium', () => {
    const row = SCORING_TABLE.cert_long_validity!;
    expect(row).toMatchObject({ severity: 'high', points: { high: 10, medium: 4 } });
  });
});

describe('Certificate Transparency', () => {
  const issued = '2026-06-01T00:00:00Z';
  const leaf = (embeddedScts: CertificateInfo['embeddedScts'], anchor?: CertificateEvidence['anchor']) =>
    withLeaf({ notBefore: issued, notAfter: '2026-09-01T00:00:00Z', embeddedScts }, anchor);
  const sct = { version: 0, logId: Buffer.alloc(32, 7).toString('base64'), timestamp: issued };

  it('a public certificate with embedded SCTs passes', () => {
    expect(find(leaf({ scts: [sct] }), 'cert_no_sct')).toBeUndefined();
  });

  it('a public certificate without the extension, or with an unreadable one, is a finding', () => {
    const none = find(leaf(null), 'cert_no_sct');
    expect(none).toMatchObject({ id: 'cert_no_sct', location: 'www.example.com:443' });
    expect(none!.evidence).toMatch(/no SCT list extension/);
    expect(none!.evidence).toMatch(/TLS handshake extension or in a stapled OCSP response are not visible/);
    const broken = find(leaf({ scts: [], error: 'the SCT list extension is malformed: SCT list needs 9 byte(s), 2 left' }), 'cert_no_sct');
    expect(broken!.evidence).toMatch(/malformed/);
  });

  it('private roots, untrusted chains and certificates from before CT was required are not judged', () => {
    expect(find(leaf(null, 'private'), 'cert_no_sct')).toBeUndefined();
    expect(find(leaf(null, 'none'), 'cert_no_sct')).toBeUndefined();
    expect(find(withLeaf({ notBefore: '2018-01-01T00:00:00Z', embeddedScts: null }), 'cert_no_sct')).toBeUndefined();
  });
});
