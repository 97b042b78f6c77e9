/**
 * "No HTTPS" only when nothing answered in TLS; HTTPS that answers but serves no page is named for
 * what it is. Hand-written evidence through the checks and scoring (rescore), no network.
 */
import { describe, expect, it } from 'vitest';
import { rescore } from '../../../src/engine/rescore.js';
import { httpsEndpoint } from '../../../src/checks/https/endpoint.js';
import type { Evidence } from '../../../src/model/evidence.js';
import type { RedirectChain } from '../../../src/model/http.js';
import { ok, unavailable } from '../../../src/model/probed.js';
import type { TlsEvidence, TlsProtocol } from '../../../src/model/tls.js';
import type { Report } from '../../../src/model/report.js';
import { evidenceWith, exchange, finalChain } from '../../support/evidence.js';
import { extractMetaPolicies } from '../../../src/probes/html-meta.js';
import { extractSubresources } from '../../../src/probes/page-resources.js';
import { modernTls, suite } from '../../checks/tls/fixtures.js';

const HTTPS = 'https://site.example/';
const HTTP = 'http://site.example/';
const meta = extractMetaPolicies('');
const failed = (start: string, code: string, message: string, url = HTTPS, hops = [] as RedirectChain['hops']): RedirectChain => ({
  start,
  hops,
  outcome: 'error',
  error: { code, message, url },
});
const redirectToHttps = exchange(HTTP, 301, [['Location', HTTPS]]);

/** http:// redirects to https://, whose request failed with `code`; `tls` is the TLS probe's result, if it ran. */
function site(code: string, message: string, tls?: Evidence['tls'], httpPage = false): Evidence {
  const evidence = evidenceWith({
    http: httpPage ? finalChain(HTTP, exchange(HTTP, 200, [['Content-Type', 'text/html']], '<html></html>')) : failed(HTTP, code, message, HTTPS, [redirectToHttps]),
    https: failed(HTTPS, code, message),
    primary: httpPage ? 'http' : 'none',
    meta,
    ...(httpPage ? { subresources: extractSubresources('<html></html>', HTTP) } : {}),
  });
  if (tls) evidence.tls = tls;
  return evidence;
}

function tlsAnswering(versions: TlsProtocol[], tls12: string[] = []): Evidence['tls'] {
  const tls: TlsEvidence = { ...modernTls(), host: 'site.example', sni: 'site.example' };
  tls.protocols = tls.protocols.map((p) => ({ ...p, supported: versions.includes(p.protocol), answer: versions.includes(p.protocol) ? `ServerHello ${p.protocol}` : 'alert 70 protocol_version' }));
  tls.ciphers = [
    ...(versions.includes('TLSv1.2') ? [{ protocol: 'TLSv1.2' as const, suites: tls12.map(suite), serverPreference: null, complete: true }] : []),
    ...versions.filter((v) => v !== 'TLSv1.2').map((protocol) => ({ protocol, suites: [suite('TLS_RSA_WITH_AES_128_CBC_SHA')], serverPreference: null, complete: true })),
  ];
  return ok(tls);
}

const ids = (report: Report) => report.findings.map((f) => f.id);
const category = (report: Report, id: string) => report.categories.find((c) => c.id === id)!;
const REFUSED_VERSIONS = 'TLS handshake with site.example failed: the server refused every offered TLS version';
const LEGACY_WORDS = 'the HTTPS endpoint site.example:443 accepts only TLS 1.0 and TLS 1.1, which our HTTP client, like current browsers, refuses';

describe('no HTTPS: nothing answered in TLS', () => {
  it('a refused connection is no HTTPS', () => {
    const report = rescore(site('ECONNREFUSED', 'site.example refused the connection', undefined, true));
    expect(report.findings.find((f) => f.id === 'no_https')).toMatchObject({ title: 'The site is not served over HTTPS', evidence: `${HTTPS}: site.example refused the connection` });
    expect(report.caps).toEqual([{ id: 'no_https', cap: 20, class: 'no_confidentiality' }]);
  });

  it('plain HTTP on the TLS port is no HTTPS, in the one phrase', () => {
    const words = 'port 443 speaks plain HTTP (http://site.example:443/ answered 400; a TLS handshake there got no TLS answer)';
    const report = rescore(site('PLAIN_HTTP', words, unavailable(words, 'PLAIN_HTTP'), true));
    expect(report.findings.find((f) => f.id === 'no_https')).toMatchObject({ title: 'The site is not served over HTTPS: port 443 speaks plain HTTP', evidence: `${HTTPS}: ${words}` });
    expect(report.unavailable).toEqual([{ probe: 'tls', reason: words }]);
  });

  it('a handshake failure is no HTTPS when the TLS probe got no TLS answer at all', () => {
    const report = rescore(site('TLS_CLOSED', 'TLS handshake with site.example failed: the server closed the connection', unavailable('no SSL or TLS version answered', 'NOT_TLS'), true));
    expect(ids(report)).toContain('no_https');
  });
});

