/** The revocation check on hand-written evidence. */
import { describe, expect, it } from 'vitest';
import { tlsRevocationCheck } from '../../../src/checks/tls/revocation.js';
import type { OcspAnswer, RevocationEvidence, TlsEvidence } from '../../../src/model/tls.js';
import { NOW, evidenceOf, modernTls } from './fixtures.js';

const answer = (over: Partial<OcspAnswer> = {}): OcspAnswer => ({
  status: 'good',
  responseStatus: 'successful',
  producedAt: '2026-11-25T10:00:00.000Z',
  thisUpdate: '2026-11-25T10:00:00.000Z',
  nextUpdate: '2026-11-28T10:00:00.000Z',
  revokedAt: null,
  reason: null,
  signatureValid: true,
  detail: 'good',
  ...over,
});

function withRevocation(over: Partial<RevocationEvidence>, stapledInHandshake = false): TlsEvidence {
  const tls = modernTls();
  tls.ocspStapled = stapledInHandshake;
  tls.revocation = { ocspUrls: [], crlUrls: [], ocsp: null, crl: null, stapled: null, mustStaple: false, notes: [], ...over };
  return tls;
}
const ids = (tls: TlsEvidence) => tlsRevocationCheck.run(evidenceOf(tls), { now: NOW }).map((r) => r.id).sort();

describe('revocation check', () => {
  const url = 'http://ocsp.ca.example';
  it('revoked by OCSP, by a staple or by the CRL, each only with a verified signature', () => {
    expect(ids(withRevocation({ ocspUrls: [url], ocsp: { url, ...answer({ status: 'revoked', revokedAt: '2026-11-20T00:00:00.000Z', reason: 'keyCompromise' }) } }, true))).toEqual(['cert_revoked']);
    expect(ids(withRevocation({ ocspUrls: [url], ocsp: { url, ...answer({ status: 'revoked', signatureValid: false }) } }, true))).toEqual([]);
    expect(ids(withRevocation({ stapled: answer({ status: 'revoked' }) }, true))).toEqual(['cert_revoked']);
    const crl = { url: 'http://crl.ca.example/1.crl', status: 'listed' as const, thisUpdate: NOW.toISOString(), nextUpdate: null, revokedAt: null, reason: null, signatureValid: true, entries: 3, detail: '' };
    expect(ids(withRevocation({ crl }, true))).toEqual(['cert_revoked']);
    expect(ids(withRevocation({ crl: { ...crl, signatureValid: false } }, true))).toEqual([]);
    expect(ids(withRevocation({ crl: { ...crl, signatureValid: null } }, true))).toEqual([]);
    expect(ids(withRevocation({ ocsp: { url, ...answer({ status: 'revoked', signatureValid: null }) } }, true))).toEqual([]);
  });

  it('the revoked finding says where and when', () => {
    const [f] = tlsRevocationCheck.run(evidenceOf(withRevocation({ ocspUrls: [url], ocsp: { url, ...answer({ status: 'revoked', revokedAt: '2026-11-20T00:00:00.000Z', reason: 'keyCompromise' }) }, stapled: answer() }, true)), { now: NOW });
    expect(f!.evidence).toBe(`OCSP ${url}: revoked 2026-11-20T00:00:00.000Z (keyCompromise), thisUpdate 2026-11-25T10:00:00.000Z, nextUpdate 2026-11-28T10:00:00.000Z, signature verified against the issuer`);
  });

  it('must-staple without a staple is high; stapling missing is information only, and only when the CA runs OCSP', () => {
    expect(ids(withRevocation({ mustStaple: true, ocspUrls: [url] }))).toEqual(['cert_must_staple_missing_staple']);
    expect(ids(withRevocation({ mustStaple: true, ocspUrls: [url], stapled: answer() }, true))).toEqual([]);
    expect(ids(withRevocation({ ocspUrls: [url] }))).toEqual(['tls_ocsp_stapling_missing']);
    // Let's Encrypt since 2025: no OCSP URI, nothing to staple, no finding.
    expect(ids(withRevocation({}))).toEqual([]);
  });

  it('not measured (no revocation evidence, or the handshake did not ask for a staple) is no finding', () => {
    const tls = withRevocation({ mustStaple: true, ocspUrls: [url] });
    tls.ocspStapled = null;
    expect(ids(tls)).toEqual([]);
    const old = modernTls();
    delete (old as { revocation?: unknown }).revocation;
    expect(ids(old)).toEqual([]);
  });
});
