/**
 * One arithmetic, shown: for every report (lab scans of every header scenario, full lab scans,
 * hand-written evidence and random finding sets) the shown category points add up to the shown
 * total, the total rescales to the score, a cap is named only when it lowers the score, and the
 * terminal, JSON and web renderings all show these same numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scan, rescore } from '../../../src/engine/index.js';
import { scoreReport } from '../../../src/scoring/score.js';
import { SCORING_TABLE } from '../../../src/scoring/table.js';
import { CATEGORIES } from '../../../src/scoring/categories.js';
import { explainScore, withArithmetic } from '../../../src/report/arithmetic.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { resultPage } from '../../../src/server/pages/scan-result.js';
import type { Report } from '../../../src/model/report.js';
import type { CheckRun } from '../../../src/checks/run.js';
import type { CategoryId, Severity } from '../../../src/model/finding.js';
import { startHeaderSite, type HeaderSite } from '../../lab/header-site.js';
import { HEADER_SCENARIOS } from '../../lab/header-scenarios.js';
import { GOOD_HEADERS, evidenceWith, exchange, finalChain, siteWithHeaders, withHeader } from '../../support/evidence.js';

/** The invariants every shown arithmetic must keep, and that each renderer shows it. */
function assertAddsUp(report: Report, label: string): void {
  const a = explainScore(report);
  const measured = a.categories.filter((c) => c.measured);
  expect(measured.reduce((s, c) => s + c.earned!, 0), label).toBe(a.earned);
  expect(measured.reduce((s, c) => s + c.weight, 0), label).toBe(a.measuredWeight);
  for (const c of measured) {
    expect(c.earned!, label).toBeGreaterThanOrEqual(0);
    expect(c.earned!, label).toBeLessThanOrEqual(c.weight);
  }
  if (a.measuredWeight === 0) {
    expect(a.score).toBeNull();
    expect(report.score).toBeNull();
    return;
  }
  expect(a.uncapped, label).toBe(Math.round((a.earned / a.measuredWeight) * 100));
  expect(a.score, `${label}: the arithmetic gives the report's score`).toBe(report.score);
  if (a.cap) {
    expect(a.cap.cap, label).toBeLessThan(a.uncapped!);
    expect(a.summary).toContain(`capped at ${a.cap.cap} by ${a.cap.ids[0]}`);
  } else {
    expect(a.summary, `${label}: no cap shown unless it lowers the score`).not.toContain('capped');
    expect(a.score).toBe(a.uncapped);
  }

  // The measured share: the measured weights of the applicable ones, the same in the report and every face.
  expect(a.measured, label).toEqual({ points: a.measuredWeight, of: a.categories.reduce((s, c) => s + c.weight, 0) });
  expect(report.measured, label).toEqual(a.measured);
  const share = `measured ${a.measured.points} of ${a.measured.of} points`;

  const terminal = renderTerminal(report, { color: false });
  expect(terminal).toContain(a.summary);
  expect(terminal).toContain(share);
  for (const c of measured) expect(terminal).toMatch(new RegExp(`${escapeRe(c.name)}\\s+\\S+\\s+${c.earned} / ${c.weight}`));

  const json = JSON.parse(JSON.stringify(withArithmetic(report)));
  expect(json.schemaVersion).toBe(1);
  expect(json.arithmetic.summary).toBe(a.summary);
  expect(json.arithmetic.measured).toEqual({ ...a.measured, text: share });
  expect(json.measured).toEqual(a.measured);
  expect(json.arithmetic.categories.filter((c: { earned: number | null }) => c.earned !== null).reduce((s: number, c: { earned: number }) => s + c.earned, 0)).toBe(json.arithmetic.earned);

  const page = webPage(report);
  for (const c of measured) expect(page).toMatch(new RegExp(`data-category="${c.id}"[\\s\\S]*?${c.earned} / ${c.weight}`));
  expect(page).toContain(`<strong>${a.earned} / ${a.measuredWeight}</strong>`);
  expect(page).toContain(`<p class="measured" data-measured>${share}</p>`);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\&]/g, '\\$&');

