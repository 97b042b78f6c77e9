/**
 * The mail-transport checks on hand-written evidence: STARTTLS, certificates weighed by how senders
 * treat the MX (opportunistic, MTA-STS testing, MTA-STS enforce), versions and ciphers, MXs that were
 * not measured, and the per-MX table the report shows even when everything passes.
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/checks/check.js';
import type { Evidence } from '../../../src/model/evidence.js';
import { starttlsCheck } from '../../../src/checks/mail/starttls.js';
import { mxCertificateCheck } from '../../../src/checks/mail/certificate.js';
import { mxProtocolCheck } from '../../../src/checks/mail/protocols.js';
import { mailTransportTableOf } from '../../../src/checks/mail/transport-table.js';
import { mxAuthentication } from '../../../src/checks/mail/common.js';
import { rescore } from '../../../src/engine/rescore.js';
import { domain, txt } from '../../causes/cases-dns.js';
import { MAIL_DOMAIN, MX_HOST, mailEvidence, mx, tlsSession } from '../../support/mail-evidence.js';

const run = (check: Check, e: Evidence) => check.run(e, { now: new Date(e.startedAt) });
const brief = (check: Check, e: Evidence) => run(check, e).map((r) => `${r.id}${r.cause ? `:${r.cause}` : ''}${r.severity ? `:${r.severity}` : ''}`);

/** The same mail evidence, with a DNS probe that fetched this MTA-STS policy. */
function withSts(mode: string, mxPattern = MX_HOST, base = mailEvidence([mx({ tls: tlsSession({ trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) })])): Evidence {
  const dns = domain(
    {},
    {
      mx: { name: MAIL_DOMAIN, status: 'ok', records: [{ priority: 10, exchange: MX_HOST }] },
      mtaSts: txt(`_mta-sts.${MAIL_DOMAIN}`, 'v=STSv1; id=1'),
      mtaStsPolicy: { url: `https://mta-sts.${MAIL_DOMAIN}/.well-known/mta-sts.txt`, status: 200, contentType: 'text/plain', body: `version: STSv1\nmode: ${mode}\nmx: ${mxPattern}\nmax_age: 86400\n`, certificateValid: true },
    },
  ).dns;
  return { ...base, dns };
}

describe('mail/starttls', () => {
  it('an MX that does not offer STARTTLS', () => {
    const e = mailEvidence([mx({ starttlsOffered: false, ehlo: ['PIPELINING', '8BITMIME'] }), mx({ host: 'mx2.site.example' })]);
    const r = run(starttlsCheck, e);
    expect(r.map((f) => [f.id, f.location])).toEqual([['mail_starttls_missing', MX_HOST]]);
    expect(r[0]!.evidence).toContain('EHLO answered: PIPELINING, 8BITMIME');
  });

  it('says nothing about an MX it could not measure, and cannot judge when none was measured', () => {
    const notMeasured = mx({ outcome: 'not_measured', reasonCode: 'timeout', reason: `${MX_HOST} (192.0.2.25) gave no SMTP greeting within the SMTP bound of 20 s. If …`, starttlsOffered: undefined, tls: undefined });
    const e = mailEvidence([notMeasured]);
    expect(run(starttlsCheck, e)).toEqual([]);
    expect(starttlsCheck.cannotJudge!(e)).toBe(notMeasured.reason);
    expect(starttlsCheck.cannotJudge!(mailEvidence([notMeasured, mx({ host: 'mx2.site.example' })]))).toBeUndefined();
  });
});

describe('mail/certificate', () => {
  it('a good certificate: nothing', () => {
    expect(run(mxCertificateCheck, mailEvidence())).toEqual([]);
  });

  it('expiry is read from the dates too, not only from the verifier', () => {
    const e = mailEvidence([mx({ tls: tlsSession({ notAfter: '2025-12-31T23:59:59.000Z' }) })]);
    expect(brief(mxCertificateCheck, e)).toEqual(['mail_certificate_invalid:expired:low']);
  });

  it('is low without MTA-STS (opportunistic TLS), medium under testing, critical under enforce', () => {
    expect(brief(mxCertificateCheck, mailEvidence([mx({ tls: tlsSession({ trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) })]))).toEqual(['mail_certificate_invalid:untrusted:low']);
    expect(brief(mxCertificateCheck, withSts('testing'))).toEqual(['mail_certificate_invalid:untrusted:medium']);
    expect(brief(mxCertificateCheck, withSts('enforce'))).toEqual(['mail_certificate_invalid:untrusted:critical']);
    // mode none, or a policy whose mx: patterns leave this MX out, does not protect it.
    expect(brief(mxCertificateCheck, withSts('none'))).toEqual(['mail_certificate_invalid:untrusted:low']);
    expect(brief(mxCertificateCheck, withSts('enforce', 'other.example'))).toEqual(['mail_certificate_invalid:untrusted:low']);
  });

  it('an MX covered by a wildcard pattern is under the policy', () => {
    expect(mxAuthentication(withSts('enforce', `*.${MAIL_DOMAIN}`), { host: MX_HOST })).toBe('mta-sts-enforce');
  });

  it('critical under enforce caps the score (mail stops)', () => {
    const report = rescore(withSts('enforce'));
    expect(report.caps).toContainEqual({ id: 'mail_certificate_invalid', cap: 50, class: 'unreachable' });
    expect(report.findings.find((f) => f.id === 'mail_certificate_invalid')).toMatchObject({ severity: 'critical', pointsLost: 10 });
  });
});

describe('mail/protocols', () => {
  const versions = (accepted: Record<string, boolean | null>, cipher = 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384') =>
    Object.entries(accepted).map(([protocol, a]) => ({ protocol, accepted: a, ...(a ? { cipher } : {}) }));

  it('TLS 1.2 and 1.3 only: nothing', () => {
    expect(run(mxProtocolCheck, mailEvidence())).toEqual([]);
  });

  it('only TLS 1.0: insufficient', () => {
    const tls = tlsSession({ protocol: 'TLSv1.0', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', versions: versions({ 'TLSv1.0': true, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false }, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA') });
    expect(brief(mxProtocolCheck, mailEvidence([mx({ tls })]))).toEqual(['mail_tls_legacy_only']);
  });

  it('TLS 1.0 and 1.1 beside 1.2: phase out', () => {
    const tls = tlsSession({ protocol: 'TLSv1.2', versions: versions({ 'TLSv1.0': true, 'TLSv1.1': true, 'TLSv1.2': true, 'TLSv1.3': false }) });
    const r = run(mxProtocolCheck, mailEvidence([mx({ tls })]));
    expect(r.map((f) => f.id)).toEqual(['mail_tls_legacy_offered']);
    expect(r[0]!.title).toContain('TLSv1.0 and TLSv1.1 beside TLSv1.2');
  });

  it('versions it could not try do not count as refused: the negotiated one stands', () => {
    const tls = tlsSession({ protocol: 'TLSv1.3', versions: versions({ 'TLSv1.0': null, 'TLSv1.1': null, 'TLSv1.2': null, 'TLSv1.3': null }) });
    expect(run(mxProtocolCheck, mailEvidence([mx({ tls })]))).toEqual([]);
  });

  it('a 3DES suite is insufficient (medium); RSA key exchange is phase out (low)', () => {
    const des = tlsSession({ protocol: 'TLSv1.2', cipher: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', versions: versions({ 'TLSv1.2': true }, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA') });
    expect(brief(mxProtocolCheck, mailEvidence([mx({ tls: des })]))).toEqual(['mail_tls_weak_cipher:medium']);
    const rsa = tlsSession({ protocol: 'TLSv1.2', cipher: 'TLS_RSA_WITH_AES_128_GCM_SHA256', versions: versions({ 'TLSv1.2': true }, 'TLS_RSA_WITH_AES_128_GCM_SHA256') });
    expect(brief(mxProtocolCheck, mailEvidence([mx({ tls: rsa })]))).toEqual(['mail_tls_weak_cipher:low']);
  });
});

describe('the per-MX table', () => {
  it('shows every check of a passing MX, so the reader sees mail transport was tested', () => {
    const { mailTransport } = mailTransportTableOf(mailEvidence(), new Date('2026-01-01T00:00:00Z'));
    expect(mailTransport).toEqual([
      {
        host: MX_HOST,
        priority: 10,
        address: '192.0.2.25',
        outcome: 'measured',
        checks: [
          { check: 'STARTTLS', verdict: 'pass', detail: 'offered; handshake completed with TLSv1.3' },
          { check: 'TLS versions', verdict: 'pass', detail: 'TLSv1.0 no, TLSv1.1 no, TLSv1.2 yes, TLSv1.3 yes' },
          { check: 'Cipher', verdict: 'pass', detail: 'TLS_AES_256_GCM_SHA384' },
          { check: 'Certificate', verdict: 'pass', detail: `${MX_HOST}; trusted; name matches; valid until 2026-03-01` },
          { check: 'DANE', verdict: 'not_tested', detail: 'TLSA records not looked up' },
        ],
      },
    ]);
  });

  it('names the finding of a failing check, and the reason of an MX not measured', () => {
    const e = mailEvidence([mx({ starttlsOffered: false, tls: undefined }), mx({ host: 'mx2.site.example', outcome: 'not_measured', reason: 'mx2: closed', tls: undefined })]);
    const rows = mailTransportTableOf(e, new Date(e.startedAt)).mailTransport!;
    expect(rows[0]!.checks[0]).toEqual({ check: 'STARTTLS', verdict: 'fail', detail: 'not offered in the EHLO answer', findingId: 'mail_starttls_missing' });
    expect(rows[1]).toMatchObject({ outcome: 'not_measured', reason: 'mx2: closed', checks: [] });
  });

  it('is in the report built from evidence, and absent without mail evidence', () => {
    expect(rescore(mailEvidence()).mailTransport).toHaveLength(1);
    expect(rescore(domain()).mailTransport).toBeUndefined();
  });
});

describe('without the DNS half of the category', () => {
  const bad = () => mailEvidence([mx({ tls: tlsSession({ trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) })]);

  it('the certificate check stands aside when the DNS probe did not run (the MTA-STS mode is unknown), and the table says so', () => {
    const report = rescore(bad());
    expect(report.findings.map((f) => f.id)).not.toContain('mail_certificate_invalid');
    const cert = report.mailTransport![0]!.checks.find((c) => c.check === 'Certificate')!;
    expect(cert).toMatchObject({ verdict: 'fail', findingId: 'mail_certificate_invalid' });
    expect(cert.detail).toMatch(/its weight depends on MTA-STS, which this scan did not read/);
  });

  it('when the DNS probe failed, the mail checks do not make the category look measured', () => {
    const e: Evidence = { ...mailEvidence([mx({ starttlsOffered: false, tls: undefined })]), dns: { status: 'unavailable', reason: 'timed out', code: 'DNS_DEADLINE' } as Evidence['dns'] };
    const report = rescore(e);
    expect(report.categories.find((c) => c.id === 'dns')).toMatchObject({ status: 'not_measured' });
    expect(report.findings.map((f) => f.id)).not.toContain('mail_starttls_missing');
  });
});
