/** Can current browsers connect? Hand-written TLS evidence: said "no" only where it is certain. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { browserReach } from '../../../src/checks/tls/browser-reach.js';
import { tlsNoBrowserCheck } from '../../../src/checks/tls/no-browser.js';
import type { TlsEvidence, TlsProtocol } from '../../../src/model/tls.js';
import { CIPHER_SUITES } from '../../../src/net/tls/cipher-suites.js';
import { suiteResult } from '../../../src/probes/tls/protocols.js';
import { NOW, evidenceOf, modernTls, suite } from './fixtures.js';

/** A server that answers exactly `versions`, with `tls12` as its TLS 1.2 suite list. */
function server(versions: TlsProtocol[], tls12: string[] = [], complete = true): TlsEvidence {
  const tls = modernTls();
  tls.protocols = tls.protocols.map((p) => ({ ...p, supported: versions.includes(p.protocol), answer: versions.includes(p.protocol) ? `ServerHello ${p.protocol}` : 'alert 70 protocol_version' }));
  tls.ciphers = versions.includes('TLSv1.2') ? [{ protocol: 'TLSv1.2', suites: tls12.map(suite), serverPreference: null, complete }] : [];
  return tls;
}

const finding = (tls: TlsEvidence) => tlsNoBrowserCheck.run(evidenceOf(tls), { now: NOW });

describe('current browsers and the versions and suites a server accepts', () => {
  it('a modern server is reachable and gets no finding', () => {
    expect(browserReach(modernTls())).toEqual({ reachable: true });
    expect(finding(modernTls())).toEqual([]);
  });

  it('TLS 1.0 and 1.1 only: unreachable, said in words, with each hello answer as proof', () => {
    const tls = server(['TLSv1.0', 'TLSv1.1']);
    expect(browserReach(tls)).toEqual({ reachable: false, accepts: 'only TLS 1.0 and TLS 1.1' });
    const [result] = finding(tls);
    expect(result).toMatchObject({ id: 'tls_no_browser_can_connect', title: 'Current browsers cannot connect: the server accepts only TLS 1.0 and TLS 1.1', location: 'www.example.com:443' });
    expect(result!.evidence).toContain('TLSv1.1 hello answered: ServerHello TLSv1.1');
    expect(result!.evidence).toContain('TLSv1.3 hello answered: alert 70 protocol_version');
  });

  it('SSL 3.0 only', () => {
    expect(browserReach(server(['SSLv3']))).toEqual({ reachable: false, accepts: 'only SSL 3.0' });
  });

  it('TLS 1.2 with only NULL and anonymous suites: unreachable, the suites listed', () => {
    const tls = server(['TLSv1.2'], ['TLS_RSA_WITH_NULL_SHA256', 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA']);
    expect(browserReach(tls)).toEqual({ reachable: false, accepts: 'TLS 1.2 only with NULL (unencrypted) and anonymous (unauthenticated) cipher suites' });
    expect(finding(tls)[0]!.evidence).toContain('TLSv1.2 suites accepted: TLS_RSA_WITH_NULL_SHA256, TLS_ECDH_anon_WITH_AES_128_CBC_SHA');
  });

  it('old versions and RC4 on TLS 1.2: both said', () => {
    const tls = server(['TLSv1.0', 'TLSv1.1', 'TLSv1.2'], ['TLS_RSA_WITH_RC4_128_SHA', 'TLS_ECDHE_RSA_WITH_RC4_128_SHA']);
    expect(browserReach(tls)).toEqual({ reachable: false, accepts: 'only TLS 1.0 and TLS 1.1, and TLS 1.2 only with RC4 cipher suites' });
  });

  it('3DES on TLS 1.2 is not called unreachable: Safari still offers it', () => {
    expect(browserReach(server(['TLSv1.2'], ['TLS_RSA_WITH_3DES_EDE_CBC_SHA']))).toEqual({ reachable: true });
  });

  it('one suite a browser offers among dead ones is enough', () => {
    expect(browserReach(server(['TLSv1.2'], ['TLS_RSA_WITH_NULL_SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA']))).toEqual({ reachable: true });
  });

  it('TLS 1.3 is enough, whatever else answers', () => {
    expect(browserReach(server(['SSLv3', 'TLSv1.3']))).toEqual({ reachable: true });
  });

  it('leaves it open when the evidence cannot settle it', () => {
    // The TLS 1.2 suite list was cut short: a suite browsers offer may be among the rest.
    expect(browserReach(server(['TLSv1.2'], ['TLS_RSA_WITH_NULL_SHA'], false))).toEqual({ reachable: null });
    // TLS 1.3 or TLS 1.2 could not be told.
    const unclear13 = server(['TLSv1.0']);
    unclear13.protocols = unclear13.protocols.map((p) => (p.protocol === 'TLSv1.3' ? { ...p, supported: null } : p));
    expect(browserReach(unclear13)).toEqual({ reachable: null });
    const unclear12 = server(['TLSv1.0']);
    unclear12.protocols = unclear12.protocols.map((p) => (p.protocol === 'TLSv1.2' ? { ...p, supported: null } : p));
    expect(browserReach(unclear12)).toEqual({ reachable: null });
    expect(finding(unclear12)).toEqual([]);
    // An unclear answer on an old version changes nothing.
    const unclearSsl2 = server(['TLSv1.0']);
    unclearSsl2.protocols = unclearSsl2.protocols.map((p) => (p.protocol === 'SSLv2' ? { ...p, supported: null } : p));
    expect(browserReach(unclearSsl2)).toEqual({ reachable: false, accepts: 'only TLS 1.0' });
  });

  it('never says unreachable when TLS 1.3 answers or TLS 1.2 accepts a suite outside the dead families (property)', () => {
    const dead = ['null', 'anon', 'export', 'rc4', 'des', 'psk', 'srp'];
    const tls12Suites = [...CIPHER_SUITES.values()].filter((s) => !s.flags.includes('tls13'));
    const versions: TlsProtocol[] = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
    fc.assert(
      fc.property(fc.subarray(versions), fc.subarray(tls12Suites, { minLength: 1, maxLength: 12 }), (answered, suites) => {
        const tls = server(answered);
        if (answered.includes('TLSv1.2')) tls.ciphers = [{ protocol: 'TLSv1.2', suites: suites.map((s) => suiteResult(s.id)), serverPreference: null, complete: true }];
        const reach = browserReach(tls);
        const usable12 = answered.includes('TLSv1.2') && suites.some((s) => !s.flags.some((f) => dead.includes(f)));
        if (answered.includes('TLSv1.3') || usable12) expect(reach.reachable).toBe(true);
        if (reach.reachable === false) expect(finding(tls).map((r) => r.id)).toEqual(['tls_no_browser_can_connect']);
        else expect(finding(tls)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
