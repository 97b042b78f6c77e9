/**
 * What is wrong with HTTPS, through scan(): sites whose http:// redirects to an HTTPS that only speaks
 * what current browsers refuse (TLS 1.0/1.1, NULL and anonymous suites, RC4, SSL 3.0) get the browser
 * finding and never no_https, and what needs the page is not measured with that reason; a suite only
 * our client lacks (3DES) is not measured without blaming browsers; plain HTTP on the TLS port is
 * no_https, said one way on every surface; a modern site is the control. "Full" is every probe but DNS
 * (which would ask the system resolver about the lab's name).
 */
import { describe, expect, it } from 'vitest';
import { probeKeys, runTlsTool, scan } from '../../src/engine/index.js';
import type { Report } from '../../src/model/report.js';
import { tlsLabPerFile } from '../lab/tls/lab-per-file.js';
import { startHttpsSite, type HttpsSite, type HttpsSiteKind } from '../lab/tls/https-sites.js';
import { reportWords } from '../hostile/support.js';

const lab = tlsLabPerFile();
const FULL = probeKeys().filter((k) => k !== 'dns');
const sites = new Map<HttpsSiteKind, Promise<HttpsSite>>();
const siteOf = (kind: HttpsSiteKind) => {
  if (!sites.has(kind)) sites.set(kind, lab.start(() => startHttpsSite(kind, lab.certs.good)));
  return sites.get(kind)!;
};

async function scanSite(kind: HttpsSiteKind, probes: string[]) {
  const site = await siteOf(kind);
  const host = `localhost:${site.port}`;
  return scan(host, { allowPrivate: true, resolve: [`${host}:127.0.0.1`], ca: [lab.certs.rootPem], timeoutMs: 10_000, probes });
}

const ids = (report: Report) => report.findings.map((f) => f.id);
const category = (report: Report, id: string) => report.categories.find((c) => c.id === id)!;
const browserFinding = (report: Report) => report.findings.find((f) => f.id === 'tls_no_browser_can_connect');
const PAGE_CATEGORIES = ['headers', 'cookies', 'exposure'];

const LEGACY: [HttpsSiteKind, string][] = [
  ['tls10-11-only', 'only TLS 1.0 and TLS 1.1'],
  ['null-anon-only', 'TLS 1.2 only with NULL (unencrypted) and anonymous (unauthenticated) cipher suites'],
  ['rc4-only', 'only TLS 1.0 and TLS 1.1, and TLS 1.2 only with RC4 cipher suites'],
  ['ssl3-only', 'only SSL 3.0'],
];

