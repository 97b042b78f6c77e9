/** Pure DNS checks on hand-written evidence: edge cases the lab does not reach. */
import { describe, expect, it } from 'vitest';
import type { DnsEvidence } from '../../src/model/dns.js';
import { ok } from '../../src/model/probed.js';
import { base, dnssec, evidenceWith, runChecks, txt } from './helpers.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';
import { DNS_CHECKS } from '../../src/checks/dns/index.js';
import { issuerAllowed } from '../../src/checks/dns/caa.js';
import { takeoverService } from '../../src/checks/dns/dangling-cname.js';

const idsOf = (d: DnsEvidence, extra = {}, now = new Date('2026-01-01T00:00:00Z')) => runChecks(evidenceWith(ok(d), extra), now);

describe('hand-written evidence', () => {
  it('a clean domain raises nothing', () => {
    expect(idsOf(base())).toEqual([]);
  });
  it('every id a DNS check declares has a scoring rule in the dns category', () => {
    for (const check of DNS_CHECKS) for (const id of check.ids) expect(SCORING_TABLE[id]?.category, id).toBe('dns');
  });
  it('resolver EDE makes a zone bogus even when our chain check passed', () => {
    const d = base({ dnssec: dnssec({}, { server: 'x', rcode: 'SERVFAIL', ad: false, ede: [{ code: 10, text: 'RRSIGs missing' }] }) });
    const [f] = idsOf(d).filter((x) => x.id === 'dnssec_bogus');
    expect(f!.evidence).toContain('EDE 10 (RRSIGs Missing)');
  });
  it('our bogus verdict against a resolver that set AD is withheld as a disagreement', () => {
    const d = base({ dnssec: dnssec({ verdict: 'bogus', bogusReason: 'signature_invalid' }, { server: 'x', rcode: 'NOERROR', ad: true, ede: [] }) });
    expect(idsOf(d).filter((x) => x.id.startsWith('dnssec'))).toEqual([]);
  });
  it('a resolver that does not validate (no AD) does not make a secure zone bogus', () => {
    const d = base({ dnssec: dnssec({}, { server: 'x', rcode: 'NOERROR', ad: false, ede: [] }) });
    expect(idsOf(d).filter((x) => x.id.startsWith('dnssec'))).toEqual([]);
  });
  it('expiry thresholds use the scan clock', () => {
    const sig = (expiration: string, inception = '2025-12-01T00:00:00Z', originalTTL = 3600) => ({ owner: 'site.example.', typeCovered: 'SOA', algorithm: 13, keyTag: 1, signer: 'site.example.', inception, expiration, originalTTL });
    const chain = (s: ReturnType<typeof sig>) => [{ zone: 'site.example.', status: 'secure' as const, ds: [], dnskeys: [], rrsigs: [s] }];
    const at = (s: ReturnType<typeof sig>) => idsOf(base({ dnssec: dnssec({ chain: chain(s) }) })).find((x) => x.id === 'dnssec_expiring');
    // now = 2026-01-01T00:00Z; a 31-day window from 2025-12-01
    expect(at(sig('2026-01-01T03:00:00Z'))?.severity).toBe('high'); // 3 h left, under the 6 h floor
    expect(at(sig('2026-01-01T20:00:00Z', undefined, 86_400))?.severity).toBe('high'); // under the records' one-day TTL
    expect(at(sig('2026-01-02T00:00:00Z'))?.severity).toBe('medium'); // 1 day left = 3% of the window
    expect(at(sig('2026-01-10T00:00:00Z'))).toBeUndefined();
    // An online signer: a two-day window, freshly issued — healthy, not expiring.
    expect(at(sig('2026-01-02T23:00:00Z', '2025-12-31T23:00:00Z'))).toBeUndefined();
  });
  it('SHA-1-only DS and RSA/SHA-1 keys are weak', () => {
    const chain = [{ zone: 'site.example.', status: 'secure' as const, ds: [{ keyTag: 1, algorithm: 8, digestType: 1 }], dnskeys: [{ keyTag: 1, algorithm: 8, flags: 257, rsaBits: 2048 }], rrsigs: [] }];
    expect(idsOf(base({ dnssec: dnssec({ chain }) })).find((x) => x.id === 'dnssec_weak_algorithm')?.evidence).toContain('SHA-1');
  });
  it('null MX with ~all asks for -all', () => {
    const d = base({}, { mx: { name: 'site.example', status: 'ok', records: [{ priority: 0, exchange: '' }] }, txt: txt('site.example', 'v=spf1 ~all'), spfTree: { domain: 'site.example', record: 'v=spf1 ~all', lookup: 'found', lookups: 0, voidLookups: 0, terms: [], children: [] } });
    const f = idsOf(d);
    expect(f.find((x) => x.id === 'dns_spf_neutral_all')?.severity).toBe('low');
    expect(f.find((x) => x.id === 'dns_null_mx')?.details).toEqual({ spfRejectAll: false, dmarcReject: true });
  });
  it('lookups that failed are not reported as missing records', () => {
    const d = base({}, { txt: { name: 'site.example', status: 'error', records: [], code: 'ETIMEOUT' }, dmarc: { name: '_dmarc.site.example', status: 'error', records: [], code: 'ESERVFAIL' } });
    expect(idsOf(d).map((x) => x.id)).toEqual([]);
  });
  it('two name servers on one address count as one', () => {
    const same = { name: 'x', status: 'ok' as const, records: [{ name: 'a.ns', ipv4: ['192.0.2.9'], ipv6: [] }, { name: 'b.ns', ipv4: ['192.0.2.9'], ipv6: [] }] };
    expect(idsOf(base({ nameServers: same })).find((x) => x.id === 'dns_single_nameserver')?.title).toContain('share one address');
  });
  it('CAA: issuer mapping and the issue ";" case', () => {
    expect(issuerAllowed("Let's Encrypt, R11", ['letsencrypt.org'])).toBe(true);
    expect(issuerAllowed('DigiCert Inc', ['letsencrypt.org'])).toBe(false);
    expect(issuerAllowed('Cloudflare, Inc.', ['pki.goog'])).toBe(true);
    const d = base({ caa: { relevantAt: 'site.example', records: [{ flags: 0, tag: 'issue', value: ';' }], lookups: [] } });
    const tls = { tls: { status: 'ok', data: { leaf: { issuer: "O=Let's Encrypt, CN=R11" } } } };
    expect(idsOf(d, tls).map((x) => x.id)).toEqual(['dns_caa_mismatch']);
    expect(idsOf(base(), tls)).toEqual([]);
    // The TLS probe's evidence shape: certificate is probed, leaf first in the chain.
    const probed = { tls: { status: 'ok', data: { certificate: { status: 'ok', data: { chain: [{ issuer: 'C=US, O=DigiCert Inc, CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1' }] } } } } };
    expect(idsOf(base(), probed).map((x) => x.id)).toEqual(['dns_caa_mismatch']);
    expect(idsOf(base(), { tls: { status: 'ok', data: { certificate: { status: 'unavailable', reason: 'x' } } } })).toEqual([]);
  });
  it('takeover-prone targets are recognised by suffix only', () => {
    expect(takeoverService('ghost.herokuapp.com')).toBe('herokuapp.com');
    expect(takeoverService('bucket.s3-website-us-east-1.amazonaws.com')).toBe('s3-website');
    expect(takeoverService('notherokuapp.com')).toBeUndefined();
  });
});
