/**
 * The full scan (scan() with `dns: { dnsServers, dnssecAnchor }`) of a good lab site named
 * example.test, through a validating resolver and through resolvers that cannot supply DNSSEC: the
 * report must say DNSSEC was not checked (JSON, terminal, web page) instead of grading the same as
 * with a validating resolver in silence, and never cap the site with a false dnssec_bogus. A host that
 * does not exist fails the scan early, with the name, the reason and the DNS server in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { startLimitedResolver, type LimitedResolver, type LimitedResolverKind } from '../lab/dns/limited-resolvers.js';
import { createLabCa, type LabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { GOOD_HEADERS } from '../support/evidence.js';
import { scan, probeKeys, NetError } from '../../src/engine/index.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { resultPage } from '../../src/server/pages/scan-result.js';
import type { Report } from '../../src/model/report.js';

const HOST = 'example.test';
let lab: DnsLab;
let ca: LabCa;
let site: LabServer;
const resolvers = {} as Record<LimitedResolverKind, LimitedResolver>;

beforeAll(async () => {
  lab = await startDnsLab();
  for (const kind of ['strip', 'no-edns', 'non-validating'] as const) resolvers[kind] = await startLimitedResolver(kind, lab.resolver);
  ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: [HOST] });
  site = await startLabServer({
    cert,
    routes: {
      '/': (req, scheme) =>
        scheme === 'http'
          ? { status: 301, headers: [['Location', `https://${req.headers.host}/`]] }
          : { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8'], ...GOOD_HEADERS], body: '<!doctype html><html><head><title>lab</title></head><body>ok</body></html>' },
    },
  });
});
afterAll(async () => {
  await site?.close();
  await Promise.all(Object.values(resolvers).map((r) => r.close()));
  await lab?.stop();
});

async function fullScan(server: string): Promise<Report> {
  const { report } = await scan(`https://${HOST}:${site.port}/`, {
    allowPrivate: true,
    resolve: [`${HOST}:${site.port}:127.0.0.1`],
    ca: [ca.certPem],
    timeoutMs: 5000,
    dns: { dnsServers: [server], dnssecAnchor: lab.anchorFile },
    // Every probe but mail transport: example.test's MX is 127.0.0.1:25, where this lab runs no SMTP
    // server (the mail lab, test/mail/, has its own); its "not measured" is not what this file tests.
    probes: probeKeys().filter((k) => k !== 'mail'),
  });
  return report;
}

const dnsRow = (r: Report) => r.categories.find((c) => c.id === 'dns')!;

describe('full scan of a good site: DNSSEC through resolvers that cannot supply it', () => {
  let validating: Report;
  beforeAll(async () => {
    validating = await fullScan(lab.resolverSpec);
  });

  it('through the validating resolver DNSSEC is judged (secure: no dnssec finding, nothing unmeasured)', () => {
    expect(dnsRow(validating)).toMatchObject({ status: 'measured' });
    expect(dnsRow(validating).unmeasured).toBeUndefined();
    expect(validating.findings.filter((f) => f.id.startsWith('dnssec_'))).toEqual([]);
    expect(validating.unavailable.filter((u) => u.probe === 'dns')).toEqual([]);
  });

  it.each(['strip', 'no-edns'] as const)('through the %s resolver: no false bogus, no cap, and the report says DNSSEC was not checked', async (kind) => {
    const report = await fullScan(resolvers[kind].spec);
    expect(report.findings.filter((f) => f.id.startsWith('dnssec_'))).toEqual([]);
    expect(report.caps.filter((c) => c.id.startsWith('dnssec_'))).toEqual([]);
    // The same points as with a validating resolver (nothing wrong was found), but not in silence.
    expect(dnsRow(report).pointsLost).toBe(dnsRow(validating).pointsLost);
    expect(dnsRow(report).unmeasured).toEqual([{ check: 'dns/dnssec', topic: 'DNSSEC', reason: expect.stringMatching(new RegExp(`^the resolver does not return DNSSEC records: the DNS server ${resolvers[kind].spec} `)) }]);
    expect(report.unavailable).toContainEqual({ probe: 'dns', check: 'dns/dnssec', reason: expect.stringMatching(/^DNSSEC not measured: /) });

    const terminal = renderTerminal(report, { color: false });
    expect(terminal).toMatch(/DNS & email\s+\S+\s+\d+ \/ 20\s+\(DNSSEC not measured\)/);
    expect(terminal).toContain(`dns: DNSSEC not measured: the resolver does not return DNSSEC records: the DNS server ${resolvers[kind].spec} `);

    const ctx = { nonce: 'n', path: '/scans/x', assets: { css: '/s.css', js: '/a.js', icon: '/i.svg' } };
    const row = { id: 'abcdefgh', url: report.target.url, host: report.target.host, tool: null, status: 'done', score: report.score, grade: report.grade, report, progress: [], error: null, createdAt: 0, startedAt: 0, finishedAt: 0 };
    const page = resultPage(ctx, row as never, 'http://127.0.0.1');
    expect(page).toMatch(/data-category="dns"[\s\S]*?DNSSEC not measured/);
    expect(page).toContain('DNSSEC not measured: the resolver');
  });

  it('through a non-validating forwarder the records pass: DNSSEC is judged, the same as through the validating resolver', async () => {
    const report = await fullScan(resolvers['non-validating'].spec);
    expect(dnsRow(report).unmeasured).toBeUndefined();
    expect(report.findings.map((f) => f.id).sort()).toEqual(validating.findings.map((f) => f.id).sort());
    expect(report.score).toBe(validating.score);
  });
});

describe('full scan of a host that does not exist', () => {
  it('fails early at resolution, naming the host, NXDOMAIN and the DNS server', async () => {
    const attempts: unknown[] = [];
    const error = await scan(`https://nope.example.test:${site.port}/`, {
      allowPrivate: true,
      nameServers: [lab.resolverSpec],
      timeoutMs: 3000,
      onConnect: (a) => attempts.push(a),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetError);
    expect((error as Error).message).toBe(`could not resolve nope.example.test: the name does not exist (NXDOMAIN) at ${lab.resolverSpec}`);
    expect(attempts).toEqual([]);
  });
  it('an alias whose target does not exist is named as such, not as a missing name', async () => {
    const error = await scan(`https://dangling.example.test:${site.port}/`, { allowPrivate: true, nameServers: [lab.resolverSpec], timeoutMs: 3000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe(`could not resolve dangling.example.test: its alias target gone.nonexistent.test does not exist (NXDOMAIN) at ${lab.resolverSpec}`);
  });
});
