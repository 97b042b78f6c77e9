/**
 * The built CLI against the protection lab: a block page gives no grade and exit code 3 when nothing
 * else could be measured, and the terminal says which layer answered and what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { LOGIN_HOST, SITE_HOST, startProtectionLab, type ProtectionLab } from '../lab/protection/sites.js';
import type { LabServer } from '../lab/http-server.js';

let lab: ProtectionLab;
let caFile: string;
beforeAll(async () => {
  lab = await startProtectionLab();
  caFile = join(mkdtempSync(join(tmpdir(), 'scorifya-protection-')), 'ca.pem');
  writeFileSync(caFile, lab.ca.certPem);
}, 60_000);
afterAll(() => lab?.close());

const labArgs = (server: LabServer) => ['--allow-private', '--ca', caFile, '--resolve', `${SITE_HOST}:${server.port}:127.0.0.1`, '--resolve', `${LOGIN_HOST}:${lab.login.port}:127.0.0.1`];

describe('scorifya against a protection layer', () => {
  it('headers on a Cloudflare challenge: exit 3, and the terminal names Cloudflare, the marker and what to do', async () => {
    const r = await runCli(['headers', lab.url(lab.answers, '/cloudflare-challenge'), ...labArgs(lab.answers)]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Not measured: the check could not run.');
    expect(r.stdout).toMatch(/Security headers\s+not measured\s+security headers not judged: Cloudflare answered the main page with a challenge page \(status 403, cf-mitigated: challenge\), not the site; to get a real result, allow-list the scanner in Cloudflare and scan again/);
    expect(r.stdout).toMatch(/http: Cloudflare answered https:\/\/shop\.lab\.test:\d+\/cloudflare-challenge with a challenge page/);
    expect(r.stdout).toContain('to get a real result, allow-list the scanner in Cloudflare (requests whose User-Agent contains "Scorifya/" or the scanner\'s IP address) and scan again');
    expect(r.stdout).not.toMatch(/missing_hsts|Grade/);
  });

  it('scan --only http,exposure on an Akamai block: exit 3, JSON has no score and every reason names Akamai', async () => {
    const r = await runCli(['scan', lab.url(lab.answers, '/akamai'), ...labArgs(lab.answers), '--only', 'http,exposure', '--json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.score).toBeNull();
    expect(report.grade).toBeNull();
    expect(report.findings).toEqual([]);
    const page = report.categories.filter((c: { id: string }) => ['headers', 'cookies', 'exposure'].includes(c.id));
    for (const c of page) expect(c.reason).toContain('Akamai answered');
  });

  it('a 429 with Retry-After: the terminal says it was rate-limited and to wait', async () => {
    const r = await runCli(['headers', lab.url(lab.answers, '/rate-limit'), ...labArgs(lab.answers)]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('the server answered the main page with 429 Too Many Requests (status 429, retry-after: 120), not the site');
    expect(r.stdout).toContain('wait as long as Retry-After says and scan again');
  });

  it('a normal page behind Cloudflare is graded (exit 0) and __cf_bm is set aside', async () => {
    const r = await runCli(['scan', lab.url(lab.answers, '/own/cloudflare-200'), ...labArgs(lab.answers), '--only', 'http']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Score\s+\d+\/100/);
    expect(r.stdout).toContain('missing_hsts');
    expect(r.stdout).toContain('cookies set by Cloudflare (__cf_bm) belong to the protection layer, not the site');
  });
});
