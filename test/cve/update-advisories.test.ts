/** `scorifya update-advisories` against a loopback server and local files: no public network. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { trimRetireRepository, AdvisoryDataError } from '../../src/checks/cve/retire-data.js';
import { loadAdvisoryData } from '../../src/checks/cve/advisory-data.js';
import { matchRetire } from '../../src/checks/cve/match.js';
import { downloadText, writeRetireUpdate } from '../../src/cli/commands/update-advisories.js';
import { InputError } from '../../src/net/target-input.js';

/** A two-library upstream file in retire.js's format, with what the trim must drop. */
const UPSTREAM = JSON.stringify({
  'retire-example': {
    vulnerabilities: [{ below: '0.0.2', severity: 'high', cwe: ['CWE-79'], identifiers: { summary: 'bad', CVE: ['CVE-2000-0001'], githubID: 'GHSA-aaaa-bbbb-cccc' }, info: ['https://example.invalid/a', 'https://nvd.nist.gov/vuln/detail/CVE-2000-0001'] }],
    extractors: { func: ['window.x'], filename: ['retire-example-(§§version§§)(.min)?\\.js'], hashes: { abc: '0.0.1' } },
  },
  jquery: {
    vulnerabilities: [{ atOrAbove: '1.0.0', below: '9.0.0', severity: 'medium', identifiers: { CVE: ['CVE-2099-0001'] } }],
    extractors: { filename: ['jquery-(§§version§§)(\\.min)?\\.js'] },
  },
  'no-version-extractor': { vulnerabilities: [{ below: '1', severity: 'low', identifiers: {} }], extractors: { uri: ['^https://cdn.example/x.js'] } },
  'dont check': { vulnerabilities: [], extractors: { uri: ['^http[s]?://www.google-analytics.com/ga.js'] } },
});

let server: LabServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scorifya-adv-'));
  server = await startLabServer({
    routes: {
      '/jsrepository.json': { status: 200, headers: [['Content-Type', 'application/json']], body: UPSTREAM },
      '/broken.json': { status: 200, headers: [['Content-Type', 'application/json']], body: '{"jquery": ' },
      '/moved': { status: 301, headers: [['Location', '/jsrepository.json']] },
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('trimRetireRepository', () => {
  it('keeps versioned extractors, ranges and ids; drops func, hashes, CWE and unversioned entries', () => {
    const out = trimRetireRepository(UPSTREAM, { url: 'u', date: '2026-12-03', licence: 'Apache-2.0' });
    expect(Object.keys(out.libraries).sort()).toEqual(['jquery', 'retire-example']);
    expect(out.libraries['retire-example']).toEqual({
      vulnerabilities: [{ below: '0.0.2', severity: 'high', ids: ['CVE-2000-0001', 'GHSA-aaaa-bbbb-cccc'], summary: 'bad', info: 'https://nvd.nist.gov/vuln/detail/CVE-2000-0001' }],
      extractors: { filename: ['retire-example-(§§version§§)(.min)?\\.js'] },
    });
  });

  it('refuses what is not a retire.js repository with a clear error', () => {
    for (const bad of ['', 'null', '[]', '{"x": 1}', '{"jquery": ']) {
      expect(() => trimRetireRepository(bad, { url: 'u', date: 'd', licence: 'l' })).toThrow(AdvisoryDataError);
    }
  });
});

describe('scorifya update-advisories', () => {
  it('downloads from a loopback server (when allowed), writes the trimmed file and the licence, and the checks use it', async () => {
    const r = await runCli(['update-advisories', '--url', server.url('http', '/jsrepository.json'), '--dir', dir, '--allow-private', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ libraries: 2, vulnerabilities: 2 });
    expect(summary.removed).toContain('lodash');
    const written = JSON.parse(readFileSync(join(dir, 'retirejs/jsrepository.json'), 'utf8'));
    expect(written.source).toMatchObject({ url: server.url('http', '/jsrepository.json'), licence: 'Apache-2.0' });
    expect(written.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'retirejs/LICENSE.md'), 'utf8')).toContain('Apache License');
    // The refreshed folder is what the checks read; the curated tables come from the shipped copy.
    const data = loadAdvisoryData(dir);
    expect(matchRetire(data.js.libraries['jquery']!.vulnerabilities, '3.7.1').map((m) => m.ids[0])).toEqual(['CVE-2099-0001']);
    expect(data.servers.advisories.length).toBeGreaterThan(10);
  });

  it('refuses a loopback URL without --allow-private, like a scan target, and leaves the data alone', async () => {
    const before = readFileSync(join(dir, 'retirejs/jsrepository.json'), 'utf8');
    const r = await runCli(['update-advisories', '--url', server.url('http', '/jsrepository.json'), '--dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refused|not allowed|private|loopback/i);
    expect(readFileSync(join(dir, 'retirejs/jsrepository.json'), 'utf8')).toBe(before);
  });

  it('rejects broken JSON, redirects and unreadable files with a clear error, keeping the previous file', async () => {
    const before = readFileSync(join(dir, 'retirejs/jsrepository.json'), 'utf8');
    const broken = await downloadText(server.url('http', '/broken.json'), true);
    expect(() => writeRetireUpdate(broken, dir, { url: 'x', now: new Date() })).toThrow(/not JSON/);
    await expect(downloadText(server.url('http', '/moved'), true)).rejects.toThrow(/redirects are not followed/);
    await expect(downloadText('ftp://127.0.0.1/x', true)).rejects.toThrow(InputError);
    expect(readFileSync(join(dir, 'retirejs/jsrepository.json'), 'utf8')).toBe(before);
  });

  it('updates another folder from a local file and reports what changed', () => {
    const summary = writeRetireUpdate(UPSTREAM, join(dir, 'other'), { url: 'file:upstream.json', now: new Date('2026-12-03T00:00:00Z') });
    expect(summary).toMatchObject({ libraries: 2, vulnerabilities: 2, added: [] });
    expect(summary.vulnerabilitiesBefore).toBeGreaterThan(500);
    expect(JSON.parse(readFileSync(join(dir, 'other/retirejs/jsrepository.json'), 'utf8')).source.date).toBe('2026-12-03');
  });
});
