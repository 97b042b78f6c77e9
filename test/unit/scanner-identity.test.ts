/** The runtime is named where a report's reader or a target's log would look for it. */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { SCORIFYA_VERSION, scannerInfo, versionLine } from '../../src/model/scanner.js';
import { DEFAULT_USER_AGENT } from '../../src/net/http-client.js';
import { rescore } from '../../src/engine/index.js';
import { siteWithHeaders, GOOD_HEADERS } from '../support/evidence.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; engines: { node: string } };

it('the version in the code is package.json version', () => {
  expect(SCORIFYA_VERSION).toBe(pkg.version);
});

it('runs on Node 24 or newer, as package.json requires', () => {
  expect(pkg.engines.node).toBe('>=24');
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
});

it('the User-Agent names Scorifya and the Node.js version', () => {
  expect(DEFAULT_USER_AGENT).toContain(`Scorifya/${pkg.version}`);
  expect(DEFAULT_USER_AGENT).toContain(`Node.js/${process.versions.node}`);
});

it('every JSON report names the scanner and its runtime', () => {
  const report = rescore(siteWithHeaders(GOOD_HEADERS));
  expect(report.scanner).toEqual({ name: 'scorifya', version: pkg.version, runtime: `Node.js ${process.versions.node}`, openssl: process.versions.openssl });
  expect(JSON.parse(JSON.stringify(report)).scanner.runtime).toBe(scannerInfo().runtime);
});

it('the built CLI answers --version with the runtime', () => {
  const out = execFileSync(process.execPath, [new URL('../../dist/cli/main.js', import.meta.url).pathname, '--version'], { encoding: 'utf8' });
  expect(out).toBe(`${versionLine()}\n`);
  expect(out).toMatch(new RegExp(`^${pkg.version.replace(/\./g, '\\.')} \\(Node\\.js ${process.versions.node.replace(/\./g, '\\.')}, OpenSSL `));
});
