/**
 * Issue 24's reproduction end to end through the built CLI: a name whose AAAA points where nothing
 * listens while IPv4 serves the site. The scan measures the site over IPv4 (as browsers fall back)
 * and reports ipv6_unreachable, instead of a perfect score from categories it never measured.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { startDualStackSite, type DualStackSite } from '../lab/ipv6/dual-stack-site.js';
import { runCli } from '../support/cli.js';

let lab: DnsLab;
let site: DualStackSite;
let dir: string;
beforeAll(async () => {
  lab = await startDnsLab();
  site = await startDualStackSite('nothing-listens', { host: 'example.test' });
  dir = mkdtempSync(join(tmpdir(), 'scorifya-ipv6-cli-'));
  writeFileSync(join(dir, 'ca.pem'), site.scanOptions.ca[0]!);
});
afterAll(async () => {
  await site?.close();
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('scorifya scan: a dead AAAA beside a working A', () => {
  const args = () => [
    'scan', site.url('/'),
    '--allow-private', '--resolve', site.scanOptions.resolve[0]!, '--ca', join(dir, 'ca.pem'),
    '--dns-server', lab.resolverSpec, '--dnssec-anchor', lab.anchorFile,
    '--only', 'http,dns,ipv6', '--timeout', '3000',
  ];

  it('--json: measured over IPv4, ipv6_unreachable in DNS & email, never a perfect score', async () => {
    const r = await runCli([...args(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.target.pinned).toBe('127.0.0.1');
    const status = Object.fromEntries(report.categories.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(status).toMatchObject({ headers: 'measured', dns: 'measured' });
    const f = report.findings.find((x: { id: string }) => x.id === 'ipv6_unreachable');
    expect(f).toMatchObject({ category: 'dns', severity: 'medium', pointsLost: 3 });
    expect(f.evidence).toContain('over IPv4 (127.0.0.1): HTTP 200');
    expect(report.score).toBeLessThan(100);
  });

  it('the terminal report names the finding and the address scanned', async () => {
    const r = await runCli(args());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('127.0.0.1');
    expect(r.stdout).toMatch(/has an IPv6 address \(AAAA\) but the site does not answer there/);
  });
});
