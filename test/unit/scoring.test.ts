import { describe, expect, it } from 'vitest';
import { scoreReport, gradeFor } from '../../src/scoring/score.js';
import { runChecks } from '../../src/checks/run.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { CATEGORIES } from '../../src/scoring/categories.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';
import { GOOD_HEADERS, siteWithHeaders, withHeader } from '../support/evidence.js';
import type { Evidence } from '../../src/model/evidence.js';

const report = (e: Evidence) => scoreReport(e, runChecks(ALL_CHECKS, e));

describe('scoring table', () => {
  it('the five base categories weigh 100 together', () => {
    expect(CATEGORIES.filter((c) => !c.conditional).reduce((s, c) => s + c.weight, 0)).toBe(100);
  });
  it('every check id has a row, and every row a known category', () => {
    for (const check of ALL_CHECKS) for (const id of check.ids) expect(SCORING_TABLE[id], id).toBeDefined();
    for (const [id, rule] of Object.entries(SCORING_TABLE)) {
      expect(CATEGORIES.map((c) => c.id), id).toContain(rule.category);
      expect(id).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
    }
  });
});

describe('scoreReport', () => {
  it('a clean site scores 100 over what was measured and says what was not', () => {
    const r = report(siteWithHeaders(GOOD_HEADERS));
    expect(r.findings).toEqual([]);
    expect(r.score).toBe(100);
    // TLS 30 + headers 25 + cookies 10 measured of 100: no A+ with categories unmeasured, and an A
    // on 65 % of the points is partial.
    expect(r.measured).toEqual({ points: 65, of: 100 });
    expect(r.grade).toBe('A');
    expect(r.gradePartial).toBe(true);
    const notMeasured = r.categories.filter((c) => c.status === 'not_measured').map((c) => c.id);
    expect(notMeasured).toEqual(expect.arrayContaining(['exposure', 'dns']));
    for (const c of r.categories.filter((c) => c.status === 'not_measured')) expect(c.score).toBeNull();
    expect(r.categories.some((c) => c.id === 'wordpress')).toBe(false);
  });
  it('penalties come from the table and lower the category and the total', () => {
    const r = report(siteWithHeaders(withHeader('Strict-Transport-Security', null)));
    expect(r.findings.map((f) => [f.id, f.pointsLost])).toEqual([['missing_hsts', SCORING_TABLE.missing_hsts!.points]]);
    const headers = r.categories.find((c) => c.id === 'headers')!;
    expect(headers.pointsLost).toBe(6);
    expect(headers.score).toBe(Math.round(((25 - 6) / 25) * 100));
    // Measured: TLS 30 + headers 25 + cookies 10 (judged from the same HTTP evidence).
    expect(r.score).toBe(Math.round(((65 - 6) / 65) * 100));
    expect(r.grade).not.toBe('A+');
  });
  it('a category floors at zero', () => {
    const e = siteWithHeaders([]);
    const ids = ['missing_hsts', 'missing_csp', 'csp_report_only', 'invalid_hsts', 'weak_csp', 'missing_frame_protection'];
    const loud = { name: 'test/loud', category: 'headers' as const, ids, reads: ['http'], run: () => ids.map((id) => ({ id, title: id, evidence: '', location: '' })) };
    const r = scoreReport(e, runChecks([loud], e));
    const headers = r.categories.find((c) => c.id === 'headers')!;
    expect(r.findings.reduce((s, f) => s + f.pointsLost, 0)).toBeGreaterThan(25);
    expect(headers.score).toBe(0);
    expect(headers.pointsLost).toBe(25);
  });
  it('an id is charged once however many times it is found', () => {
    const e = siteWithHeaders([]);
    const twice = { name: 'test/twice', category: 'headers' as const, ids: ['missing_hsts'], reads: ['http'], run: () => [1, 2].map((n) => ({ id: 'missing_hsts', title: `#${n}`, evidence: '', location: '' })) };
    const r = scoreReport(e, runChecks([twice], e));
    expect(r.findings.map((f) => f.pointsLost)).toEqual([6, 0]);
  });
  it('critical findings cap the total', () => {
    const e = siteWithHeaders(GOOD_HEADERS);
    const critical = { name: 'test/critical', category: 'tls' as const, ids: ['no_https'], reads: ['http'], run: () => [{ id: 'no_https', title: 'x', evidence: '', location: '' }] };
    const r = scoreReport(e, runChecks([critical], e));
    expect(r.caps).toEqual([{ id: 'no_https', cap: 20, class: 'no_confidentiality' }]);
    expect(r.score).toBeLessThanOrEqual(20);
    expect(r.grade).toBe('F');
    expect(r.gradePartial).toBe(false);
  });
  it('nothing measured gives no score rather than full marks', () => {
    const e: Evidence = { ...siteWithHeaders([]), http: { status: 'unavailable', reason: 'connection refused' } };
    const r = report(e);
    expect(r.score).toBeNull();
    expect(r.grade).toBeNull();
    expect(r.unavailable).toEqual([{ probe: 'http', reason: 'connection refused' }]);
    expect(r.categories.every((c) => c.status === 'not_measured')).toBe(true);
  });
  it('grades', () => {
    const all = { points: 100, of: 100 };
    expect(gradeFor(100, [], all)).toEqual({ grade: 'A+', partial: false });
    expect(gradeFor(96, [{ severity: 'high' }], all)).toEqual({ grade: 'A', partial: false });
    expect(gradeFor(85, [], all)).toEqual({ grade: 'B', partial: false });
    expect(gradeFor(59, [], all)).toEqual({ grade: 'F', partial: false });
  });
});

