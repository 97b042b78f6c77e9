/**
 * Hostile DNS answers (served on loopback by our own small DNS server): truncated answers whose TCP
 * side hangs up, a CNAME loop, a 64,000-byte TXT record. The DNS probe finishes within its budget,
 * the report says what happened in words, and nothing crashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import { startHttpCase } from '../lab/hostile/http-cases.js';
import type { RawServer } from '../lab/hostile/raw-server.js';
import { DNS_CASE_HOST, startDnsCase, type DnsCaseId } from '../lab/hostile/dns-cases.js';
import { category, expectExplained } from './support.js';

let web: RawServer;
beforeAll(async () => {
  web = await startHttpCase('plain-http-400-to-tls');
});
afterAll(() => web.close());

async function scanDnsCase(id: DnsCaseId) {
  const dns = await startDnsCase(id);
  const host = DNS_CASE_HOST[id];
  try {
    const t0 = performance.now();
    const { report, evidence } = await scan(`http://${host}:${web.port}/`, {
      allowPrivate: true,
      resolve: [`${host}:${web.port}:127.0.0.1`],
      probes: ['http', 'dns'],
      dns: { dnsServers: [dns.spec] },
      timeoutMs: 2000,
    });
    return { report, evidence, ms: performance.now() - t0, queries: dns.queries };
  } finally {
    await dns.close();
  }
}

/** The DNS probe's own deadline (45 s) is the documented budget; these cases stay far inside it. */
const BUDGET_MS = 20_000;

describe('hostile DNS answers', () => {
  it.concurrent('every answer truncated, TCP hangs up: not measured, said in words', async () => {
    const { report, ms, queries } = await scanDnsCase('dns-truncated');
    expect(ms).toBeLessThan(BUDGET_MS);
    expect(queries.some((q) => q.transport === 'tcp')).toBe(true);
    expect(category(report, 'dns').status).toBe('not_measured');
    expectExplained(report, /did not answer usably: the DNS server refused the query or closed the connection/);
  });

  it.concurrent('a CNAME loop: reported as a loop, not followed for ever', async () => {
    const { report, ms } = await scanDnsCase('dns-cname-loop');
    expect(ms).toBeLessThan(BUDGET_MS);
    const loop = report.findings.find((f) => f.id === 'dns_dangling_cname');
    expect(loop?.evidence).toMatch(/CNAME loop\.test → www\.loop\.test → loop\.test/);
    expectExplained(report, /loop\.test/);
  });

  it.concurrent('a CNAME loop as the target name itself: the scan is refused with the reason in words', async () => {
    const dns = await startDnsCase('dns-cname-loop');
    try {
      const attempts: unknown[] = [];
      const error = await scan(`http://loop.test:${web.port}/`, { allowPrivate: true, nameServers: [dns.spec], probes: ['http'], timeoutMs: 2000, onConnect: (a) => attempts.push(a) }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/^could not resolve loop\.test: /);
      expect(error?.message).not.toMatch(/\bE[A-Z]{4,}\b/);
      expect(attempts).toEqual([]);
    } finally {
      await dns.close();
    }
  });

  it.concurrent('a 64,000-byte TXT record: read over TCP, bounded, judged', async () => {
    const { report, evidence, ms } = await scanDnsCase('dns-txt-64k');
    expect(ms).toBeLessThan(BUDGET_MS);
    const txt = JSON.stringify((evidence.dns as { data: { mail: { txt: unknown } } }).data.mail.txt);
    expect(txt.length).toBeLessThan(300_000);
    expect(report.findings.map((f) => f.id)).toContain('dns_spf_syntax');
    expectExplained(report, /record has 3555 terms; only the first 512 were read/);
  });
});
