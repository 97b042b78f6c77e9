/**
 * Issue 26, items 2 and 3: every finding is anchored by its id (a repeat gets -2, -3 in report order),
 * and every output states the measured share and opens with "Fix these first", chosen by one module.
 * Renderers on hand-written reports; the links of the HTML export, the Markdown export and the web
 * result page are checked with a real HTML parser (every href="#x" has an id="x", no id twice).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { marked } from 'marked';
import { rescore } from '../../src/engine/index.js';
import { anchorBase, findingAnchors } from '../../src/report/anchors.js';
import { FIX_FIRST_MAX, fixFirst } from '../../src/report/fix-first.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { renderExport } from '../../src/report/formats.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { findingContent } from '../../src/content/load.js';
import { contentForFinding } from '../../src/content/cause.js';
import { resultPage } from '../../src/server/pages/scan-result.js';
import type { Finding, Severity } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import { siteWithHeaders } from '../support/evidence.js';
import { parseCsv } from './csv-parse.js';
import { hostileReport } from './hostile-report.js';
import { brokenFragments, fragments } from './fragment-links.js';
import { explainScore, withArithmetic } from '../../src/report/arithmetic.js';
import { nothingMeasured } from '../../src/report/nothing-measured.js';

const finding = (id: string, pointsLost: number, severity: Severity = 'medium', location = 'https://site.example/'): Finding => ({ id, category: 'headers', severity, pointsLost, title: `title of ${id}`, evidence: 'e', location });

/** No security header at all (missing_csp −6, missing_hsts −6, missing_frame_protection −3 …), and missing_hsts found twice more. */
function headerless(): Report {
  const report = rescore(siteWithHeaders([]));
  return { ...report, findings: [...report.findings, finding('missing_hsts', 0, 'high', 'https://site.example/a'), finding('missing_hsts', 0, 'high', 'https://site.example/b')] };
}
const report = headerless();
const EXPECTED = ['missing_csp', 'missing_hsts', 'missing_frame_protection'];
const firstStep = (id: string) => findingContent().get(id)!.steps[0]!;

function webPage(r: Report): string {
  const ctx = { nonce: 'n', path: '/scans/x', assets: { css: '/s.css', js: '/a.js', icon: '/i.svg' } };
  const row = { id: 'abcdefgh', url: r.target.url, host: r.target.host, tool: null, status: 'done', score: r.score, grade: r.grade, gradePartial: r.gradePartial, report: r, progress: [], error: null, createdAt: 0, startedAt: 0, finishedAt: 0 };
  return resultPage(ctx, row as never, 'http://127.0.0.1');
}