describe('a scan restricted with --only', () => {
  it('leaves a category not measured when it left out the probe the category stands on, whatever side checks ran', () => {
    // `--only http`: the redirect checks (TLS & HTTPS) run on the HTTP evidence, the TLS probe does not.
    const e: Evidence = { ...siteWithHeaders(withHeader('Strict-Transport-Security', null)), options: { probes: ['http'] } };
    const r = report(e);
    const tls = r.categories.find((c) => c.id === 'tls')!;
    expect(tls).toMatchObject({ status: 'not_measured', score: null });
    expect(tls.reason).toMatch(/^tls: not probed \(the scan was restricted to http;/);
    // Headers and cookies stand on the HTTP probe: measured as before.
    expect(r.categories.filter((c) => c.status === 'measured').map((c) => c.id)).toEqual(['headers', 'cookies']);
    expect(r.measured).toEqual({ points: 35, of: 100 });
    expect(r.score).toBe(Math.round(((35 - 6) / 35) * 100));
  });

  it('lists a side check\'s finding in a left-out category without points or a cap', () => {
    const e: Evidence = { ...siteWithHeaders(GOOD_HEADERS), options: { probes: ['http'] } };
    const loud = { name: 'test/https-side', category: 'tls' as const, ids: ['no_https'], reads: ['http'], run: () => [{ id: 'no_https', title: 'no HTTPS', evidence: '', location: '' }] };
    const r = scoreReport(e, [...runChecks(ALL_CHECKS, e), ...runChecks([loud], e)]);
    expect(r.findings.find((f) => f.id === 'no_https')).toMatchObject({ pointsLost: 0 });
    expect(r.caps).toEqual([]);
    expect(r.score).toBe(100);
  });

  it('changes nothing for an unrestricted scan or a focused tool (which shows only its own categories)', () => {
    const plain = report(siteWithHeaders(GOOD_HEADERS));
    expect(plain.categories.find((c) => c.id === 'tls')?.status).toBe('measured');
    const tool = report({ ...siteWithHeaders(GOOD_HEADERS), options: { tool: 'https', probes: ['http'] } });
    expect(tool.categories.find((c) => c.id === 'tls')?.status).toBe('measured');
  });
});

describe('a TLS probe that failed on a site that answered over HTTPS', () => {
  it('leaves TLS & HTTPS not measured with the probe\'s reason, instead of grading the redirects alone', () => {
    const e: Evidence = { ...siteWithHeaders(GOOD_HEADERS), tls: { status: 'unavailable', reason: 'the TLS probe stopped at its time limit' } };
    const tls = report(e).categories.find((c) => c.id === 'tls')!;
    expect(tls).toMatchObject({ status: 'not_measured', score: null });
    expect(tls.reason).toMatch(/^tls: the TLS probe stopped at its time limit \(the page was fetched over HTTPS/);
  });

  it('still judges a site that has no HTTPS at all (the failure is the finding)', () => {
    // The page came over plain HTTP (HTTPS refused): the TLS probe's failure is what no_https reports.
    const plain = siteWithHeaders(GOOD_HEADERS);
    const http = plain.http as { status: 'ok'; data: { primary: string } };
    const e: Evidence = { ...plain, http: { ...http, data: { ...http.data, primary: 'http' } }, tls: { status: 'unavailable', reason: 'could not connect: refused' } };
    expect(report(e).categories.find((c) => c.id === 'tls')?.status).toBe('measured');
  });
});
