/** Every header and HTTPS id against a real lab server, scanned through the library on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import { startHeaderSite, LAB_HOST, type HeaderSite } from '../lab/header-site.js';
import { HEADER_EXPECTED, HEADER_SCENARIOS as scenarios } from '../lab/header-scenarios.js';

let site: HeaderSite;
beforeAll(async () => {
  site = await startHeaderSite(scenarios);
});
afterAll(() => site.close());

const ids = async (path: string) => {
  // The HTTP probe alone: TLS, CORS, exposure and cookies have their own labs.
  const { report } = await scan(site.url(path), { ...site.scanOptions, probes: ['http'] });
  return report.findings.map((f) => f.id).sort();
};

describe('header lab through the library', () => {
  it('a well-configured page has no findings (negative control for every rule)', async () => {
    expect(await ids('/good')).toEqual([]);
  });

  for (const [path, want] of Object.entries(HEADER_EXPECTED)) {
    it(`${path} reports exactly ${want.join(', ')}`, async () => {
      expect(await ids(path)).toEqual(want);
    });
  }

  it('records both redirect chains hop by hop and pins the address', async () => {
    const { evidence, report } = await scan(site.url('/good'), { ...site.scanOptions, probes: ['http'] });
    const http = (evidence.http as { data: import('../../src/model/http.js').HttpEvidence }).data;
    expect(http.http.hops.map((h) => h.status)).toEqual([301, 200]);
    expect(http.https.hops.map((h) => h.url)).toEqual([site.url('/good', 'https')]);
    expect(http.https.hops[0]!.tls?.authorized).toBe(true);
    expect(report.target.pinned).toBe('127.0.0.1');
    expect(report.target.host).toBe(LAB_HOST);
  });

  it('without the lab CA the certificate error is recorded and headers are still judged', async () => {
    const { evidence, report } = await scan(site.url('/good'), { ...site.scanOptions, ca: [], probes: ['http'] });
    const page = (evidence.http as { data: import('../../src/model/http.js').HttpEvidence }).data.https.hops[0]!;
    expect(page.tls?.authorized).toBe(false);
    expect(page.tls?.authorizationError).toMatch(/CERT|SIGNATURE|ISSUER/);
    // Browsers ignore HSTS over an untrusted certificate; the other headers still count.
    expect(report.findings.map((f) => f.id)).toEqual(['missing_hsts']);
  });
});
