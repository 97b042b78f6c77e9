/** Targets that misbehave still give a finished report that says what could not be measured. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import { createLabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { LAB_HOST } from '../lab/header-site.js';
import { GOOD_HEADERS } from '../support/evidence.js';
import type { HttpEvidence } from '../../src/model/http.js';

let server: LabServer;
let caPem: string;
// These cases are about the HTTP probe; the other probes have their own hostile-input tests.
const opts = () => ({ probes: ['http'], allowPrivate: true as const, resolve: [`${LAB_HOST}:${server.port}:127.0.0.1`, `www.target.test:${server.port}:127.0.0.1`], ca: [caPem], timeoutMs: 1500 });
const url = (path: string) => `http://${LAB_HOST}:${server.port}${path}`;

beforeAll(async () => {
  const ca = await createLabCa();
  caPem = ca.certPem;
  const cert = await ca.issue({ dnsNames: [LAB_HOST, 'www.target.test'] });
  server = await startLabServer({
    cert,
    routes: {
      '/close': { behaviour: 'close' },
      '/reset': { behaviour: 'reset' },
      '/stall': { behaviour: 'stall' },
      '/flood': { behaviour: 'flood', floodBytes: 50 * 1024 * 1024 },
      '/malformed': { behaviour: 'malformed-headers' },
      '/loop': { status: 302, headers: [['Location', '/loop']] },
      '/bad-location': { status: 301, headers: [['Location', 'javascript:alert(1)']] },
      '/offhost': (req, scheme) =>
        scheme === 'http'
          ? { status: 301, headers: [['Location', `https://www.target.test:${server.port}/offhost`]] }
          : { status: 200, headers: GOOD_HEADERS, body: '<html></html>' },
    },
  });
});
afterAll(() => server.close());

const httpOf = (e: Record<string, unknown>) => (e.http as { data: HttpEvidence }).data;

describe('hostile and broken targets', () => {
  it('a server that closes the connection: not measured, with the reason', async () => {
    const { report } = await scan(url('/close'), opts());
    expect(report.score).toBeNull();
    expect(report.unavailable[0]!.reason).toMatch(/closed the connection|socket/i);
  });

  it('a server that resets', async () => {
    const { report } = await scan(url('/reset'), opts());
    expect(report.score).toBeNull();
    expect(report.unavailable[0]!.probe).toBe('http');
  });

  it('a server that stalls: bounded by the timeout', async () => {
    const t0 = Date.now();
    const { report } = await scan(url('/stall'), opts());
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(report.score).toBeNull();
    expect(report.unavailable[0]!.reason).toMatch(/within 1500 ms/);
  });

  it('a 50 MB body is cut at the cap and the scan finishes', async () => {
    const t0 = Date.now();
    // A generous time limit: this case is about the size cap, not about time on a loaded machine.
    const { evidence } = await scan(url('/flood'), { ...opts(), bodyLimit: 256 * 1024, timeoutMs: 10_000 });
    const page = httpOf(evidence).https.hops[0]!;
    expect(page.bodyTruncated).toBe(true);
    expect(page.body.length).toBeLessThanOrEqual(256 * 1024);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('malformed headers are explained, not a crash', async () => {
    const { report } = await scan(url('/malformed'), opts());
    expect(report.score).toBeNull();
    expect(report.unavailable[0]!.reason).toMatch(/malformed HTTP response/);
  });

  it('a redirect loop stops at the first repeated URL and is named', async () => {
    const { evidence } = await scan(url('/loop'), opts());
    const chain = httpOf(evidence).http;
    expect(chain.outcome).toBe('redirect_loop');
    expect(chain.hops).toHaveLength(1);
    expect(chain.error?.message).toMatch(/redirect loop/);
  });

  it('a redirect to a non-web scheme is recorded, not followed', async () => {
    const { evidence } = await scan(url('/bad-location'), opts());
    expect(httpOf(evidence).http.error?.code).toBe('BAD_LOCATION');
  });

  it('a first hop that leaves the host', async () => {
    const { report } = await scan(url('/offhost'), opts());
    expect(report.findings.filter((f) => f.category === 'headers' || f.category === 'tls').map((f) => f.id)).toEqual(['redirect_offhost_first']);
  });

  it('a redirect to a refused address is stopped at that hop', async () => {
    const srv = await startLabServer({ routes: { '/': { status: 302, headers: [['Location', 'http://127.0.0.2:9/']] } } });
    try {
      const { evidence } = await scan(`http://${LAB_HOST}:${srv.port}/`, { probes: ['http'], resolve: [`${LAB_HOST}:${srv.port}:127.0.0.1`], allowList: ['127.0.0.1/32'], timeoutMs: 1500 });
      expect(httpOf(evidence).http.outcome).toBe('refused');
      expect(httpOf(evidence).http.error?.message).toMatch(/127\.0\.0\.2/);
    } finally {
      await srv.close();
    }
  });
});

describe('no HTTPS at all', () => {
  it('reports no_https and caps the score', async () => {
    const plain = await startLabServer({ only: 'http', routes: { '/': { status: 200, headers: [['Content-Type', 'text/html']], body: '<html></html>' } } });
    try {
      // With the TLS probe: a scan restricted to http alone leaves TLS & HTTPS not measured (it stands on the TLS probe).
      const { report } = await scan(`http://${LAB_HOST}:${plain.port}/`, { probes: ['http', 'tls'], allowPrivate: true, resolve: [`${LAB_HOST}:${plain.port}:127.0.0.1`], timeoutMs: 1500 });
      expect(report.findings.map((f) => f.id)).toContain('no_https');
      expect(report.caps).toEqual([{ id: 'no_https', cap: 20, class: 'no_confidentiality' }]);
      expect(report.score).toBeLessThanOrEqual(20);
    } finally {
      await plain.close();
    }
  });
});
