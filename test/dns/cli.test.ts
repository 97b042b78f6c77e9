/** `scorifya dns` and `scorifya email` end to end (built CLI, loopback guard loaded) against the DNS lab. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { runCli } from '../support/cli.js';

let lab: DnsLab;
beforeAll(async () => {
  lab = await startDnsLab();
});
afterAll(async () => lab?.stop());

const dnsArgs = () => ['--dns-server', lab.resolverSpec, '--dnssec-anchor', lab.anchorFile];

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
