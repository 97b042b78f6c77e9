/** `scorifya dns` and `scorifya email` end to end (built CLI, loopback guard loaded) against the DNS lab. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { startLimitedResolver, type LimitedResolver } from '../lab/dns/limited-resolvers.js';
import { runCli } from '../support/cli.js';

let lab: DnsLab;
let strip: LimitedResolver;
beforeAll(async () => {
  lab = await startDnsLab();
  strip = await startLimitedResolver('strip', lab.resolver);
});
afterAll(async () => {
  await strip?.close();
  await lab?.stop();
});

const dnsArgs = () => ['--dns-server', lab.resolverSpec, '--dnssec-anchor', lab.anchorFile];

describe('scorifya scan with the DNS options', () => {
  it('--dns-server and --dnssec-anchor reach the full scan', async () => {
    // Nothing listens on port 9: the HTTP probe fails fast; the DNS probe asks the lab.
    const r = await runCli(['scan', 'http://expired.test:9/', '--resolve', 'expired.test:9:127.0.0.1', '--allow-private', '--only', 'dns', '--timeout', '2000', ...dnsArgs(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.categories.find((c: { id: string }) => c.id === 'dns').status).toBe('measured');
    expect(report.findings.map((f: { id: string }) => f.id)).toContain('dnssec_bogus');
  });
  it('a bad --dns-server is an input error', async () => {
    const r = await runCli(['scan', 'https://example.com/', '--dns-server', 'not-an-address']);
    expect(r.code).toBe(2);
  });
});

describe('scorifya dns / email', () => {
  it('dns --json: DNSSEC bogus with the reason, exit 0', async () => {
    const r = await runCli(['dns', 'expired.test', ...dnsArgs(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.report.findings.map((f: { id: string }) => f.id)).toContain('dnssec_bogus');
    expect(out.dns.dnssec.chain.bogusReason).toBe('signature_expired');
    expect(out.report.categories.map((c: { id: string }) => c.id)).toEqual(['dns']);
  });
  it('email: prints the SPF tree and the findings', async () => {
    const r = await runCli(['email', 'spf-many.mailcases.test', ...dnsArgs()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('i6.mailcases.test: v=spf1 a -all');
    expect(r.stdout).toContain('dns_spf_too_many_lookups');
    expect(r.stdout).not.toContain('dnssec_');
  });
  it('escapes control characters from TXT records', async () => {
    const r = await runCli(['email', 'nonascii.mailcases.test', ...dnsArgs()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
  it('bad --dns-server and anchor values exit 2 before any query', async () => {
    expect((await runCli(['dns', 'example.test', '--dns-server', 'resolver.example'])).code).toBe(2);
    expect((await runCli(['dns', 'example.test', '--dnssec-anchor', '/nonexistent'])).code).toBe(2);
    expect((await runCli(['email', 'not a domain', ...dnsArgs()])).code).toBe(2);
  });
  it('a DNS server that is down: not measured, exit 3', async () => {
    const r = await runCli(['dns', 'example.test', '--dns-server', '127.0.0.1:9', '--timeout', '500']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/not measured/);
  });
});

describe('DNSSEC through a resolver that strips DNSSEC records', () => {
  it('dns: exit 0 with a score, DNSSEC said to be not measured, the resolver named, what to do said', async () => {
    const r = await runCli(['dns', 'example.test', '--dns-server', strip.spec, '--dnssec-anchor', lab.anchorFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`DNSSEC not measured — the resolver does not return DNSSEC records: the DNS server ${strip.spec} returns no DNSKEY record for ., which the trust anchor says is signed.`);
    expect(r.stdout).toMatch(/DNS & email\s+\S+\s+\d+ \/ 20\s+\(DNSSEC not measured\)/);
    expect(r.stdout).toMatch(/Not measured\n {2}dns: DNSSEC not measured: .*--dns-server HOST:PORT/);
    expect(r.stdout).not.toContain('dnssec_bogus');
  });
  it('dns --json: the category lists DNSSEC as unmeasured, the evidence names the resolver gap', async () => {
    const r = await runCli(['dns', 'example.test', '--dns-server', strip.spec, '--dnssec-anchor', lab.anchorFile, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.report.categories[0].unmeasured).toEqual([{ check: 'dns/dnssec', topic: 'DNSSEC', reason: expect.stringContaining('does not return DNSSEC records') }]);
    expect(out.report.unavailable).toEqual([{ probe: 'dns', check: 'dns/dnssec', reason: expect.stringMatching(/^DNSSEC not measured: /) }]);
    expect(out.dns.dnssec.chain).toMatchObject({ verdict: 'indeterminate', resolverGap: 'records_stripped' });
    expect(out.report.findings.filter((f: { id: string }) => f.id.startsWith('dnssec_'))).toEqual([]);
  });
});

describe('names that do not exist', () => {
  const nxdomain = () => `the name nope.example.test does not exist (NXDOMAIN) at ${lab.resolverSpec}`;
  it.each(['dns', 'email'])('%s: exit 3, the reason, no score', async (tool) => {
    const r = await runCli([tool, 'nope.example.test', ...dnsArgs()]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain(nxdomain());
    expect(r.stdout).toMatch(/Not measured: the check could not run/);
    expect(r.stdout).not.toMatch(/\d+ \/ 20/);
  });
  it.each(['dns', 'email'])('%s --json: the same reason, score null', async (tool) => {
    const r = await runCli([tool, 'nope.example.test', ...dnsArgs(), '--json']);
    expect(r.code, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.report.score).toBeNull();
    // `dns` shows the DNS & email row; `email` is narrower than the category and shows findings only (docs/surfaces.md).
    if (tool === 'dns') expect(out.report.categories).toEqual([expect.objectContaining({ id: 'dns', status: 'not_measured', reason: expect.stringContaining(nxdomain()) })]);
    else expect(out.report.categories).toEqual([]);
    expect(out.report.unavailable).toEqual([{ probe: 'dns', reason: expect.stringContaining(nxdomain()) }]);
    expect(out.dns).toBeNull();
  });
  it('email on a name that exists with MX but no address: checked, exit 0', async () => {
    const r = await runCli(['email', 'mx-nosts.mailcases.test', ...dnsArgs(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.dns.ipv4.status).toBe('nodata');
    expect(out.report.findings.map((f: { id: string }) => f.id)).toContain('dns_mta_sts_missing');
  });
  it('a full scan (--only dns) says the same about its host, and exits 3', async () => {
    // The target name is pinned (--resolve), so the scan runs; the DNS probe asks the lab about it.
    const r = await runCli(['scan', 'http://nope.example.test:9/', '--resolve', 'nope.example.test:9:127.0.0.1', '--allow-private', '--only', 'dns', ...dnsArgs(), '--json']);
    expect(r.code, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.categories.find((c: { id: string }) => c.id === 'dns')).toMatchObject({ status: 'not_measured', reason: expect.stringContaining(nxdomain()) });
  });
});
