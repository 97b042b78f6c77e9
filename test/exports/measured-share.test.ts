/**
 * Every result states its measured share ("measured 65 of 100 points") and writes a partial grade the
 * same way ("A (partial)"): the terminal, JSON, HTML, Markdown, CSV, SARIF, the web result page, the
 * grade pill of the lists and the badge. One report on too little evidence, one measured in full.
 */
import { describe, expect, it } from 'vitest';
import { rescore } from '../../src/engine/index.js';
import { scoreReport } from '../../src/scoring/score.js';
import { CATEGORIES } from '../../src/scoring/categories.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { renderExport } from '../../src/report/formats.js';
import { renderSarif } from '../../src/report/sarif.js';
import { resultPage } from '../../src/server/pages/scan-result.js';
import { gradeBadge } from '../../src/server/html/components.js';
import { badgeColor } from '../../src/server/routes/badge.js';
import type { Report } from '../../src/model/report.js';
import type { CheckRun } from '../../src/checks/run.js';
import { GOOD_HEADERS, siteWithHeaders, withHeader } from '../support/evidence.js';
import { parseCsv } from './csv-parse.js';

/** TLS, headers and cookies measured (65 of 100 points), one low finding: an A on too little. */
const partial = rescore(siteWithHeaders(withHeader('Referrer-Policy', null, GOOD_HEADERS)));

/** Every base category measured, one low finding: an A that stands (not A+: the finding is low, A+ allows it). */
function fullReport(): Report {
  const runs: CheckRun[] = CATEGORIES.filter((c) => !c.conditional).map((def) => ({
    check: { name: `hand/${def.id}`, category: def.id, ids: [], reads: [], run: () => [] },
    state: 'ran',
    results: def.id === 'headers' ? [{ id: 'missing_referrer_policy', title: 'x', evidence: 'e', location: 'https://site.example/' }] : [],
  }));
  return scoreReport(siteWithHeaders(GOOD_HEADERS), runs);
}
const full = fullReport();

function webPage(report: Report): string {
  const ctx = { nonce: 'n', path: '/scans/x', assets: { css: '/s.css', js: '/a.js', icon: '/i.svg' } };
  const row = { id: 'abcdefgh', url: report.target.url, host: report.target.host, tool: null, status: 'done', score: report.score, grade: report.grade, gradePartial: report.gradePartial, report, progress: [], error: null, createdAt: 0, startedAt: 0, finishedAt: 0 };
  return resultPage(ctx, row as never, 'http://127.0.0.1');
}

describe('a report on too little evidence', () => {
  it('is an A, partial, on 65 of 100 points', () => {
    expect(partial.score).toBeGreaterThanOrEqual(95);
    expect([partial.grade, partial.gradePartial, partial.measured]).toEqual(['A', true, { points: 65, of: 100 }]);
  });

  it('terminal: the grade, the share and why it is partial', () => {
    const text = renderTerminal(partial, { color: false });
    expect(text).toMatch(/Grade A \(partial\)\s+measured 65 of 100 points/);
    expect(text).toContain('Partial grade: 65 of 100 points were measured, and an A needs at least 90 (90 %) measured.');
  });

  it('JSON: gradePartial, measured, and the arithmetic agree', () => {
    const json = JSON.parse(renderExport(partial, 'json'));
    expect(json).toMatchObject({ grade: 'A', gradePartial: true, measured: { points: 65, of: 100 } });
    expect(json.arithmetic.measured).toEqual({ points: 65, of: 100, text: 'measured 65 of 100 points' });
    expect(json.arithmetic.measuredWeight).toBe(65);
  });

  it('HTML and Markdown exports', () => {
    const html = renderExport(partial, 'html');
    expect(html).toContain('<span class="grade">Grade A (partial)</span>');
    expect(html).toContain('<p class="measured">measured 65 of 100 points · ');
    expect(html).toContain('Partial grade: 65 of 100 points');
    const md = renderExport(partial, 'markdown');
    expect(md).toContain('Grade A (partial)**');
    expect(md).toContain('measured 65 of 100 points · ');
    expect(md).toContain('> Partial grade: 65 of 100 points');
  });

  it('CSV: the grade as written and the share on every row', () => {
    const rows = parseCsv(renderExport(partial, 'csv'));
    const col = (name: string) => rows[0]!.indexOf(name);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) expect([row[col('grade')], row[col('measured_points')], row[col('measured_of')]]).toEqual(['A (partial)', '65', '100']);
  });

  it("SARIF: the run's properties", () => {
    const props = (renderSarif(partial) as { runs: { properties: Record<string, unknown> }[] }).runs[0]!.properties;
    expect(props).toMatchObject({ grade: 'A', gradePartial: true, gradeText: 'A (partial)', measured: { points: 65, of: 100, text: 'measured 65 of 100 points' } });
  });

  it('the web result page, the grade pill and the badge', () => {
    const page = webPage(partial);
    expect(page).toContain('grade A (partial)'); // the ring's label for screen readers
    expect(page).toContain('>(partial)</text>');
    expect(page).toContain('<p class="measured" data-measured>measured 65 of 100 points</p>');
    expect(page).toContain('data-grade-note>Partial grade: 65 of 100 points');
    expect(String(gradeBadge('A', true))).toBe('<span class="grade grade-partial">A (partial)</span>');
    expect(badgeColor('A', true)).toBe('lightgrey');
  });
});

describe('a report measured in full', () => {
  it('states the full share and shows no partial mark anywhere', () => {
    expect([full.grade, full.gradePartial, full.measured]).toEqual(['A+', false, { points: 100, of: 100 }]);
    expect(renderTerminal(full, { color: false })).toMatch(/Grade A\+\s+measured 100 of 100 points/);
    for (const format of ['html', 'markdown', 'csv', 'json', 'sarif'] as const) {
      const out = renderExport(full, format);
      expect(out, format).not.toContain('(partial)');
      expect(out, format).toMatch(/measured 100 of 100 points|100,100|"of": 100/);
    }
    expect(webPage(full)).not.toContain('(partial)');
    expect(String(gradeBadge('A+', false))).toBe('<span class="grade grade-A+">A+</span>');
    expect(badgeColor('A+', false)).toBe('brightgreen');
  });
});
