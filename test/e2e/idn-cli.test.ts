/**
 * An internationalised host name through the built CLI: the Unicode URL, a `--resolve` pin written in
 * Unicode or in punycode, and the reports naming both forms. A pin that did not match used to fall
 * through to the system resolver — for a name the user pinned to keep traffic local, a leak; here
 * that would end the scan with a DNS failure (lab.test names resolve nowhere), so a green run proves
 * the pin was used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { createLabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { parseResolveEntry } from '../../src/net/resolve.js';
import { parseTargetInput } from '../../src/net/target-input.js';

const UNICODE = 'bücher.lab.test';
const ASCII = 'xn--bcher-kva.lab.test';

let server: LabServer;
let caFile: string;
beforeAll(async () => {
  const ca = await createLabCa();
  // Certificates carry the ASCII form in their DNS names (RFC 5280 §7.2); the subject CN is the same.
  const cert = await ca.issue({ dnsNames: [ASCII] });
  server = await startLabServer({ cert, only: 'https', routes: { '/': { status: 200, headers: [['Content-Type', 'text/html']], body: '<p>Bücher</p>' } } });
  caFile = join(mkdtempSync(join(tmpdir(), 'scorifya-idn-')), 'ca.pem');
  writeFileSync(caFile, ca.certPem);
}, 60_000);
afterAll(() => server?.close());

describe('international host names', () => {
  it('a --resolve pin matches in either form; the target keeps its Unicode form for people', () => {
    expect(parseResolveEntry(`${UNICODE}:443:127.0.0.1`).host).toBe(ASCII);
    expect(parseResolveEntry(`${ASCII}:443:127.0.0.1`).host).toBe(ASCII);
    expect(parseResolveEntry('BÜCHER.lab.test.:443:127.0.0.1').host).toBe(ASCII);
    expect(() => parseResolveEntry('bad..name%:443:127.0.0.1')).toThrow(/not a valid host name/);
    const target = parseTargetInput(`https://${UNICODE}/`);
    expect([target.host, target.unicodeHost, target.url]).toEqual([ASCII, UNICODE, `https://${ASCII}/`]);
    expect(parseTargetInput(`https://${ASCII}/`).unicodeHost).toBe(UNICODE);
    expect(parseTargetInput('https://www.lab.test/').unicodeHost).toBeUndefined();
  });

  for (const [url, pin] of [
    [UNICODE, UNICODE],
    [UNICODE, ASCII],
    [ASCII, UNICODE],
  ] as const) {
    it(`scan https://${url}/ with the pin in ${pin === UNICODE ? 'Unicode' : 'punycode'}: the pin is used, the certificate matches, both forms shown`, async () => {
      const args = ['scan', `https://${url}:${server.port}/`, '--allow-private', '--ca', caFile, '--resolve', `${pin}:${server.port}:127.0.0.1`, '--only', 'http,tls'];
      const json = await runCli([...args, '--json']);
      expect(json.stderr).not.toMatch(/could not resolve/);
      const report = JSON.parse(json.stdout);
      expect(report.target).toMatchObject({ host: ASCII, unicodeHost: UNICODE, pinned: '127.0.0.1' });
      const ids = report.findings.map((f: { id: string }) => f.id);
      expect(ids).not.toContain('cert_hostname_mismatch');
      expect(ids).not.toContain('cert_untrusted');
      if (url !== UNICODE || pin !== UNICODE) return;
      const text = await runCli(args);
      expect(text.stdout).toContain(`report for https://${ASCII}:${server.port}/ (${UNICODE})`);
    });
  }
});
