/**
 * Every face that shows fix steps shows the steps for the cause the finding names: the terminal's top
 * fixes, the Markdown, HTML and SARIF exports, the web result page; the check page and
 * /api/v1/checks list each cause with its own steps. A finding without a cause (a report stored before
 * causes existed) gets the general fix, as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescore } from '../../src/engine/rescore.js';
import { findingContent } from '../../src/content/load.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { renderSarif } from '../../src/report/sarif.js';
import { resultPage } from '../../src/server/pages/scan-result.js';
import { createServer, type Server } from '../../src/server/app.js';
import type { Report } from '../../src/model/report.js';
import { siteWithHeaders, withHeader } from '../support/evidence.js';
import { sarifErrors } from '../exports/sarif-schema.js';
import { escapeHtml } from '../../src/report/escape.js';
import { spf } from './cases-dns.js';

const content = findingContent();
const spfWords = content.get('dns_spf_pass_all')!;
const EXISTS = spfWords.causes.get('exists_term')!;
const HSTS = content.get('weak_hsts')!.causes.get('no_include_subdomains')!;

/** A site whose SPF passes everyone through an exists: macro, and whose HSTS lacks includeSubDomains. */
const withCauses: Report = rescore({
  ...siteWithHeaders(withHeader('Strict-Transport-Security', 'max-age=31536000')),
  dns: spf('v=spf1 exists:%{i}._spf.site.example -all', { result: 'pass', matched: { domain: 'site.example', term: 'exists:%{i}._spf.site.example' } }).dns,
});
/** The same report as stored before findings carried causes. */
const withoutCauses: Report = { ...withCauses, findings: withCauses.findings.map(({ cause: _cause, ...f }) => f) };

/** `text` with its Markdown code spans as the HTML renderers write them, everything escaped. */
const asHtml = (text: string) => text.split('`').map((part, i) => (i % 2 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part))).join('');

it('the report under test has both causes', () => {
  expect(withCauses.findings.filter((f) => f.cause).map((f) => `${f.id}/${f.cause}`).sort()).toEqual(['dns_spf_pass_all/exists_term', 'weak_hsts/no_include_subdomains']);
});

