/**
 * The MTA-STS policy fetched for real: the scan's own HTTP client (target policy, pinned names, lab CA)
 * against an HTTPS server on port 443 of a random 127/8 address. Port 443 needs root; where it cannot be
 * bound, the test says so and is skipped (the canned-client lab tests still cover the policy logic).
 */
import https from 'node:https';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { createLabCa, type LabCa } from '../lab/ca.js';
import { createNetContext } from '../../src/net/index.js';
import { runDnsProbe } from '../../src/probes/dns.js';
import { evidenceWith, runChecks } from './helpers.js';

const POLICY = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.test\r\nmax_age: 86400\r\n';
let lab: DnsLab;
let ca: LabCa;
let server: https.Server | undefined;
let bindError = '';
const address = `127.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(1, 250)}`;

beforeAll(async () => {
  lab = await startDnsLab();
  ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: ['mta-sts.example.test'] });
  server = https.createServer({ cert: cert.chainPem, key: cert.keyPem }, (req, res) => {
    if (req.headers.host?.startsWith('mta-sts.example.test') && req.url === '/.well-known/mta-sts.txt') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(POLICY);
    } else {
      res.writeHead(301, { Location: 'https://elsewhere.test/policy.txt' }).end();
    }
  });
  await new Promise<void>((resolve) => {
    server!.once('error', (err: NodeJS.ErrnoException) => {
      bindError = err.code ?? err.message;
      server = undefined;
      resolve();
    });
    server!.listen(443, address, () => resolve());
  });
});
afterAll(async () => {
  await lab?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function probe(domain: string) {
  const net = createNetContext({
    allowPrivate: true,
    resolve: [`mta-sts.example.test:443:${address}`, `mta-sts.mx-badpolicy.mailcases.test:443:${address}`],
    ca: [ca.certPem],
    timeoutMs: 5000,
  });
  try {
    const probed = await runDnsProbe(domain, { dnsServers: [lab.resolverSpec], dnssecAnchor: lab.anchorFile, mailDomain: domain, subdomains: false }, net);
    if (probed.status !== 'ok') throw new Error(probed.reason);
    return { evidence: probed.data, findings: runChecks(evidenceWith(probed)) };
  } finally {
    await net.close();
  }
}

describe('MTA-STS policy over real HTTPS', () => {
  it('a valid policy with a trusted certificate is accepted', async (ctx) => {
    if (!server) ctx.skip(`cannot bind ${address}:443 (${bindError})`);
    const { evidence, findings } = await probe('example.test');
    expect(evidence.mail.mtaStsPolicy).toMatchObject({ status: 200, certificateValid: true, redirected: false });
    expect(evidence.mail.mtaStsPolicy?.contentType).toBe('text/plain');
    expect(findings.filter((f) => f.id.startsWith('dns_mta_sts'))).toEqual([]);
  });
  it('a redirect and a certificate for another name are both reported', async (ctx) => {
    if (!server) ctx.skip(`cannot bind ${address}:443 (${bindError})`);
    const { findings } = await probe('mx-badpolicy.mailcases.test');
    const f = findings.find((x) => x.id === 'dns_mta_sts_invalid');
    expect(f?.evidence).toMatch(/redirect \(301\)/);
    expect(f?.evidence).toMatch(/certificate not valid/);
  });
});
