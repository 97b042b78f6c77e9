/**
 * DANE as a sending server judges it, on hand-written evidence with real certificates from the lab CA:
 * every usage, selector and matching type, the rules that differ by usage (names and dates ignored by
 * DANE-EE; DANE-TA needs the anchor in the served chain; PKIX-* need PKIX validity and are unusable
 * for SMTP), the DNSSEC states of the lookup, and the findings and severities the checks make of them.
 * The expected association data is computed through Node's key export, not through our DER reader.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLabCa, type IssuedCert } from '../../lab/ca.js';
import { assessDane, rolloverReady, type ServedChain } from '../../../src/checks/mail/dane-match.js';
import { daneMxCheck, daneVerdictFor, mxDaneRows } from '../../../src/checks/mail/dane.js';
import { runChecks } from '../../../src/checks/run.js';
import { SCORING_TABLE } from '../../../src/scoring/table.js';
import { D, mailEvidence, mx, rec, tlsa } from './dane-evidence.js';

const derB64 = (pem: string): string => new X509Certificate(pem).raw.toString('base64');
const spki = (pem: string): Buffer => new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const sha512 = (b: Buffer): string => createHash('sha512').update(b).digest('hex');

let caPem: string;
let leaf: IssuedCert;
let next: IssuedCert;
let oddLeaf: IssuedCert;
const HOST = `mail.${D}`;
const NAME = `_25._tcp.${HOST}`;

beforeAll(async () => {
  const ca = await createLabCa('DANE test CA');
  caPem = ca.certPem;
  leaf = await ca.issue({ dnsNames: [HOST] });
  next = await ca.issue({ dnsNames: [HOST] });
  // Expired, self-signed and for another name: everything PKIX refuses, nothing DANE-EE looks at.
  oddLeaf = await ca.issue({ dnsNames: ['other.example'], selfSigned: true, notBefore: new Date('2020-01-01'), notAfter: new Date('2020-02-01') });
}, 60_000);

const served = (pems: string[], extra: Partial<ServedChain> = {}): ServedChain => ({ chainDer: pems.map(derB64), pkixValid: true, nameMatches: true, ...extra });
const leafSpki311 = () => rec(3, 1, 1, sha256(spki(leaf.certPem)));

describe('a DANE client\'s verdict (assessDane)', () => {
  it('DANE-EE with each selector and matching type matches the leaf', () => {
    const der = new X509Certificate(leaf.certPem).raw;
    for (const record of [leafSpki311(), rec(3, 1, 2, sha512(spki(leaf.certPem))), rec(3, 1, 0, spki(leaf.certPem).toString('hex')), rec(3, 0, 1, sha256(der)), rec(3, 0, 2, sha512(der)), rec(3, 0, 0, der.toString('hex'))]) {
      const a = assessDane(tlsa(NAME, [record]), 'smtp', served([leaf.certPem, caPem]), 'seen');
      expect([record.selector, record.matchingType, a.verdict]).toEqual([record.selector, record.matchingType, 'valid']);
    }
  });

  it('DANE-EE ignores names, dates and the issuer (RFC 7671 §5.1)', () => {
    const a = assessDane(tlsa(NAME, [rec(3, 1, 1, sha256(spki(oddLeaf.certPem)))]), 'smtp', served([oddLeaf.certPem], { pkixValid: false, nameMatches: false }), 'seen');
    expect(a.verdict).toBe('valid');
  });

  it('a record for another key is a mismatch', () => {
    const a = assessDane(tlsa(NAME, [rec(3, 1, 1, sha256(spki(next.certPem)))]), 'smtp', served([leaf.certPem, caPem]), 'seen');
    expect([a.verdict, a.why]).toEqual(['invalid', 'no_match']);
  });

  it('DANE-TA matches an issuer the server sent, by certificate or by key, when the leaf names the host', () => {
    const caDer = new X509Certificate(caPem).raw;
    for (const record of [rec(2, 0, 1, sha256(caDer)), rec(2, 1, 1, sha256(spki(caPem)))]) {
      expect(assessDane(tlsa(NAME, [record]), 'smtp', served([leaf.certPem, caPem], { pkixValid: false }), 'seen').verdict).toBe('valid');
      // The anchor must be in the served chain (RFC 7672 §3.1.2) …
      expect(assessDane(tlsa(NAME, [record]), 'smtp', served([leaf.certPem]), 'seen').why).toBe('no_match');
      // … and DANE-TA keeps the name check (RFC 7672 §3.2.3).
      expect(assessDane(tlsa(NAME, [record]), 'smtp', served([leaf.certPem, caPem], { nameMatches: false }), 'seen').why).toBe('no_match');
    }
  });

  it('DANE-TA needs the leaf to chain to the anchor: a CA certificate merely sent alongside does not count', () => {
    const record = rec(2, 0, 1, sha256(new X509Certificate(caPem).raw));
    expect(assessDane(tlsa(NAME, [record]), 'smtp', served([oddLeaf.certPem, caPem]), 'seen').why).toBe('no_match');
  });

  it('PKIX usages are unusable for SMTP (RFC 7672 §3.1.3), and need PKIX validity on the web', () => {
    const pkixEe = rec(1, 1, 1, sha256(spki(leaf.certPem)));
    const smtp = assessDane(tlsa(NAME, [pkixEe]), 'smtp', served([leaf.certPem, caPem]), 'seen');
    expect([smtp.verdict, smtp.why]).toEqual(['unusable', 'no_usable_record']);
    expect(smtp.unusable[0]!.why).toContain('RFC 7672');
    expect(assessDane(tlsa('_443._tcp.www', [pkixEe]), 'https', served([leaf.certPem, caPem]), 'seen').verdict).toBe('valid');
    expect(assessDane(tlsa('_443._tcp.www', [pkixEe]), 'https', served([leaf.certPem, caPem], { pkixValid: false }), 'seen').verdict).toBe('invalid');
    const pkixTa = rec(0, 0, 1, sha256(new X509Certificate(caPem).raw));
    expect(assessDane(tlsa('_443._tcp.www', [pkixTa]), 'https', served([leaf.certPem, caPem]), 'seen').verdict).toBe('valid');
  });

  it('records with undefined parameters or digests of the wrong length are skipped; a usable one beside them still counts', () => {
    const bad = [rec(4, 1, 1, sha256(spki(leaf.certPem))), rec(3, 2, 1, 'ab'), rec(3, 1, 9, 'ab'), rec(3, 1, 1, 'abcd')];
    const a = assessDane(tlsa(NAME, bad), 'smtp', served([leaf.certPem]), 'seen');
    expect([a.verdict, a.unusable.length]).toEqual(['unusable', 4]);
    expect(assessDane(tlsa(NAME, [...bad, leafSpki311()]), 'smtp', served([leaf.certPem]), 'seen').verdict).toBe('valid');
  });

  it('follows the DNSSEC state of the lookup: unsigned, bogus, proven absent, unjudged', () => {
    const chain = served([leaf.certPem]);
    expect(assessDane(tlsa(NAME, [leafSpki311()], { dnssec: 'insecure' }), 'smtp', chain, 'seen').why).toBe('unsigned_zone');
    expect(assessDane(tlsa(NAME, [leafSpki311()], { dnssec: 'bogus' }), 'smtp', chain, 'seen').why).toBe('bogus');
    expect(assessDane(tlsa(NAME, []), 'smtp', chain, 'seen').why).toBe('no_tlsa_signed');
    expect(assessDane(tlsa(NAME, [], { dnssec: 'insecure' }), 'smtp', chain, 'seen').why).toBe('no_tlsa_unsigned');
    expect(assessDane(tlsa(NAME, [leafSpki311()], { dnssec: 'indeterminate' }), 'smtp', chain, 'seen').verdict).toBe('not_measured');
    expect(assessDane(tlsa(NAME, [], { status: 'error', code: 'DNS_TIMEOUT', dnssec: 'indeterminate' }), 'smtp', chain, 'seen').verdict).toBe('not_measured');
    expect(assessDane(undefined, 'smtp', chain, 'seen').verdict).toBe('not_measured');
  });

  it('usable records and no STARTTLS is a failure; no TLS session measured is no verdict', () => {
    expect(assessDane(tlsa(NAME, [leafSpki311()]), 'smtp', undefined, 'not_offered').why).toBe('no_tls');
    expect(assessDane(tlsa(NAME, [leafSpki311()]), 'smtp', undefined, 'not_measured').verdict).toBe('not_measured');
  });

  it('survives a served chain that is not certificates', () => {
    const a = assessDane(tlsa(NAME, [leafSpki311(), rec(2, 1, 1, sha256(spki(caPem)))]), 'smtp', { chainDer: ['AAAA', 'MIIB', ''], pkixValid: false, nameMatches: true }, 'seen');
    expect(a.why).toBe('no_match');
  });

  it('rollover: ready with a record for the next key or a DANE-TA record, not with one record or only the current key twice', () => {
    const chain = served([leaf.certPem, caPem]);
    const ready = (records: ReturnType<typeof rec>[]) => rolloverReady(assessDane(tlsa(NAME, records), 'smtp', chain, 'seen'), chain);
    expect(ready([leafSpki311()])).toBe(false);
    expect(ready([leafSpki311(), rec(3, 0, 1, sha256(new X509Certificate(leaf.certPem).raw))])).toBe(false);
    expect(ready([leafSpki311(), rec(3, 1, 1, sha256(spki(next.certPem)))])).toBe(true);
    expect(ready([leafSpki311(), rec(2, 1, 1, sha256(spki(caPem)))])).toBe(true);
  });
});

describe('the MX DANE check', () => {
  const results = (mxs: Parameters<typeof mailEvidence>[0]) => runChecks([daneMxCheck], mailEvidence(mxs)).flatMap((r) => r.results);

  it('a valid single record: only the rollover note', () => {
    const found = results([mx(HOST, [derB64(leaf.certPem)], tlsa(NAME, [leafSpki311()]))]);
    expect(found.map((f) => f.id)).toEqual(['dane_no_rollover']);
    expect(SCORING_TABLE.dane_no_rollover!.points).toBe(0);
  });

  it('a valid pair for current and next key: nothing to report, and the row says valid', () => {
    const m = mx(HOST, [derB64(leaf.certPem)], tlsa(NAME, [leafSpki311(), rec(3, 1, 1, sha256(spki(next.certPem)))]));
    expect(results([m])).toEqual([]);
    expect(daneVerdictFor(m)).toBe('valid');
    const [row] = mxDaneRows({ domain: D, mx: [m], notProbed: [], boundMs: 1 });
    expect(row).toMatchObject({ host: HOST, name: NAME, verdict: 'valid', dnssec: 'secure' });
    expect(row!.records).toHaveLength(2);
  });

  it('a mismatch and a bogus RRset are critical for mail; unsigned and unusable medium; a signed zone without TLSA low', () => {
    const wrong = mx(`mx1.${D}`, [derB64(leaf.certPem)], tlsa(`_25._tcp.mx1.${D}`, [rec(3, 1, 1, sha256(spki(next.certPem)))]));
    const bogus = mx(`mx2.${D}`, [derB64(leaf.certPem)], tlsa(`_25._tcp.mx2.${D}`, [leafSpki311()], { dnssec: 'bogus', dnssecExplanation: 'RRSIG does not verify' }));
    const unsigned = mx(`mx3.${D}`, [derB64(leaf.certPem)], tlsa(`_25._tcp.mx3.${D}`, [leafSpki311()], { dnssec: 'insecure' }));
    const pkix = mx(`mx4.${D}`, [derB64(leaf.certPem)], tlsa(`_25._tcp.mx4.${D}`, [rec(1, 1, 1, sha256(spki(leaf.certPem)))]));
    const none = mx(`mx5.${D}`, [derB64(leaf.certPem)], tlsa(`_25._tcp.mx5.${D}`, []));
    const noStarttls = { ...mx(`mx6.${D}`, [], tlsa(`_25._tcp.mx6.${D}`, [leafSpki311()])), starttlsOffered: false };
    delete (noStarttls as { tls?: unknown }).tls;
    const found = results([wrong, bogus, unsigned, pkix, none, noStarttls]);
    expect(found.map((f) => [f.id, f.severity ?? SCORING_TABLE[f.id]!.severity, f.location, f.cause])).toEqual([
      ['dane_tlsa_mismatch', 'critical', `_25._tcp.mx1.${D}`, 'no_match'],
      ['dane_tlsa_bogus', 'critical', `_25._tcp.mx2.${D}`, undefined],
      ['dane_tlsa_unsigned', 'medium', `_25._tcp.mx3.${D}`, undefined],
      ['dane_tlsa_unusable', 'medium', `_25._tcp.mx4.${D}`, undefined],
      ['dane_not_used', 'low', `_25._tcp.mx5.${D}`, undefined],
      ['dane_tlsa_mismatch', 'critical', `_25._tcp.mx6.${D}`, 'no_starttls'],
    ]);
    expect(found[1]!.evidence).toContain('RRSIG does not verify');
    expect(SCORING_TABLE.dane_tlsa_mismatch!.cap).toEqual({ critical: 'unreachable' });
  });

  it('an MX in an unsigned zone without TLSA, or one not measured, gives no DANE finding', () => {
    const unsignedNone = mx(`mx1.${D}`, [derB64(leaf.certPem)], tlsa(`_25._tcp.mx1.${D}`, [], { dnssec: 'insecure' }));
    const silent = { ...mx(`mx2.${D}`, [], tlsa(`_25._tcp.mx2.${D}`, [leafSpki311()])), outcome: 'not_measured' as const, reason: 'no answer in 10 s' };
    expect(results([unsignedNone, silent])).toEqual([]);
    expect(daneVerdictFor(silent)).toBe('not_measured');
  });

  it('says "not measured" when the DNS server strips what DANE needs for every MX', () => {
    const gap = tlsa(NAME, [], { status: 'nxdomain', dnssec: 'indeterminate', resolverGap: 'records_stripped', dnssecExplanation: 'the DNS server returns TLSA without signatures' });
    const [run] = runChecks([daneMxCheck], mailEvidence([mx(HOST, [derB64(leaf.certPem)], gap)]));
    expect(run!.results).toEqual([]);
    expect(JSON.stringify(run)).toContain('the DNS server returns TLSA without signatures');
  });
});

describe('DANE decides how an MX certificate problem weighs (checks/mail/common.ts mxAuthentication)', () => {
  it('a matching DANE-EE record makes an untrusted, mis-named certificate information; a mismatching one leaves it a problem', async () => {
    const { mxCertificateCheck } = await import('../../../src/checks/mail/certificate.js');
    const { mailTransportTableOf } = await import('../../../src/checks/mail/transport-table.js');
    const now = new Date('2026-06-01T00:00:00Z');
    const odd = (record: ReturnType<typeof rec>) =>
      mailEvidence([mx(HOST, [derB64(oddLeaf.certPem)], tlsa(NAME, [record]), { trusted: false, nameMatches: false })]);
    const matching = odd(rec(3, 1, 1, sha256(spki(oddLeaf.certPem))));
    const [authenticated] = mxCertificateCheck.run(matching, { now });
    expect([authenticated?.severity, authenticated?.details?.authentication]).toEqual(['info', 'dane']);
    const rows = mailTransportTableOf(matching, now).mailTransport![0]!.checks;
    expect(rows.find((c) => c.check === 'DANE')?.verdict).toBe('pass');
    expect(rows.find((c) => c.check === 'Certificate')?.verdict).toBe('info');

    const mismatching = odd(rec(3, 1, 1, sha256(spki(next.certPem))));
    const [opportunistic] = mxCertificateCheck.run(mismatching, { now });
    expect([opportunistic?.severity, opportunistic?.details?.authentication]).toEqual(['low', 'opportunistic']);
    const dane = mailTransportTableOf(mismatching, now).mailTransport![0]!.checks.find((c) => c.check === 'DANE');
    expect([dane?.verdict, dane?.findingId]).toEqual(['fail', 'dane_tlsa_mismatch']);
  });
});