describe('HTTPS that current browsers refuse: named, never "no HTTPS"', () => {
  it.each(LEGACY)('%s, full scan: the browser finding (critical, capped at 20 like no_https), the page not measured with the reason', async (kind, accepts) => {
    const { report } = await scanSite(kind, FULL);
    expect(ids(report)).not.toContain('no_https');
    expect(browserFinding(report)).toMatchObject({ severity: 'critical', pointsLost: 30, title: `Current browsers cannot connect: the server accepts ${accepts}` });
    expect(report.caps).toContainEqual({ id: 'tls_no_browser_can_connect', cap: 20, class: 'no_confidentiality' });
    expect(report.score).toBeLessThanOrEqual(30);
    const port = (await siteOf(kind)).port;
    const reason = `the HTTPS endpoint localhost:${port} accepts ${accepts}, which our HTTP client, like current browsers, refuses`;
    for (const id of PAGE_CATEGORIES) {
      expect(category(report, id).status).toBe('not_measured');
      expect(category(report, id).reason).toMatch(new RegExp(`^[a-zA-Z ]+ not judged: ${reason.replace(/[().]/g, '\\$&')}$`));
    }
  });

  it('TLS 1.0/1.1 with probes http and tls: the same verdict', async () => {
    const { report } = await scanSite('tls10-11-only', ['http', 'tls']);
    expect(ids(report)).not.toContain('no_https');
    expect(ids(report)).toContain('tls_no_browser_can_connect');
    expect(category(report, 'headers').reason).toMatch(/accepts only TLS 1\.0 and TLS 1\.1, which our HTTP client, like current browsers, refuses$/);
  });

  it('TLS 1.0/1.1 with the http probe alone: not "no HTTPS" but not judged, and what would tell is named', async () => {
    const { report } = await scanSite('tls10-11-only', ['http']);
    expect(ids(report)).not.toContain('no_https');
    expect(report.score).toBeNull();
    expect(category(report, 'tls').status).toBe('not_measured');
    expect(category(report, 'tls').reason).toMatch(/^HTTPS not judged: our HTTP client could not fetch https:\/\/localhost:\d+\/: .*refused every offered TLS version; the TLS probe, which would tell which protocol or cipher suite the server needs, is not part of this scan/);
    expect(category(report, 'headers').status).toBe('not_measured');
  });

  it('3DES only: browsers are not blamed (Safari offers it); the page is not measured with what the TLS probe found', async () => {
    const { report } = await scanSite('3des-only', FULL);
    expect(ids(report)).not.toContain('no_https');
    expect(ids(report)).not.toContain('tls_no_browser_can_connect');
    expect(ids(report)).toContain('weak_cipher_3des');
    expect(category(report, 'headers').reason).toMatch(/our HTTP client could not fetch https:\/\/localhost:\d+\/ \(.*\), although the server accepts TLSv1\.2 with TLS_\w+_3DES_EDE_CBC_SHA, as the TLS probe found$/);
  });
});

describe('plain HTTP on the TLS port: no_https, one phrase everywhere', () => {
  it.each([['full scan', FULL], ['http and tls', ['http', 'tls']], ['http alone', ['http']]])('%s', async (_name, probes) => {
    const { report } = await scanSite('plain-http-on-tls-port', probes);
    const port = (await siteOf('plain-http-on-tls-port')).port;
    const phrase = `port ${port} speaks plain HTTP`;
    const finding = report.findings.find((f) => f.id === 'no_https');
    expect(finding?.title).toBe(`The site is not served over HTTPS: ${phrase}`);
    const statement = `${phrase} (http://localhost:${port}/ answered 200; a TLS handshake there got no TLS answer)`;
    expect(finding?.evidence).toBe(`https://localhost:${port}/: ${statement}`);
    // Every other place that speaks of it (the TLS probe) says the very same thing; the HTTP probe's notes leave it to the finding.
    const words = reportWords(report);
    const mentions = words.split('\n').filter((line) => line.includes('plain HTTP'));
    expect(mentions.every((line) => line.endsWith(statement))).toBe(true);
    expect(mentions.length).toBe(probes.includes('tls') ? 2 : 1);
    expect(words).not.toMatch(/did not answer in TLS|no TLS on port/);
  });

  it('the TLS tool alone says it in the same phrase, with its own proof', async () => {
    const site = await siteOf('plain-http-on-tls-port');
    const host = `localhost:${site.port}`;
    const { report } = await runTlsTool(host, { allowPrivate: true, resolve: [`${host}:127.0.0.1`], ca: [lab.certs.rootPem], timeoutMs: 10_000 });
    expect(report.unavailable).toEqual([{ probe: 'tls', reason: `port ${site.port} speaks plain HTTP (it answered a TLS ClientHello with "HTTP/1.1 400 Bad Request")` }]);
  });
});

describe('the control: a modern site', () => {
  it('has neither finding and every page category measured', async () => {
    const { report } = await scanSite('modern', FULL);
    expect(ids(report)).not.toContain('no_https');
    expect(ids(report)).not.toContain('tls_no_browser_can_connect');
    for (const id of ['tls', ...PAGE_CATEGORIES]) expect(category(report, id).status).toBe('measured');
  });
});
