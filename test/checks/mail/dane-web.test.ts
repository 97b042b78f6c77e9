/**
 * DANE for the web site: `_443._tcp.<host>` from the DNS evidence against the chain the TLS probe kept.
 * Same ids as for mail, lower severities (no browser checks TLSA), and no "DANE not used" finding.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLabCa, type IssuedCert } from '../../lab/ca.js';
import { daneWebCheck, webDaneRow } from '../../../src/checks/mail/dane-web.js';
import { runChecks } from '../../../src/checks/run.js';
import { ok, unavailable } from '../../../src/model/probed.js';
import type { Evidence } from '../../../src/model/evidence.js';
import type { TlsaLookup } from '../../../src/model/dns.js';
import type { TlsEvidence } from '../../../src/model/tls.js';
import { domain } from '../../causes/cases-dns.js';
import { rec, tlsa } from './dane-evidence.js';

let leaf: IssuedCert;
let other: IssuedCert;
beforeAll(async () => {
  const ca = await createLabCa('DANE web test CA');
  leaf = await ca.issue({ dnsNames: ['site.example'] });
  other = await ca.issue({ dnsNames: ['site.example'] });
}, 60_000);

const spki311 = (pem: string) => rec(3, 1, 1, createHash('sha256').update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })).digest('hex'));
const NAME = '_443._tcp.site.example';

function site(webTlsa: TlsaLookup | undefined, pem: string | undefined, keepDer = true): Evidence {
  const evidence = domain(webTlsa ? { webTlsa } : {});
  if (pem) {
    const cert = new X509Certificate(pem);
    const info = { subjectAltNames: ['DNS:site.example'], ...(keepDer ? { der: cert.raw.toString('base64') } : {}) };
    evidence.tls = ok({ certificate: ok({ checkedName: 'site.example', chain: [info], servedCount: 1, trusted: true, anchor: 'private', protocol: 'TLSv1.3' }) } as unknown as TlsEvidence);
  } else {
    evidence.tls = unavailable('connection refused', 'ECONNREFUSED');
  }
  return evidence;
}
const found = (e: Evidence) => runChecks([daneWebCheck], e).flatMap((r) => r.results).map((f) => [f.id, f.severity, f.cause]);

describe('the web DANE check', () => {
  it('a matching record: no finding, and a row that says valid', () => {
    const e = site(tlsa(NAME, [spki311(leaf.certPem)]), leaf.certPem);
    expect(found(e)).toEqual([]);
    expect(webDaneRow(e)).toMatchObject({ host: 'site.example', verdict: 'valid' });
  });

  it('a mismatch, a bogus RRset, an unsigned zone and unusable records, at web severities', () => {
    expect(found(site(tlsa(NAME, [spki311(other.certPem)]), leaf.certPem))).toEqual([['dane_tlsa_mismatch', 'medium', 'no_match']]);
    expect(found(site(tlsa(NAME, [spki311(leaf.certPem)], { dnssec: 'bogus' }), leaf.certPem))).toEqual([['dane_tlsa_bogus', 'medium', undefined]]);
    expect(found(site(tlsa(NAME, [spki311(leaf.certPem)], { dnssec: 'insecure' }), leaf.certPem))).toEqual([['dane_tlsa_unsigned', 'low', undefined]]);
    expect(found(site(tlsa(NAME, [rec(3, 1, 1, 'abcd')]), leaf.certPem))).toEqual([['dane_tlsa_unusable', 'low', undefined]]);
  });

  it('no TLSA on the web is no finding, signed zone or not, nor in a bogus zone (the DNSSEC check reports that)', () => {
    expect(found(site(tlsa(NAME, []), leaf.certPem))).toEqual([]);
    expect(found(site(tlsa(NAME, [], { dnssec: 'bogus' }), leaf.certPem))).toEqual([]);
    expect(found(site(undefined, leaf.certPem))).toEqual([]);
  });

  it('without the served chain (TLS not measured, or evidence saved before DER was kept) a mismatch is not claimed', () => {
    expect(found(site(tlsa(NAME, [spki311(other.certPem)]), undefined))).toEqual([]);
    expect(found(site(tlsa(NAME, [spki311(other.certPem)]), leaf.certPem, false))).toEqual([]);
    expect(webDaneRow(site(tlsa(NAME, [spki311(other.certPem)]), undefined))).toMatchObject({ verdict: 'not_measured' });
    // What needs no certificate is still judged.
    expect(found(site(tlsa(NAME, [spki311(leaf.certPem)], { dnssec: 'bogus' }), undefined))).toEqual([['dane_tlsa_bogus', 'medium', undefined]]);
  });
});

describe('the report shows DANE for the web host whatever the verdict', () => {
  it('in the JSON report (webDane), the terminal, the HTML export and the web result page, escaped', async () => {
    const { scoreReport } = await import('../../../src/scoring/score.js');
    const { webDaneOf } = await import('../../../src/checks/mail/transport-table.js');
    // The report as rescore() builds it, over this check alone (the fixture's TLS evidence is partial).
    const rescore = (e: Evidence) => ({ ...scoreReport(e, runChecks([daneWebCheck], e)), ...webDaneOf(e) });
    const { renderTerminal } = await import('../../../src/report/terminal.js');
    const { renderHtml } = await import('../../../src/report/html.js');
    const { transportChecksSection } = await import('../../../src/server/html/transport-checks.js');
    const valid = rescore(site(tlsa(NAME, [spki311(leaf.certPem)]), leaf.certPem));
    expect(valid.webDane).toMatchObject({ name: NAME, verdict: 'valid', records: [expect.stringMatching(/^3 1 1 [0-9a-f]{64}$/)] });
    expect(renderTerminal(valid, { color: false })).toMatch(/DANE for the web host\n {2}_443\._tcp\.site\.example {2}ok {2}/);
    expect(renderHtml(valid)).toContain('<h2>DANE for the web host</h2>');
    expect(String(transportChecksSection(valid))).toMatch(/DANE for the web host<\/strong> \(<code>_443\._tcp\.site\.example<\/code>\): ok/);

    // No TLSA at all is still shown: "none", with the reason.
    const none = rescore(site(tlsa(NAME, []), leaf.certPem));
    expect(none.webDane?.verdict).toBe('absent');
    expect(renderTerminal(none, { color: false })).toMatch(/_443\._tcp\.site\.example {2}none {2}/);

    // Without the DNS probe's answer there is no row (nothing was looked up).
    const noDns = rescore({ ...site(undefined, leaf.certPem), dns: unavailable('timeout') });
    expect(noDns.webDane).toBeUndefined();
    expect(transportChecksSection(noDns)).toBe('');

    // What DNS sent is escaped on the web page.
    const hostile = transportChecksSection({ webDane: { host: 'x', name: '_443._tcp.<b>x', verdict: 'invalid', reason: '<script>alert(1)</script>', records: [] } });
    expect(String(hostile)).not.toContain('<script>');
    expect(String(hostile)).toContain('&#60;script&#62;');
  });
});
