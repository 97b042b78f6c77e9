import { describe, expect, it } from 'vitest';
import { vulnerabilityTable } from '../../../src/checks/tls/vulnerabilities.js';
import { httpBreachCheck, tlsNamedVulnerabilitiesCheck } from '../../../src/checks/tls/named-vulnerabilities.js';
import { ALL_CHECKS } from '../../../src/checks/index.js';
import type { TlsEvidence } from '../../../src/model/tls.js';
import type { VulnerabilityRow } from '../../../src/model/vulnerabilities.js';
import { SCORING_TABLE } from '../../../src/scoring/table.js';
import { exchange, finalChain, evidenceWith } from '../../support/evidence.js';
import { extractMetaPolicies } from '../../../src/probes/html-meta.js';
import type { HttpEvidence, RawHeader } from '../../../src/model/http.js';
import { NOW, evidenceOf, modernTls, setSupported, suite } from './fixtures.js';

const table = (tls: TlsEvidence, http?: HttpEvidence) => Object.fromEntries(vulnerabilityTable(tls, http).map((r) => [r.name, r]));
const verdicts = (tls: TlsEvidence) => Object.fromEntries(vulnerabilityTable(tls).map((r) => [r.name, r.verdict]));
const findings = (tls: TlsEvidence) => tlsNamedVulnerabilitiesCheck.run(evidenceOf(tls), { now: NOW });

/** A server from 2012: TLS 1.0 to 1.2, CBC, 3DES, RC4, EXPORT, DHE-1024, compression, no RFC 5746, no EMS, client renegotiation. */
function legacyServer(): TlsEvidence {
  const tls = modernTls();
  for (const p of ['SSLv3', 'TLSv1.0', 'TLSv1.1'] as const) setSupported(tls, p, true);
  setSupported(tls, 'TLSv1.3', false);
  tls.ciphers = [
    { protocol: 'TLSv1.2', suites: [suite('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'), suite('TLS_RSA_WITH_3DES_EDE_CBC_SHA'), suite('TLS_DHE_RSA_WITH_AES_128_CBC_SHA')], serverPreference: true, complete: true },
    { protocol: 'TLSv1.0', suites: [suite('TLS_RSA_WITH_AES_128_CBC_SHA'), suite('TLS_RSA_WITH_RC4_128_SHA'), suite('TLS_RSA_EXPORT_WITH_RC4_40_MD5')], serverPreference: true, complete: true },
    { protocol: 'SSLv3', suites: [suite('TLS_RSA_WITH_AES_128_CBC_SHA')], serverPreference: null, complete: true },
  ];
  tls.fallbackScsv = 'not_supported';
  tls.secureRenegotiation = false;
  tls.compression = true;
  tls.dhBits = 1024;
  tls.postQuantum = null;
  tls.sessionSecurity = {
    clientRenegotiation: { outcome: 'accepted', detail: 'a second handshake, started by the client on a TLSv1.2 connection, completed' },
    extendedMasterSecret: { supported: false, protocol: 'TLSv1.2' },
    earlyData: { outcome: 'not_tested', maxEarlyDataSize: null, detail: 'TLS 1.3 did not answer: early data (0-RTT) exists only in TLS 1.3' },
  };
  return tls;
}

