/** The CLI end to end: --format on scan, rescore and headers, --output, the documented CI command, and `scorifya diff` exit codes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { startHeaderSite, LAB_HOST, type HeaderSite } from '../lab/header-site.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';
import { sarifErrors } from './sarif-schema.js';
import { parseCsv } from './csv-parse.js';
import { afterEvidence, beforeEvidence } from './diff-evidence.js';
import { SCRIPT } from './hostile-report.js';

let site: HeaderSite;
let dir: string;
let evidenceFile: string;

beforeAll(async () => {
  site = await startHeaderSite({
    '/good': { headers: GOOD_HEADERS },
    '/hostile': { headers: withHeader('Strict-Transport-Security', `max-age=5; ${SCRIPT}`, withHeader('X-Content-Type-Options', `=cmd|'/c calc'!A1`)) },
  });
  dir = mkdtempSync(join(tmpdir(), 'scorifya-exports-'));
  writeFileSync(join(dir, 'ca.pem'), site.ca.certPem);
  writeFileSync(join(dir, 'before.json'), JSON.stringify(beforeEvidence()));
  writeFileSync(join(dir, 'after.json'), JSON.stringify(afterEvidence()));
  evidenceFile = join(dir, 'hostile-evidence.json');
});
afterAll(() => site.close());

const lab = () => ['--resolve', `${LAB_HOST}:${site.server.port}:127.0.0.1`, '--allow-private', '--ca', join(dir, 'ca.pem'), '--only', 'http'];

describe('scorifya scan --format', () => {
  it('sarif: valid SARIF 2.1.0 on stdout, and --fail-under still decides the exit code', async () => {
    const r = await runCli(['scan', site.url('/hostile'), ...lab(), '--format', 'sarif', '--fail-under', '99', '--save-evidence', evidenceFile]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarifErrors(sarif)).toEqual([]);
    const ids = sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['invalid_hsts', 'missing_nosniff']));
    // SARIF message.text is plain text by the spec; the only Markdown fields (rule help) hold our own content.
    const hsts = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'invalid_hsts');
    expect(hsts.message.text).toContain(SCRIPT);
    expect(JSON.stringify(sarif.runs[0].tool.driver.rules)).not.toContain('<script>');
  });

  it('html to a file with --output: nothing on stdout, one self-contained page with the payload escaped', async () => {
    const out = join(dir, 'report.html');
    const r = await runCli(['scan', site.url('/hostile'), ...lab(), '--format', 'html', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toContain(SCRIPT);
    expect(page).toContain('&#60;script&#62;');
  });

  it('--json is an alias of --format json; giving both with different formats is bad input (exit 2)', async () => {
    const [a, b] = await Promise.all([runCli(['rescore', evidenceFile, '--json']), runCli(['rescore', evidenceFile, '--format', 'json'])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const both = await runCli(['rescore', evidenceFile, '--json', '--format', 'csv']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--json asks for JSON but --format asks for csv/);
    const unknown = await runCli(['scan', site.url('/good'), ...lab(), '--format', 'pdf']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Allowed choices are text, json, sarif, html, markdown, csv/);
  });

  it('rescore and the headers tool take --format too: markdown, csv, sarif', async () => {
    const [md, csv, sarif] = await Promise.all([
      runCli(['rescore', evidenceFile, '--format', 'markdown']),
      runCli(['rescore', evidenceFile, '--format', 'csv']),
      runCli(['headers', site.url('/hostile'), ...lab().slice(0, -2), '--format', 'sarif']),
    ]);
    expect(md.stdout).toMatch(/^# Scorifya report for /);
    expect(md.stdout).toContain('| Security headers |');
    // The payload may only appear inside fenced code blocks, where Markdown shows it as text.
    expect(md.stdout).toContain(SCRIPT);
    expect(md.stdout.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '')).not.toContain('<script>');
    const rows = parseCsv(csv.stdout);
    const ID = rows[0]!.indexOf('id');
    expect(rows[0]!.slice(2, 7)).toEqual(['score', 'grade', 'measured_points', 'measured_of', 'id']);
    expect(rows.slice(1).map((r) => r[ID])).toEqual(expect.arrayContaining(['invalid_hsts', 'missing_nosniff']));
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(sarif.code).toBe(0);
    expect(sarifErrors(JSON.parse(sarif.stdout))).toEqual([]);
  });

  it('every human format shows the redirect chain hop by hop (one formatter), and JSON carries it', async () => {
    const [terminal, markdown, html, json] = await Promise.all([
      runCli(['rescore', evidenceFile]),
      runCli(['rescore', evidenceFile, '--format', 'markdown']),
      runCli(['rescore', evidenceFile, '--format', 'html']),
      runCli(['rescore', evidenceFile, '--json']),
    ]);
    const hop = `301 ${site.url('/hostile')} → ${site.url('/hostile', 'https')}`;
    expect(terminal.stdout).toContain(`1. ${hop}`);
    expect(markdown.stdout).toContain('## The redirect chain');
    // Markdown escapes the colons of URLs (no autolinks from target text).
    expect(markdown.stdout).toMatch(/^- 301 http\\?:\/\/\S+\/hostile → https\\?:\/\/\S+\/hostile$/m);
    expect(html.stdout).toContain(`<li>${hop}</li>`);
    expect(JSON.parse(json.stdout).redirects.http.hops[0]).toMatchObject({ status: 301, location: site.url('/hostile', 'https'), downgrade: false, offHost: false });
  });

  it('an --output path that cannot be written is bad input, not a crash', async () => {
    const r = await runCli(['rescore', evidenceFile, '--format', 'csv', '--output', join(dir, 'no-such-dir', 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--output: cannot write .*ENOENT/);
  });
});

describe('the documented CI command', () => {
  it('docs/ci/github-actions.yml and gitlab-ci.yml run the same command; as written, it leaves valid SARIF', async () => {
    const commandOf = (file: string) => /npx --yes scorifya (scan .*)$/m.exec(readFileSync(new URL(`../../docs/ci/${file}`, import.meta.url), 'utf8'))![1]!;
    const line = commandOf('github-actions.yml');
    expect(commandOf('gitlab-ci.yml')).toBe(line);
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(`npx --yes scorifya ${line}`);
    const out = join(dir, 'ci.sarif');
    const args = line.split(/\s+/).map((a) => (a === '"$URL"' ? site.url('/good') : a === 'scorifya.sarif' ? out : a));
    expect(args.slice(2)).toEqual(['--format', 'sarif', '--fail-under', '80', '--output', out]);
    const r = await runCli([...args, ...lab()]);
    expect(r.code).toBe(0); // the good lab page scores above 80 on what is measured
    expect(sarifErrors(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);
  });
});

describe('scorifya diff', () => {
  const before = () => join(dir, 'before.json');
  const after = () => join(dir, 'after.json');

  it('saved evidence files: new, fixed and unchanged, score change; exit 0 without --fail-on-new', async () => {
    const r = await runCli(['diff', before(), after()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/New \(1\)\n\s+\+ \w+\s+−?\d+\s+missing_nosniff/);
    expect(r.stdout).toMatch(/Fixed \(2\)/);
    expect(r.stdout).toContain('missing_hsts');
    expect(r.stdout).toMatch(/Score change [+−]?\d+/);
  });

  it('--fail-on-new exits 1 when a finding appeared, 0 when none did', async () => {
    expect((await runCli(['diff', before(), after(), '--fail-on-new'])).code).toBe(1);
    expect((await runCli(['diff', after(), after(), '--fail-on-new'])).code).toBe(0);
  });

  it('--json, and a JSON report on one side with an evidence file on the other', async () => {
    const reportFile = join(dir, 'after-report.json');
    writeFileSync(reportFile, (await runCli(['rescore', after(), '--format', 'json'])).stdout);
    const r = await runCli(['diff', before(), reportFile, '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.added.map((f: { id: string }) => f.id)).toEqual(['missing_nosniff']);
    expect(d.fixed.map((f: { id: string }) => f.id).sort()).toEqual(['cookie_no_secure', 'missing_hsts']);
    expect(typeof d.scoreChange).toBe('number');
  });

  it('bad input: a missing file, or JSON that is neither a report nor evidence: exit 2 with the reason', async () => {
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"hello": 1}');
    const results = await Promise.all([runCli(['diff', join(dir, 'nope.json'), after()]), runCli(['diff', junk, after()])]);
    for (const r of results) expect(r.code).toBe(2);
    expect(results[0]!.stderr).toMatch(/cannot read .*nope\.json/);
    expect(results[1]!.stderr).toMatch(/neither a Scorifya JSON report nor an evidence file/);
  });
});