describe('anchors', () => {
  it('a finding is anchored by its id; repeats get -2, -3 in report order', () => {
    expect(findingAnchors([{ id: 'missing_hsts' }, { id: 'missing_csp' }, { id: 'missing_hsts' }, { id: 'missing_hsts' }])).toEqual(['missing_hsts', 'missing_csp', 'missing_hsts-2', 'missing_hsts-3']);
    expect(findingAnchors(report.findings).slice(-2)).toEqual(['missing_hsts-2', 'missing_hsts-3']);
  });

  it('an id is reduced to a safe anchor; reserved ids are never taken', () => {
    expect(anchorBase('missing_hsts')).toBe('missing_hsts');
    expect(anchorBase('Evil"><script>')).toBe('evil___script_');
    expect(anchorBase('42')).toBe('f_42');
    expect(anchorBase('')).toBe('f_');
    expect(findingAnchors([{ id: 'main' }, { id: 'main' }], ['main'])).toEqual(['main-2', 'main-3']);
    // Two ids that reduce to the same anchor still get two anchors.
    expect(findingAnchors([{ id: 'a.b' }, { id: 'a_b' }])).toEqual(['a_b', 'a_b-2']);
  });

  it('property: for any ids, anchors are unique, safe in HTML, a URL fragment and a CSS selector, and the same every time', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('missing_hsts', 'main', 'x-2', 'x')), { maxLength: 20 }), (ids) => {
        const findings = ids.map((id) => ({ id }));
        const anchors = findingAnchors(findings, ['main']);
        expect(new Set(anchors).size).toBe(anchors.length);
        expect(anchors).not.toContain('main');
        for (const a of anchors) expect(a).toMatch(/^[a-z][a-z0-9_]*(-[0-9]+)?$/);
        expect(findingAnchors(findings, ['main'])).toEqual(anchors);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the Fix-these-first selection', () => {
  it('costliest first; ties by severity, then id; only findings that cost points; one entry per id; at most three', () => {
    const findings = [finding('b_low', 4, 'low'), finding('zeta', 0, 'high'), finding('c', 6, 'medium'), finding('a', 6, 'medium'), finding('h', 6, 'high'), finding('a', 6, 'medium', 'https://site.example/again'), finding('d', 1)];
    const first = fixFirst(findings);
    expect(FIX_FIRST_MAX).toBe(3);
    expect(first.map((f) => f.finding.id)).toEqual(['h', 'a', 'c']);
    expect(first.map((f) => f.index)).toEqual([4, 3, 2]);
    expect(fixFirst(findings.filter((f) => f.pointsLost === 0))).toEqual([]);
  });

  it('each entry carries the anchor of its finding and the first step of its fix (the cause\'s when one is named)', () => {
    const first = fixFirst(report.findings);
    expect(first.map((f) => f.finding.id)).toEqual(EXPECTED);
    expect(first.map((f) => f.anchor)).toEqual(EXPECTED);
    expect(first.map((f) => f.fix)).toEqual(EXPECTED.map((id) => contentForFinding(findingContent(), report.findings.find((f) => f.id === id)!)!.steps[0]));
    const content = findingContent().get('missing_hsts')!;
    const [cause] = [...content.causes.keys()];
    const withCause = fixFirst([{ ...finding('missing_hsts', 6), cause }]);
    expect(withCause[0]!.fix).toBe(content.causes.get(cause!)!.steps[0]);
    expect(fixFirst([finding('no_such_id_here', 5)])[0]!.fix).toBeNull();
  });
});

