/** `scorifya scan` end to end on HTTPS that browsers refuse and on plain HTTP on the TLS port: the built CLI, terminal and JSON. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { createTlsLabCerts } from '../lab/tls/certs.js';
import { startHttpsSite, type HttpsSite } from '../lab/tls/https-sites.js';

let legacy: HttpsSite;
let plain: HttpsSite;
let caFile: string;

beforeAll(async () => {
  const certs = await createTlsLabCerts();
  [legacy, plain] = await Promise.all([startHttpsSite('tls10-11-only', certs.good), startHttpsSite('plain-http-on-tls-port', certs.good)]);
  caFile = join(mkdtempSync(join(tmpdir(), 'scorifya-legacy-cli-')), 'root.pem');
  writeFileSync(caFile, certs.rootPem);
});
afterAll(async () => {
  await Promise.all([legacy, plain].map((s) => s?.close()));
});

const args = (port: number) => [`localhost:${port}`, '--allow-private', '--resolve', `localhost:${port}:127.0.0.1`, '--ca', caFile, '--only', 'http,tls,cors,exposure,wordpress'];

describe('scorifya scan on HTTPS current browsers refuse', () => {
  it('--json: the browser finding, no no_https, the page categories not measured with the reason', async () => {
    const r = await runCli(['scan', ...args(legacy.port), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const ids = report.findings.map((f: { id: string }) => f.id);
    expect(ids).toContain('tls_no_browser_can_connect');
    expect(ids).not.toContain('no_https');
    expect(report.caps).toContainEqual({ id: 'tls_no_browser_can_connect', cap: 20, class: 'no_confidentiality' });
    const headers = report.categories.find((c: { id: string }) => c.id === 'headers');
    expect(headers).toMatchObject({ status: 'not_measured', reason: `security headers not judged: the HTTPS endpoint localhost:${legacy.port} accepts only TLS 1.0 and TLS 1.1, which our HTTP client, like current browsers, refuses` });
  });

  it('terminal: the finding and its first fix lead, and the reason stands next to each page category', async () => {
    const r = await runCli(['scan', ...args(legacy.port)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CRITICAL\s+−30\s+tls_no_browser_can_connect\s+Current browsers cannot connect: the server accepts only TLS 1\.0 and TLS 1\.1/);
    expect(r.stdout).toMatch(/1\. tls_no_browser_can_connect \(−30\)/);
    expect(r.stdout).toMatch(/Cookies\s+not measured\s+cookies not judged: the HTTPS endpoint localhost:\d+ accepts only TLS 1\.0 and TLS 1\.1/);
    expect(r.stdout).not.toContain('no_https');
  });
});

describe('scorifya scan on plain HTTP on the TLS port', () => {
  it('terminal: no_https, and the same sentence where the TLS probe reports it', async () => {
    const r = await runCli(['scan', ...args(plain.port)]);
    expect(r.code).toBe(0);
    const phrase = `port ${plain.port} speaks plain HTTP`;
    expect(r.stdout).toContain(`no_https  The site is not served over HTTPS: ${phrase}`);
    const statement = `${phrase} (http://localhost:${plain.port}/ answered 200; a TLS handshake there got no TLS answer)`;
    const lines = r.stdout.split('\n').filter((l) => l.includes('speaks plain HTTP ('));
    // Where the https chain stopped, the TLS probe's note, and the redirect chain's last line: one sentence.
    expect(lines.map((l) => l.trim())).toEqual([`https://localhost:${plain.port}/: ${statement}`, `tls: ${statement}`, `stopped: PLAIN_HTTP: ${statement}`]);
  });
});
