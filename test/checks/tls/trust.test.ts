/** The trust check on hand-written evidence: AIA completion, unknown issuers, interception roots. */
import { describe, expect, it } from 'vitest';
import { tlsCertificateTrustCheck } from '../../../src/checks/tls/certificate-trust.js';
import { INTERCEPTION_ROOTS, findInterceptionRoot } from '../../../src/model/interception-roots.js';
import type { CheckResult } from '../../../src/model/finding.js';
import type { ChainCompletionEvidence, TlsEvidence } from '../../../src/model/tls.js';
import { NOW, cert, evidenceOf, modernTls } from './fixtures.js';

const run = (tls: TlsEvidence) => tlsCertificateTrustCheck.run(evidenceOf(tls), { now: NOW }) as CheckResult[];

function missingIssuer(completion: ChainCompletionEvidence | null | undefined): TlsEvidence {
  const tls = modernTls();
  if (tls.certificate.status !== 'ok') throw new Error('fixture');
  tls.certificate.data = { ...tls.certificate.data, chain: [tls.certificate.data.chain[0]!], servedCount: 1, trusted: false, anchor: 'none', verifyError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' };
  (tls as { chainCompletion?: ChainCompletionEvidence | null }).chainCompletion = completion as ChainCompletionEvidence | null;
  if (completion === undefined) delete (tls as { chainCompletion?: unknown }).chainCompletion;
  return tls;
}

const completion = (over: Partial<ChainCompletionEvidence>): ChainCompletionEvidence => ({
  incompleteAt: 'CN=www.example.com',
  missingIssuer: 'CN=Example Issuing CA',
  fetches: [{ url: 'http://ca.example/issuer.crt', outcome: 'fetched', detail: '1 certificate in 40 ms', certificates: [{ subject: 'CN=Example Issuing CA', sha256Fingerprint: 'AB' }] }],
  validates: true,
  root: 'CN=Example Root',
  detail: 'with http://ca.example/issuer.crt the chain reaches CN=Example Root',
  ...over,
});

describe('trust: incomplete chain vs unknown issuer', () => {
  it('an issuer fetched through AIA that completes the chain: incomplete chain, with where it came from', () => {
    const [f, ...rest] = run(missingIssuer(completion({})));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'cert_incomplete_chain' });
    expect(f!.evidence).toMatch(/AIA http:\/\/ca\.example\/issuer\.crt: fetched/);
    expect(f!.evidence).toMatch(/validates to CN=Example Root/);
  });

  it('an issuer AIA did not give: unknown and untrusted, with both fixes', () => {
    const [f] = run(missingIssuer(completion({ validates: false, root: null, fetches: [{ url: 'http://ca.example/x.crt', outcome: 'failed', detail: 'HTTP 404', certificates: [] }], detail: 'the issuer CN=Example Issuing CA was not found through AIA either' })));
    expect(f).toMatchObject({ id: 'cert_untrusted', cause: 'issuer_unknown' });
    expect(f!.title).toBe('The certificate\'s issuer (CN=Example Issuing CA) is unknown and untrusted: not sent by the server, not found through AIA, not a known CA');
    expect(f!.evidence).toMatch(/send your CA's full chain/);
    expect(f!.evidence).toMatch(/use a publicly trusted certificate/);
  });

  it('evidence saved before the AIA search (no field) is judged as before', () => {
    expect(run(missingIssuer(undefined)).map((r) => r.id)).toEqual(['cert_incomplete_chain']);
  });

  it('a chain to a catalogued root is named for it and replaces the other trust findings', () => {
    const tls = modernTls();
    if (tls.certificate.status !== 'ok') throw new Error('fixture');
    tls.certificate.data = {
      ...tls.certificate.data,
      chain: [cert({ issuer: 'CN=eDellRoot' }), cert({ subject: 'CN=eDellRoot', issuer: 'CN=eDellRoot', isCA: true, selfSigned: true })],
      trusted: false,
      anchor: 'none',
      verifyError: 'SELF_SIGNED_CERT_IN_CHAIN',
    };
    const results = run(tls);
    expect(results.map((r) => r.id)).toEqual(['cert_interception_root']);
    expect(results[0]!.evidence).toMatch(/VU#925497/);
  });

  it('a publicly anchored chain is never called interception, whatever its names', () => {
    const tls = modernTls();
    if (tls.certificate.status !== 'ok') throw new Error('fixture');
    tls.certificate.data.chain[0] = cert({ subject: 'CN=mitmproxy, O=mitmproxy' });
    expect(run(tls).map((r) => r.id)).toEqual([]);
  });

  it('the catalogue matches its documented subjects and not look-alikes', () => {
    const named = (subject: string) => findInterceptionRoot([{ subject, issuer: 'CN=x' }])?.root.name ?? null;
    expect(named('CN=Superfish\\, Inc., O=Superfish\\, Inc., L=SAN JOSE, ST=CA, C=US')).toMatch(/Superfish/);
    expect(named('CN=DSDTestProvider')).toBe('DSDTestProvider');
    expect(named('CN=PortSwigger CA, OU=PortSwigger CA, O=PortSwigger')).toMatch(/Burp/);
    expect(named('CN=DO_NOT_TRUST_FiddlerRoot, O=DO_NOT_TRUST')).toBe('Fiddler');
    expect(named('CN=OWASP Zed Attack Proxy Root CA')).toBe('OWASP ZAP');
    expect(named('CN=Charles Proxy CA (25 Nov 2026, host)')).toBe('Charles Proxy');
    expect(named('CN=www.superfishing.example')).toBeNull();
    expect(named('CN=Let\'s Encrypt R10')).toBeNull();
    expect(INTERCEPTION_ROOTS.every((r) => r.source.length > 0)).toBe(true);
  });
});