function webPage(report: Report): string {
  const ctx = { nonce: 'n', path: '/scans/x', assets: { css: '/s.css', js: '/a.js', icon: '/i.svg' } };
  const row = { id: 'abcdefgh', url: report.target.url, host: report.target.host, tool: null, status: 'done', score: report.score, grade: report.grade, report, progress: [], error: null, createdAt: 0, startedAt: 0, finishedAt: 0 };
  // The template escapes '&' in category names; compare on plain text.
  return resultPage(ctx, row as never, 'http://127.0.0.1').replace(/&#38;/g, '&');
}

describe('the lab reports add up', () => {
  let site: HeaderSite;
  beforeAll(async () => {
    site = await startHeaderSite(HEADER_SCENARIOS);
  });
  afterAll(async () => site?.close());

  it('every header scenario (headers probe) and two full scans', async () => {
    const paths = Object.keys(HEADER_SCENARIOS);
    for (const path of paths) {
      const { report } = await scan(site.url(path), { ...site.scanOptions, probes: ['http'] });
      assertAddsUp(report, path);
    }
    for (const path of ['/good', '/missing_csp']) {
      const { report } = await scan(site.url(path), site.scanOptions);
      expect(report.categories.find((c) => c.id === 'dns')?.status).toBe('not_measured');
      assertAddsUp(report, `full ${path}`);
      expect(explainScore(report).summary).toMatch(/^\d+ of \d+ measured points = \d+ of 100$/);
    }
  });
});

describe('hand-written evidence', () => {
  it('a good site, a weak one, and an http-only site whose no_https cap bites', () => {
    assertAddsUp(rescore(siteWithHeaders(GOOD_HEADERS)), 'good');
    assertAddsUp(rescore(siteWithHeaders(withHeader('Content-Security-Policy', null, withHeader('Strict-Transport-Security', null)))), 'weak');

    // Good headers over plain http: the points say more than 30, so the no_https cap bites.
    const page = exchange('http://site.example/', 200, [['Content-Type', 'text/html'], ...GOOD_HEADERS], '<html><body>hi</body></html>');
    const httpOnly = evidenceWith({
      http: finalChain('http://site.example/', page),
      https: { start: 'https://site.example/', hops: [], outcome: 'error', error: { code: 'ECONNREFUSED', message: 'connection refused', url: 'https://site.example/' } },
      primary: 'http',
      meta: { csp: [], cspReportOnly: [], referrer: [], xFrameOptions: [], other: [] },
    });
    const report = rescore(httpOnly);
    assertAddsUp(report, 'http only');
    const a = explainScore(report);
    expect(a.cap?.ids).toContain('no_https');
    expect(a.summary).toMatch(/— capped at 20 by no_https/);
    expect(a.cap?.classes).toEqual(['no_confidentiality']);
  });

  it('a cap at or above the total is not shown', () => {
    const base = rescore(siteWithHeaders(withHeader('Content-Security-Policy', null)));
    const report: Report = { ...base, caps: [{ id: 'tls_protocol_tls10', cap: 100 }] };
    expect(explainScore(report).cap).toBeNull();
    expect(explainScore({ ...report, caps: [{ id: 'x', cap: explainScore(base).uncapped! }] }).cap).toBeNull();
  });

  it('a category whose findings cost more than its weight stops at 0 and says so', () => {
    const report = reportFrom(['missing_csp', 'missing_hsts', 'missing_frame_protection', 'missing_nosniff', 'weak_referrer_policy', 'invalid_permissions_policy', 'missing_coop', 'missing_corp', 'weak_csp', 'invalid_hsts'].map((id) => ({ id })), ['headers', 'tls']);
    const headers = explainScore(report).categories.find((c) => c.id === 'headers')!;
    expect(headers.earned).toBe(0);
    expect(headers.findingPoints).toBeGreaterThan(25);
    expect(renderTerminal(report, { color: false })).toContain(`findings cost ${headers.findingPoints}; a category stops at 0`);
  });

  it('a focused tool shows only its categories and no cap from the others', () => {
    const page = exchange('http://site.example/', 200, [['Content-Type', 'text/html']], '<html><body>hi</body></html>');
    const report = rescore(
      evidenceWith({
        http: finalChain('http://site.example/', page),
        https: { start: 'https://site.example/', hops: [], outcome: 'error', error: { code: 'ECONNREFUSED', message: 'refused', url: 'https://site.example/' } },
        primary: 'http',
        meta: { csp: [], cspReportOnly: [], referrer: [], xFrameOptions: [], other: [] },
      }),
    );
    const focused = explainScore(report, { categories: ['headers'] });
    expect(focused.categories.map((c) => c.id)).toEqual(['headers']);
    expect(focused.cap).toBeNull();
    const text = renderTerminal(report, { color: false, focus: { title: 'Security headers', categories: ['headers'] } });
    expect(text).not.toMatch(/capped|Score \d/);
    expect(text).toMatch(/Security headers\s+\S+\s+\d+ \/ 25/);
  });
});

/** A report from these findings, with the listed categories measured (one check run per category). */
function reportFrom(results: { id: string; severity?: Severity | undefined }[], measuredCats: readonly CategoryId[]): Report {
  const runs: CheckRun[] = CATEGORIES.map((def) => ({
    check: { name: `hand/${def.id}`, category: def.id, ids: [], reads: [], run: () => [] },
    state: measuredCats.includes(def.id) ? 'ran' : 'skipped',
    ...(measuredCats.includes(def.id) ? {} : { reason: 'not in this run' }),
    results: measuredCats.includes(def.id)
      ? results
          .filter((r) => SCORING_TABLE[r.id]!.category === def.id)
          .map((r) => ({ id: r.id, ...(r.severity ? { severity: r.severity } : {}), title: r.id, evidence: 'e', location: 'l' }))
      : [],
  }));
  return scoreReport(siteWithHeaders(GOOD_HEADERS), runs);
}

describe('random finding sets', () => {
  const ids = Object.keys(SCORING_TABLE);
  const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

  it('the shown parts always sum to the total, and the total gives the score', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom(...ids), severity: fc.option(fc.constantFrom(...severities), { nil: undefined }) }), { maxLength: 25 }),
        fc.subarray(CATEGORIES.map((c) => c.id) as CategoryId[]),
        (results, measuredCats) => {
          assertAddsUp(reportFrom(results, measuredCats), 'property');
        },
      ),
      { numRuns: 150 },
    );
  });
});