describe('the named-vulnerability table', () => {
  it('lists every name testssl.sh prints (Winshock left out), each with a finding', () => {
    const rows = vulnerabilityTable(modernTls());
    expect(rows.map((r) => r.name)).toEqual([
      'Heartbleed', 'CCS', 'Ticketbleed', 'ROBOT', 'Secure Renegotiation', 'Client-Initiated Renegotiation', 'CRIME, TLS', 'BREACH',
      'POODLE (SSL)', 'TLS_FALLBACK_SCSV', 'SWEET32', 'FREAK', 'DROWN', 'LOGJAM', 'BEAST', 'LUCKY13', 'RC4', 'Extended Master Secret', '0-RTT (early data)',
    ]);
    // Every finding the table names is one the scoring table knows, or one the active probes own.
    const active = ['tls_heartbleed', 'tls_ccs_injection', 'tls_ticketbleed', 'tls_robot'];
    for (const r of rows) expect(SCORING_TABLE[r.findingId!] !== undefined || active.includes(r.findingId!), r.name).toBe(true);
  });

  it('a modern server: nothing vulnerable; the active probes and BREACH are not tested, with the reason', () => {
    const t = table(modernTls());
    expect(Object.values(t).filter((r) => r.verdict === 'vulnerable')).toEqual([]);
    expect(t.Heartbleed).toEqual({ name: 'Heartbleed', ref: 'CVE-2014-0160', verdict: 'not_tested', findingId: 'tls_heartbleed', evidence: 'this scan did not run the heartbeat probe' });
    expect(t.BREACH!.verdict).toBe('not_tested');
    expect(t.DROWN!.evidence).toBe("SSL 2.0 is refused on this host; whether another host serves SSL 2.0 with this certificate's key cannot be seen from this one");
    expect(t.LOGJAM).toMatchObject({ verdict: 'not_vulnerable', evidence: 'no DHE suite accepted' });
    expect(findings(modernTls())).toEqual([]);
  });

  it('a legacy server: each weakness vulnerable, scored by the one finding that owns it', () => {
    const t = table(legacyServer());
    const vulnerable = Object.values(t).filter((r) => r.verdict === 'vulnerable').map((r) => [r.name, r.findingId]);
    expect(vulnerable).toEqual([
      ['Secure Renegotiation', 'tls_secure_renegotiation_missing'],
      ['Client-Initiated Renegotiation', 'tls_client_renegotiation'],
      ['CRIME, TLS', 'tls_compression_enabled'],
      ['POODLE (SSL)', 'tls_protocol_ssl3'],
      ['TLS_FALLBACK_SCSV', 'tls_fallback_scsv_missing'],
      ['SWEET32', 'weak_cipher_3des'],
      ['FREAK', 'weak_cipher_export'],
      ['LOGJAM', 'weak_dh'],
      ['BEAST', 'tls_beast_cbc_tls10'],
      ['LUCKY13', 'tls_lucky13_cbc'],
      ['RC4', 'weak_cipher_rc4'],
      ['Extended Master Secret', 'tls_no_extended_master_secret'],
    ]);
    expect(t.BEAST!.evidence).toBe('CBC suites on TLSv1.0, SSLv3: TLS_RSA_WITH_AES_128_CBC_SHA (browsers split records 1/n-1 against it)');
    expect(t['0-RTT (early data)']).toMatchObject({ verdict: 'not_vulnerable', evidence: 'TLS 1.3 is not spoken: early data exists only there' });
  });

  it('emits only the findings no other check owns, from the same rows', () => {
    expect(findings(legacyServer()).map((f) => [f.id, f.evidence.split(':')[0]])).toEqual([
      ['tls_client_renegotiation', 'Client-Initiated Renegotiation (CVE-2011-1473)'],
      ['tls_beast_cbc_tls10', 'BEAST (CVE-2011-3389)'],
      ['tls_lucky13_cbc', 'LUCKY13 (CVE-2013-0169)'],
      ['tls_no_extended_master_secret', 'Extended Master Secret (RFC 7627 (CVE-2015-6112))'],
    ]);
    // Every id the table scores is emitted by exactly one check: no name is scored twice.
    for (const r of vulnerabilityTable(legacyServer())) {
      const owners = ALL_CHECKS.filter((c) => c.ids.includes(r.findingId!));
      expect(owners.length, `${r.findingId}`).toBeLessThanOrEqual(1);
    }
  });

  it('0-RTT accepted: an info finding with the ticket size', () => {
    const tls = modernTls();
    tls.sessionSecurity.earlyData = { outcome: 'accepted', maxEarlyDataSize: 16384, detail: 'the session ticket allows 16384 bytes of early data (0-RTT)' };
    expect(findings(tls)).toEqual([
      { id: 'tls_early_data_accepted', title: 'TLS 1.3 early data (0-RTT) is accepted: requests sent in it can be replayed', evidence: '0-RTT (early data) (RFC 8446 8): the session ticket allows 16384 bytes of early data (0-RTT)', location: 'www.example.com:443' },
    ]);
    expect(SCORING_TABLE.tls_early_data_accepted).toMatchObject({ severity: 'info', points: 0 });
  });

  it('never turns an unclear answer into a verdict', () => {
    const tls = modernTls();
    tls.sessionSecurity.clientRenegotiation = { outcome: 'inconclusive', detail: 'the server did not answer the renegotiation (no answer within 500 ms)' };
    tls.fallbackScsv = 'unknown';
    tls.ciphers[1]!.complete = false;
    tls.protocols = tls.protocols.map((p) => (p.protocol === 'SSLv3' ? { ...p, supported: null, answer: 'no answer within the time limit (0 bytes received)' } : p));
    const v = verdicts(tls);
    expect(v).toMatchObject({ 'Client-Initiated Renegotiation': 'inconclusive', TLS_FALLBACK_SCSV: 'inconclusive', SWEET32: 'inconclusive', RC4: 'inconclusive', LUCKY13: 'inconclusive', 'POODLE (SSL)': 'inconclusive' });
    expect(findings(tls)).toEqual([]);
  });

  it('reads the active probes\' verdicts when their evidence is there', () => {
    const tls = Object.assign(modernTls(), { vulnerabilities: { heartbleed: { verdict: 'vulnerable', detail: 'the server echoed 16384 bytes of its memory' } } });
    expect(table(tls).Heartbleed).toMatchObject({ verdict: 'vulnerable', evidence: 'the server echoed 16384 bytes of its memory' });
    expect(table(tls).ROBOT).toMatchObject({ verdict: 'not_tested' });
  });

  it('evidence recorded before these probes existed: not tested, never safe', () => {
    const tls = modernTls() as Partial<TlsEvidence>;
    delete tls.sessionSecurity;
    const t = table(tls as TlsEvidence);
    expect(t['Client-Initiated Renegotiation']).toMatchObject({ verdict: 'not_tested', evidence: 'the evidence predates this probe' });
    expect(t['Extended Master Secret']!.verdict).toBe('not_tested');
    expect(findings(tls as TlsEvidence)).toEqual([]);
  });
});

