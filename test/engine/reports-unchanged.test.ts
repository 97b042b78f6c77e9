/**
 * The engine's behaviour, pinned: the JSON reports of the lab fixtures, through every entry point (the
 * full scan, the focused TLS and DNS tools, rescore), must stay as recorded in reports-unchanged/.
 * Recorded before the engine moved into its own folder, they prove a move of code changed no verdict.
 *
 * What varies from run to run by nature is masked before the comparison, and nothing else: start times
 * and durations, the lab's random ports, certificate validity dates, serials, fingerprints and keys (a
 * fresh lab CA each run). A real change of behaviour (a finding, a score, a title, an evidence line)
 * shows as a diff of the recorded file; when it is intended, re-record with `vitest run -u` and review it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan, rescore } from '../../src/engine/index.js';
import { runTlsTool } from '../../src/engine/index.js';
import { scanDns } from '../../src/engine/index.js';
import type { Report } from '../../src/model/report.js';
import { startHeaderSite, type HeaderSite } from '../lab/header-site.js';
import { HEADER_SCENARIOS } from '../lab/header-scenarios.js';
import { startCorsSite, FIXTURES as CORS_FIXTURES, type CorsSite } from '../lab/cors/cors-site.js';
import { createLabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { carelessWordPress } from '../lab/wordpress/sites.js';
import { leakyRoutes } from '../lab/exposure/sites.js';
import type { TlsLabCerts } from '../lab/tls/certs.js';
import { tlsLabPerFile } from '../lab/tls/lab-per-file.js';
import { LEGACY_TLS10_11, MODERN, startNodeTls } from '../lab/tls/servers.js';
import { dnsLabAvailable, startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { normaliseReport } from './normalise-report.js';

const recorded = (name: string) => `./reports-unchanged/${name}.json`;
const expectReport = async (name: string, report: Report) =>
  expect(`${JSON.stringify(normaliseReport(report), null, 2)}\n`).toMatchFileSnapshot(recorded(name));

describe('full scan of the header lab (http probe)', () => {
  let site: HeaderSite;
  beforeAll(async () => {
    site = await startHeaderSite(HEADER_SCENARIOS);
  });
  afterAll(() => site.close());

  it('every header scenario gives the recorded report', async () => {
    const reports: Record<string, unknown> = {};
    for (const path of Object.keys(HEADER_SCENARIOS)) {
      const { report } = await scan(site.url(path), { ...site.scanOptions, probes: ['http'] });
      reports[path] = normaliseReport(report);
    }
    await expect(`${JSON.stringify(reports, null, 2)}\n`).toMatchFileSnapshot(recorded('headers-lab'));
  });
});

describe('full scan of a careless WordPress shop (http, cors, exposure, wordpress)', () => {
  let server: LabServer;
  const HOST = 'shop.lab.test';
  beforeAll(async () => {
    const ca = await createLabCa();
    const cert = await ca.issue({ dnsNames: [HOST] });
    server = await startLabServer({ cert, routes: { ...leakyRoutes(), ...carelessWordPress() } });
    (server as unknown as { caPem: string }).caPem = ca.certPem;
  });
  afterAll(() => server.close());

  it('gives the recorded report', async () => {
    const { report, evidence } = await scan(`https://${HOST}:${server.port}/`, {
      allowPrivate: true,
      resolve: [`${HOST}:${server.port}:127.0.0.1`],
      ca: [(server as unknown as { caPem: string }).caPem],
      timeoutMs: 5000,
      probes: ['http', 'cors', 'exposure', 'wordpress'],
    });
    await expectReport('wordpress-shop', report);
    // The offline half of the pipeline on the same evidence (through JSON, as a saved file) agrees.
    const again = rescore(JSON.parse(JSON.stringify(evidence)));
    expect(normaliseReport(again)).toEqual(normaliseReport(report));
  });
});

describe('full scan of the CORS lab (http, cors)', () => {
  let site: CorsSite;
  beforeAll(async () => {
    site = await startCorsSite(Object.fromEntries(Object.entries(CORS_FIXTURES).map(([path, f]) => [path, f.policy])));
  });
  afterAll(() => site.close());

  it('every CORS fixture gives the recorded report', async () => {
    const reports: Record<string, unknown> = {};
    for (const path of Object.keys(CORS_FIXTURES)) {
      const { report } = await scan(site.url(path), { ...site.scanOptions, probes: ['http', 'cors'] });
      reports[path] = normaliseReport(report);
    }
    await expect(`${JSON.stringify(reports, null, 2)}\n`).toMatchFileSnapshot(recorded('cors-lab'));
  });
});

describe('the focused TLS tool on the TLS lab', () => {
  const lab = tlsLabPerFile();

  const cases = [
    ['tls-modern', 'good', MODERN],
    ['tls-expired', 'expired', MODERN],
    ['tls-missing-intermediate', 'missingIntermediate', MODERN],
    ['tls-legacy-versions', 'good', LEGACY_TLS10_11],
  ] as const;
  for (const [name, leaf, config] of cases) {
    it(`${name} gives the recorded report`, async () => {
      const server = await lab.start(() => startNodeTls(lab.certs[leaf], config));
      const { report } = await runTlsTool(`localhost:${server.port}`, {
        allowPrivate: true,
        resolve: [`localhost:${server.port}:127.0.0.1`],
        ca: [lab.certs.rootPem],
        timeoutMs: 15_000,
      });
      await expectReport(name, report);
    });
  }
});

describe.skipIf(!dnsLabAvailable())('the focused DNS and e-mail tools on the DNS lab', () => {
  let lab: DnsLab;
  beforeAll(async () => {
    lab = await startDnsLab();
  });
  afterAll(async () => lab?.stop());

  const cases = [
    ['dns-example', 'example.test', 'dns'],
    ['dns-dsmismatch', 'dsmismatch.test', 'dns'],
    ['email-spf-plusall', 'spf-plusall.mailcases.test', 'email'],
    ['email-dmarc-extrua', 'dmarc-extrua.mailcases.test', 'email'],
  ] as const;
  for (const [name, domain, mode] of cases) {
    it(`${name} gives the recorded report`, async () => {
      const { report } = await scanDns(domain, {
        mode,
        allowPrivate: true,
        dnsServers: [lab.resolverSpec],
        dnssecAnchor: lab.anchorFile,
        // Names the tool connects to (the MTA-STS policy host) resolve through the lab too: never the machine's resolver.
        nameServers: [lab.resolverSpec],
        subdomains: false,
        timeoutMs: 3000,
      });
      await expectReport(name, report);
    });
  }
});