describe('HTTPS that answers but serves no page is never "no HTTPS"', () => {
  it('TLS 1.0/1.1 only: the browser finding, and everything that needs the page not measured with the reason', () => {
    const report = rescore(site('TLS_FAILED', REFUSED_VERSIONS, tlsAnswering(['TLSv1.0', 'TLSv1.1'])));
    expect(ids(report)).not.toContain('no_https');
    expect(report.findings.find((f) => f.id === 'tls_no_browser_can_connect')).toMatchObject({ severity: 'critical', pointsLost: 30 });
    expect(report.caps).toContainEqual({ id: 'tls_no_browser_can_connect', cap: 20, class: 'no_confidentiality' });
    expect(report.score).toBeLessThanOrEqual(30);
    expect(category(report, 'tls').status).toBe('measured');
    expect(category(report, 'headers').reason).toBe(`security headers not judged: ${LEGACY_WORDS}`);
    expect(category(report, 'cookies').reason).toBe(`cookies not judged: ${LEGACY_WORDS}`);
  });

  it('exposure and CORS, whose probes had no page, give the same reason', () => {
    const evidence = site('TLS_FAILED', REFUSED_VERSIONS, tlsAnswering(['TLSv1.0', 'TLSv1.1']));
    evidence.exposure = unavailable('the main page could not be fetched, so sensitive paths were not probed', 'NO_MAIN_PAGE');
    evidence.cors = unavailable(`no response to any CORS probe of ${HTTPS}`, 'TLS_FAILED');
    const report = rescore(evidence);
    expect(category(report, 'exposure').reason).toBe(`sensitive paths not judged: ${LEGACY_WORDS}`);
    // CORS sits under headers: one reason for the category, not one per probe.
    expect(category(report, 'headers').reason).toBe(`security headers not judged: ${LEGACY_WORDS}`);
  });

  it('a page over http:// is still judged; HTTPS is the browser finding, not no_https', () => {
    const report = rescore(site('TLS_FAILED', REFUSED_VERSIONS, tlsAnswering(['TLSv1.0']), true));
    expect(ids(report)).toContain('tls_no_browser_can_connect');
    expect(ids(report)).not.toContain('no_https');
    expect(category(report, 'headers').status).toBe('measured');
  });

  it('without the TLS probe, a handshake failure is not judged: the TLS category says why', () => {
    const report = rescore(site('TLS_FAILED', REFUSED_VERSIONS, undefined, true));
    expect(ids(report)).not.toContain('no_https');
    expect(category(report, 'tls').status).toBe('not_measured');
    expect(category(report, 'tls').reason).toMatch(/^HTTPS not judged: our HTTP client could not fetch https:\/\/site\.example\/: TLS handshake .* refused every offered TLS version; the TLS probe, which would tell which protocol or cipher suite the server needs, is not part of this scan/);
    expect(category(report, 'headers').status).toBe('measured');
  });

  it('a suite our client lacks but some browser offers (3DES): not measured with what the TLS probe found, no browser finding', () => {
    const failure = 'TLS handshake with site.example failed: the server refused the handshake (a handshake failure alert: usually no cipher suite in common with this client)';
    const report = rescore(site('TLS_FAILED', failure, tlsAnswering(['TLSv1.2'], ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'])));
    expect(ids(report)).not.toContain('no_https');
    expect(ids(report)).not.toContain('tls_no_browser_can_connect');
    expect(category(report, 'headers').reason).toBe(
      `security headers not judged: our HTTP client could not fetch ${HTTPS} (${failure}), although the server accepts TLSv1.2 with TLS_RSA_WITH_3DES_EDE_CBC_SHA, as the TLS probe found`,
    );
  });

  it('a ServerHello but no handshake for anyone (an oversized chain): not measured, named as such', () => {
    const failure = 'TLS handshake with site.example failed: a TLS handshake message is larger than any client accepts (an oversized certificate chain?)';
    const tls = unavailable(`192.0.2.10:443 answers ServerHello but no handshake completes: a TLS handshake message is larger than any client accepts`, 'HANDSHAKE_INTERRUPTED');
    const report = rescore(site('TLS_FAILED', failure, tls as Evidence['tls'], true));
    expect(ids(report)).not.toContain('no_https');
    expect(category(report, 'tls').status).toBe('not_measured');
    expect(category(report, 'tls').reason).toContain(`HTTPS not judged: our HTTP client could not fetch ${HTTPS}: ${failure}`);
  });

  it('the TLS probe speaks for its own endpoint only: a failed redirect to another host is judged on its own error', () => {
    const other = 'https://www.site.example/';
    const evidence = evidenceWith({
      http: failed(HTTP, 'TLS_FAILED', REFUSED_VERSIONS, other, [exchange(HTTP, 301, [['Location', other]])]),
      https: failed(HTTPS, 'ECONNREFUSED', 'site.example refused the connection'),
      primary: 'none',
      meta,
    });
    evidence.tls = unavailable('could not connect to 192.0.2.10:443: the server refused the connection', 'CONNECT_FAILED');
    // The target's own 443 refused: that endpoint has no HTTPS.
    expect(httpsEndpoint(evidence)).toMatchObject({ kind: 'absent' });
    evidence.http = ok({ ...(evidence.http as { data: never }).data, https: failed(HTTPS, 'TLS_FAILED', REFUSED_VERSIONS, other) });
    delete evidence.tls;
    expect(httpsEndpoint(evidence)).toMatchObject({ kind: 'blocked', tlsJudged: false });
  });

  it('a page reached over https is simply reached', () => {
    const page = exchange(HTTPS, 200);
    expect(httpsEndpoint(evidenceWith({ http: finalChain(HTTP, redirectToHttps, page), https: finalChain(HTTPS, page), primary: 'https', meta }))).toEqual({ kind: 'reached' });
  });
});