describe('BREACH', () => {
  const page = (headers: RawHeader[], body: string, compressed: boolean): HttpEvidence => {
    const p = exchange('https://site.example/', 200, [['Content-Type', 'text/html'], ...headers], body, compressed ? { encoding: { name: 'gzip', outcome: 'decoded', compressedBytes: 100, decodedBytes: body.length } } : {});
    return { http: finalChain('http://site.example/', p), https: finalChain('https://site.example/', p), primary: 'https', meta: extractMetaPolicies(body) };
  };
  const form = '<form method=post><input type="hidden" name="csrfmiddlewaretoken" value="abc"></form>';
  const row = (http: HttpEvidence): VulnerabilityRow => vulnerabilityTable(modernTls(), http).find((r) => r.name === 'BREACH')!;

  it('compressed uninvited and carrying a CSRF token: vulnerable, an info finding', () => {
    const http = page([], form, true);
    expect(row(http)).toMatchObject({ verdict: 'vulnerable', findingId: 'http_breach_possible' });
    expect(row(http).evidence).toBe('https://site.example/ is sent with Content-Encoding gzip even to a client that asked for identity, and carries a hidden form field csrfmiddlewaretoken');
    expect(httpBreachCheck.run(evidenceWith(http), { now: NOW }).map((f) => f.id)).toEqual(['http_breach_possible']);
  });

  it('compressed with a session cookie set on the same response: vulnerable', () => {
    expect(row(page([['Set-Cookie', 'sid=1; Secure']], '<p>hi</p>', true)).evidence).toMatch(/carries Set-Cookie sid$/);
  });

  it('compressed without a secret: not vulnerable; uncompressed: not tested (we asked for identity)', () => {
    expect(row(page([], '<p>hi</p>', true)).verdict).toBe('not_vulnerable');
    expect(row(page([], form, false))).toMatchObject({ verdict: 'not_tested' });
    expect(httpBreachCheck.run(evidenceWith(page([], form, false)), { now: NOW })).toEqual([]);
  });
});