describe('every output opens with Fix these first and states the measured share', () => {
  it('terminal: the block right after the score, in order, with each fix; the share on the score line', () => {
    const text = renderTerminal(report, { color: false });
    expect(text).not.toContain('Top fixes');
    expect(text).toMatch(/Score \d+\/100\s+Grade \S+\s+measured 65 of 100 points/);
    const block = text.slice(text.indexOf('Fix these first'), text.indexOf('TLS & HTTPS'));
    const lines = block.split('\n').filter((l) => /^\s+\d\./.test(l));
    expect(lines.map((l) => /^\s+\d\. (\S+)/.exec(l)![1])).toEqual(EXPECTED);
    expect(lines[0]).toContain('(−6)');
    expect(text.indexOf('Fix these first')).toBeLessThan(text.indexOf('Findings ('));
  });

  it('JSON: fixFirst (id, anchor, pointsLost, fix) beside the arithmetic; the share once, as numbers', () => {
    const json = JSON.parse(renderExport(report, 'json'));
    expect(json.fixFirst.map((f: { id: string }) => f.id)).toEqual(EXPECTED);
    expect(json.fixFirst[0]).toEqual({ id: 'missing_csp', anchor: 'missing_csp', pointsLost: 6, fix: firstStep('missing_csp') });
    expect(json.measured).toEqual({ points: 65, of: 100 });
    expect(json.arithmetic.measured.text).toBe('measured 65 of 100 points');
  });

  it('HTML export: the share, the block before the categories, anchors by id, every link resolves, no percentages', () => {
    const page = renderExport(report, 'html');
    expect(page).toContain('<p class="measured">measured 65 of 100 points · ');
    const h2 = [...page.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(h2.slice(0, 3)).toEqual(['Fix these first', 'Categories', `Findings (${report.findings.length})`]);
    const block = page.slice(page.indexOf('<section class="fix-first">'), page.indexOf('</section>'));
    expect(fragments(block).links).toEqual(EXPECTED);
    expect(block).toContain(`<br>Add a baseline policy such as <code>`);
    expect(brokenFragments(page)).toEqual({ unresolved: [], duplicated: [] });
    const { ids, links } = fragments(page);
    expect(ids).toEqual(findingAnchors(report.findings));
    expect(links.filter((l) => l.startsWith('missing_hsts'))).toEqual(['missing_hsts', 'missing_hsts', 'missing_hsts-2', 'missing_hsts-3']);
    expect(page).not.toMatch(/href="#f\d|id="f\d|\d+\/100<\/td>/);
  });

  it('Markdown export: the share, the block before the categories, explicit anchors, every link resolves on a GFM renderer', () => {
    const md = renderExport(report, 'markdown');
    expect(md).toContain('measured 65 of 100 points · ');
    const h2 = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(h2.slice(0, 3)).toEqual(['Fix these first', 'Categories', `Findings (${report.findings.length})`]);
    const block = md.slice(md.indexOf('## Fix these first'), md.indexOf('## Categories'));
    expect([...block.matchAll(/^\d\. \[`([^`]+)`\]\(#([^)]+)\)/gm)].map((m) => [m[1], m[2]])).toEqual(EXPECTED.map((id) => [id, id]));
    expect(block).toContain(`: ${firstStep('missing_csp')}`);
    expect(md).toContain('| Category | Points |\n|---|--:|');
    const rendered = marked.parse(md, { gfm: true, async: false }) as string;
    expect(brokenFragments(rendered)).toEqual({ unresolved: [], duplicated: [] });
    expect(fragments(rendered).ids.filter((id) => id.startsWith('missing_hsts'))).toEqual(['missing_hsts', 'missing_hsts-2', 'missing_hsts-3']);
  });

  it('CSV: the share on every row, the Fix-these-first rank and each fix in columns of their own (no preamble)', () => {
    const rows = parseCsv(renderExport(report, 'csv'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const col = (name: (typeof CSV_COLUMNS)[number]) => rows[0]!.indexOf(name);
    const body = rows.slice(1);
    expect(body).toHaveLength(report.findings.length);
    for (const row of body) expect([row[col('measured_points')], row[col('measured_of')]]).toEqual(['65', '100']);
    const ranked = body.filter((r) => r[col('fix_first')] !== '').sort((a, b) => Number(a[col('fix_first')]) - Number(b[col('fix_first')]));
    expect(ranked.map((r) => [r[col('fix_first')], r[col('id')]])).toEqual(EXPECTED.map((id, i) => [String(i + 1), id]));
    expect(ranked[0]![col('fix')]).toBe(firstStep('missing_csp'));
  });

  it('CSV: a report without findings is one row with the score and share, its finding columns empty', () => {
    const clean = { ...report, findings: [] };
    const rows = parseCsv(renderExport(clean, 'csv'));
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(row).toMatchObject({ score: String(clean.score), measured_points: '65', measured_of: '100', id: '', fix_first: '', fix: '' });
  });

  it('the web result page: the share, the block above the categories, cards anchored by id, every link resolves', () => {
    const page = webPage(report);
    expect(page).toContain('<p class="measured" data-measured>measured 65 of 100 points</p>');
    expect(page.indexOf('data-fix-first')).toBeGreaterThan(page.indexOf('data-measured'));
    expect(page.indexOf('data-fix-first')).toBeLessThan(page.indexOf('id="cat-h"'));
    const block = page.slice(page.indexOf('data-fix-first'), page.indexOf('</section>', page.indexOf('data-fix-first')));
    expect(fragments(`<section ${block}`).links).toEqual(EXPECTED);
    // The fix step names the scanned host (as the card's steps do) and renders its inline code.
    expect(block).toContain('<code>Content-Security-Policy: default-src');
    expect(brokenFragments(page)).toEqual({ unresolved: [], duplicated: [] });
    expect(page).not.toMatch(/id="finding-\d|href="#finding-/);
    expect(fragments(page).ids).toEqual(expect.arrayContaining(findingAnchors(report.findings)));
  });

  it('the web page keeps its own ids apart from a finding named like one of them', () => {
    const odd = { ...report, findings: [finding('main', 5), finding('evidence', 4), finding('evidence', 0), finding('fix_first_h', 3)] };
    expect(brokenFragments(webPage(odd))).toEqual({ unresolved: [], duplicated: [] });
    expect(brokenFragments(renderExport(odd, 'html'))).toEqual({ unresolved: [], duplicated: [] });
  });

  it('a hostile report: anchors and links still resolve in every HTML output', () => {
    const hostile = hostileReport();
    expect(brokenFragments(renderExport(hostile, 'html'))).toEqual({ unresolved: [], duplicated: [] });
    expect(brokenFragments(marked.parse(renderExport(hostile, 'markdown'), { gfm: true, async: false }) as string)).toEqual({ unresolved: [], duplicated: [] });
    expect(brokenFragments(webPage(hostile))).toEqual({ unresolved: [], duplicated: [] });
  });
});

describe('a report with no score says so in one place, once', () => {
  const none = rescore({ ...siteWithHeaders([]), http: { status: 'unavailable', reason: 'connection refused' } } as never);
  const count = (text: string, what: string) => text.split(what).length - 1;

  it('terminal, HTML and Markdown: one statement with the share, each reason once, no "nothing to fix", no Fix these first', () => {
    expect(none.score).toBeNull();
    const outputs = { terminal: renderTerminal(none, { color: false }), html: renderExport(none, 'html'), markdown: renderExport(none, 'markdown') };
    for (const [name, text] of Object.entries(outputs)) {
      expect(count(text, 'nothing could be measured'), name).toBe(1);
      expect(text, name).toContain('No score: nothing could be measured (measured 0 of 100 points).');
      expect(count(text, 'connection refused'), name).toBe(1);
      expect(text, name).not.toMatch(/Nothing to fix|Fix these first|not measured/);
    }
  });

  it('JSON: score null, the share as numbers, an empty fixFirst; CSV: one row with the share', () => {
    const json = JSON.parse(renderExport(none, 'json'));
    expect([json.score, json.measured, json.fixFirst]).toEqual([null, { points: 0, of: 100 }, []]);
    const rows = parseCsv(renderExport(none, 'csv'));
    expect(rows).toHaveLength(2);
    expect([rows[1]![CSV_COLUMNS.indexOf('score')], rows[1]![CSV_COLUMNS.indexOf('measured_points')], rows[1]![CSV_COLUMNS.indexOf('measured_of')]]).toEqual(['', '0', '100']);
  });
});

describe('the no-score statement and a focused tool', () => {
  it('without recorded probe failures, the reasons are the categories\', each once; with a score, there is no statement', () => {
    const none = rescore({ ...siteWithHeaders([]), http: { status: 'unavailable', reason: 'connection refused' } } as never);
    const quiet = { ...none, unavailable: [] };
    const said = nothingMeasured(quiet, explainScore(quiet))!;
    expect(said.statement).toBe('No score: nothing could be measured (measured 0 of 100 points).');
    expect(said.reasons.length).toBeGreaterThan(0);
    expect(new Set(said.reasons).size).toBe(said.reasons.length);
    expect(nothingMeasured(report, explainScore(report))).toBeNull();
  });

  it('a focused tool\'s terminal report and JSON take Fix these first from its own categories only', () => {
    const mixed = { ...report, findings: [finding('cookie_no_secure', 9, 'high'), ...report.findings].map((f) => (f.id === 'cookie_no_secure' ? { ...f, category: 'cookies' as const } : f)) };
    const text = renderTerminal(mixed, { color: false, focus: { title: 'Security headers checker', categories: ['headers'] } });
    const block = text.slice(text.indexOf('Fix these first'), text.indexOf('Findings ('));
    expect(block).not.toContain('cookie_no_secure');
    expect(block).toContain('1. missing_csp');
    expect(withArithmetic(mixed, { categories: ['headers'] }).fixFirst.map((f) => f.id)).toEqual(EXPECTED);
    expect(withArithmetic(mixed).fixFirst[0]!.id).toBe('cookie_no_secure');
    expect(renderTerminal(mixed, { color: false })).toMatch(/Fix these first\n {2}1\. cookie_no_secure \(−9\)/);
  });
});