describe('terminal', () => {
  it("top fixes give the first step of the cause's fix", () => {
    const out = renderTerminal(withCauses, { color: false });
    expect(out).toMatch(new RegExp(`dns_spf_pass_all \\(−\\d+\\): ${EXISTS.steps[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(out).not.toContain(spfWords.steps[0]);
    expect(renderTerminal(withoutCauses, { color: false })).toContain(`: ${spfWords.steps[0]}`);
  });
});

describe('Markdown export', () => {
  it('names the cause found and numbers its steps', () => {
    const md = renderMarkdown(withCauses);
    expect(md).toContain(`**Cause found** (\`exists_term\`): ${EXISTS.summary}`);
    expect(md).toContain(EXISTS.steps.map((s, i) => `${i + 1}. ${s}`).join('\n'));
    expect(md).toContain(`**Cause found** (\`no_include_subdomains\`): ${HSTS.summary}`);
    expect(md).not.toContain(spfWords.steps[0]);
  });
  it('without a cause: the general steps, no cause line', () => {
    const md = renderMarkdown(withoutCauses);
    expect(md).not.toContain('Cause found');
    expect(md).toContain(`1. ${spfWords.steps[0]}`);
  });
});

describe('HTML export', () => {
  it('names the cause found and lists its steps', () => {
    const html = renderHtml(withCauses);
    expect(html).toContain('<p class="cause"><strong>Cause found</strong> (<code>exists_term</code>)');
    expect(html).toContain(`<li>${asHtml(EXISTS.steps[0]!)}</li>`);
    expect(html).not.toContain(asHtml(spfWords.steps[0]!));
    const plain = renderHtml(withoutCauses);
    expect(plain).not.toContain('Cause found');
    expect(plain).toContain(`<li>${asHtml(spfWords.steps[0]!)}</li>`);
  });
});

describe('SARIF export', () => {
  it("puts the cause and its fix on the result (the rule's help keeps the general fix) and stays valid", () => {
    const sarif = renderSarif(withCauses) as any;
    expect(sarifErrors(sarif)).toEqual([]);
    const run = sarif.runs[0];
    const result = run.results.find((r: any) => r.ruleId === 'dns_spf_pass_all');
    expect(result.properties.cause).toBe('exists_term');
    expect(result.message.text).toContain(`Cause: ${EXISTS.summary}\nFix:\n1. ${EXISTS.steps[0]}`);
    const rule = run.tool.driver.rules.find((r: any) => r.id === 'dns_spf_pass_all');
    expect(rule.help.text).toContain(`1. ${spfWords.steps[0]}`);
    const plain = (renderSarif(withoutCauses) as any).runs[0].results.find((r: any) => r.ruleId === 'dns_spf_pass_all');
    expect(plain.properties.cause).toBeUndefined();
    expect(plain.message.text).not.toContain('Fix:');
  });
});

describe('web result page', () => {
  const ctx = { nonce: 'n', path: '/scans/x', assets: { css: '/static/style.css', js: '/static/app.js', icon: '/static/icon.svg' } };
  const page = (report: Report) =>
    resultPage(ctx, { id: 'x', host: 'site.example', url: 'https://site.example/', tool: null, status: 'done', score: report.score, grade: report.grade, report, progress: [], error: null, createdAt: 0, startedAt: 0, finishedAt: 1 }, 'http://127.0.0.1');
  const card = (html: string, id: string) => html.split('<article class="finding').slice(1).find((a) => a.includes(`<code>${id}</code>`))!;

  it("each card names its cause and shows that cause's steps", () => {
    const spfCard = card(page(withCauses), 'dns_spf_pass_all');
    expect(spfCard).toContain('<p class="cause" data-cause="exists_term"><strong>Cause found:</strong>');
    expect(spfCard).toContain(asHtml(EXISTS.steps[0]!));
    expect(spfCard).not.toContain(asHtml(spfWords.steps[0]!));
    // The cause's own zone-file snippet, with the scanned domain filled in.
    expect(spfCard).toContain('exists:%{i}._spf.site.example -all');
    expect(card(page(withCauses), 'weak_hsts')).toContain('data-cause="no_include_subdomains"');
  });
  it('without a cause: the general steps', () => {
    const spfCard = card(page(withoutCauses), 'dns_spf_pass_all');
    expect(spfCard).not.toContain('Cause found');
    expect(spfCard).toContain(asHtml(spfWords.steps[0]!));
  });
});

describe('check page and /api/v1/checks', () => {
  let server: Server;
  beforeAll(async () => {
    server = await createServer({ db: ':memory:', logger: false });
  });
  afterAll(() => server.close());

  it('the check page keeps the general fix and lists every cause with its own steps', async () => {
    const res = await server.app.inject({ url: '/checks/dns_spf_pass_all', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Fixes by cause');
    expect(res.body).toContain(asHtml(spfWords.steps[0]!));
    for (const c of spfWords.causes.values()) {
      expect(res.body).toContain(`id="cause-${c.id}"`);
      expect(res.body).toContain(asHtml(c.steps[0]!));
    }
    const single = await server.app.inject({ url: '/checks/missing_csp', headers: { accept: 'text/html' } });
    expect(single.body).not.toContain('Fixes by cause');
  });

  it('/api/v1/checks gives the general fix and, per cause, its summary and steps', async () => {
    const { checks } = (await server.app.inject({ url: '/api/v1/checks' })).json();
    const spfCheck = checks.find((c: { id: string }) => c.id === 'dns_spf_pass_all');
    expect(spfCheck.fix).toEqual(spfWords.steps);
    expect(spfCheck.causes).toEqual([...spfWords.causes.values()].map((c) => ({ id: c.id, summary: c.summary, steps: c.steps })));
    expect(checks.find((c: { id: string }) => c.id === 'missing_csp').causes).toEqual([]);
  });
});
