/** The product must pass its own scan: serve over HTTPS on loopback, scan it, expect no header findings. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLabCa } from '../lab/ca.js';
import { createServer, type Server } from '../../src/server/app.js';
import { scan } from '../../src/engine/index.js';

const APP_HOST = 'app.target.test';
let server: Server;
let base: string;
let caPem: string;
let port: number;

beforeAll(async () => {
  const ca = await createLabCa();
  caPem = ca.certPem;
  const cert = await ca.issue({ dnsNames: [APP_HOST] });
  server = await createServer({ db: ':memory:', logger: false, tls: { key: cert.keyPem, cert: cert.chainPem } });
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(address).port);
  base = `https://${APP_HOST}:${port}`;
});
afterAll(() => server.close());

for (const path of ['/', '/methodology', '/api/v1/checks']) {
  it(`scanning our own ${path} finds nothing in security headers`, async () => {
    const { report } = await scan(`${base}${path}`, { allowPrivate: true, resolve: [`${APP_HOST}:${port}:127.0.0.1`], ca: [caPem], timeoutMs: 3000 });
    const headers = report.categories.find((c) => c.id === 'headers')!;
    expect(headers.status).toBe('measured');
    expect(report.findings.filter((f) => f.category === 'headers')).toEqual([]);
    expect(headers.score).toBe(100);
  });
}
