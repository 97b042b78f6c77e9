/**
 * Grades only on measured evidence (src/scoring/grade.ts): every report states its measured share, an
 * A or above on less than 90 % of the points measured is partial, and A+ never stands with an
 * applicable category unmeasured.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { A_NEEDS_MEASURED, GRADE_SCALE, gradeFor, gradeNote, gradeText, measuredText, pointsNeededForA } from '../../src/scoring/grade.js';
import { scoreReport } from '../../src/scoring/score.js';
import { runChecks } from '../../src/checks/run.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { explainScore, withArithmetic } from '../../src/report/arithmetic.js';
import type { Evidence } from '../../src/model/evidence.js';
import type { Severity } from '../../src/model/finding.js';
import { GOOD_HEADERS, siteWithHeaders } from '../support/evidence.js';

const report = (e: Evidence) => scoreReport(e, runChecks(ALL_CHECKS, e));

describe('gradeFor', () => {
  it('an A needs 90 % of the points measured; below that it is partial', () => {
    expect(gradeFor(92, [], { points: 90, of: 100 })).toEqual({ grade: 'A', partial: false });
    expect(gradeFor(92, [], { points: 85, of: 100 })).toEqual({ grade: 'A', partial: true });
    // With WordPress (110 points) an A needs 99 of them.
    expect(pointsNeededForA(110)).toBe(99);
    expect(gradeFor(92, [], { points: 100, of: 110 })).toEqual({ grade: 'A', partial: false });
    expect(gradeFor(92, [], { points: 90, of: 110 })).toEqual({ grade: 'A', partial: true });
  });

  it('A+ never stands with a category unmeasured (the issue: an A+ given with 20 points unmeasured)', () => {
    expect(gradeFor(97, [], { points: 80, of: 100 })).toEqual({ grade: 'A', partial: true });
    expect(gradeFor(97, [], { points: 90, of: 100 })).toEqual({ grade: 'A', partial: false });
    expect(gradeFor(97, [], { points: 100, of: 100 })).toEqual({ grade: 'A+', partial: false });
    expect(gradeFor(97, [{ severity: 'critical' }], { points: 100, of: 100 })).toEqual({ grade: 'A', partial: false });
  });

  it('grades below A are shown as they are, whatever was measured', () => {
    expect(gradeFor(85, [], { points: 30, of: 100 })).toEqual({ grade: 'B', partial: false });
    expect(gradeFor(10, [], { points: 20, of: 100 })).toEqual({ grade: 'F', partial: false });
  });

  it('property: the band of the score, A+ only on everything measured with no serious finding, partial exactly for an A on too little', () => {
    const severity = fc.constantFrom<Severity>('critical', 'high', 'medium', 'low', 'info');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.array(severity, { maxLength: 4 }), fc.integer({ min: 1, max: 110 }), fc.integer({ min: 0, max: 110 }), (score, sevs, of, p) => {
        const measured = { points: Math.min(p, of), of };
        const { grade, partial } = gradeFor(score, sevs.map((s) => ({ severity: s })), measured);
        const band = GRADE_SCALE.find((b) => score >= b.min)!.grade;
        const serious = sevs.some((s) => s === 'critical' || s === 'high');
        expect(grade).toBe(band === 'A+' && (serious || measured.points < of) ? 'A' : band);
        if (grade === 'A+') expect(measured.points).toBe(of);
        expect(partial).toBe((grade === 'A' || grade === 'A+') && measured.points < A_NEEDS_MEASURED * of);
      }),
      { numRuns: 2000 },
    );
  });

  it('one way to write a grade and the measured share', () => {
    expect(gradeText('A', true)).toBe('A (partial)');
    expect(gradeText('B', false)).toBe('B');
    expect(gradeText(null, false)).toBe('–');
    expect(measuredText({ points: 80, of: 100 })).toBe('measured 80 of 100 points');
  });

  it('the note says why a grade is partial, or why a 95+ is not A+', () => {
    const r = { score: 97, findings: [] };
    expect(gradeNote({ ...r, grade: 'A', gradePartial: true }, { points: 65, of: 100 })).toBe('Partial grade: 65 of 100 points were measured, and an A needs at least 90 (90 %) measured.');
    expect(gradeNote({ ...r, grade: 'A', gradePartial: false }, { points: 90, of: 100 })).toBe('Not A+: an A+ needs every category measured.');
    expect(gradeNote({ ...r, grade: 'A', findings: [{ severity: 'high' }] }, { points: 100, of: 100 })).toBe('Not A+: an A+ needs no critical or high finding.');
    expect(gradeNote({ ...r, grade: 'A+' }, { points: 100, of: 100 })).toBeNull();
    expect(gradeNote({ score: 85, grade: 'B', findings: [] }, { points: 30, of: 100 })).toBeNull();
  });
});

describe('the measured share in the report', () => {
  it('is stated in the report and its arithmetic, and they agree', () => {
    const r = report(siteWithHeaders(GOOD_HEADERS));
    expect(r.measured).toEqual({ points: 65, of: 100 });
    const a = explainScore(r);
    expect(a.measured).toEqual(r.measured);
    expect(a.measuredWeight).toBe(r.measured!.points);
    expect(withArithmetic(r).arithmetic.measured).toEqual({ points: 65, of: 100, text: 'measured 65 of 100 points' });
  });

  it('WordPress counts toward the applicable points when detected, or when detection failed; not when it found nothing or was not run', () => {
    const base = siteWithHeaders(GOOD_HEADERS);
    const notDetected = report({ ...base, wordpress: { status: 'unavailable', reason: 'WordPress not detected', code: 'NOT_DETECTED' } });
    expect(notDetected.measured).toEqual({ points: 65, of: 100 });
    expect(notDetected.categories.some((c) => c.id === 'wordpress')).toBe(false);
    expect(report(base).measured!.of).toBe(100);

    const failed = report({ ...base, wordpress: { status: 'unavailable', reason: 'probe time limit (20 s) reached', code: 'PROBE_TIME_LIMIT' } });
    expect(failed.measured).toEqual({ points: 65, of: 110 });
    const wp = failed.categories.find((c) => c.id === 'wordpress')!;
    expect(wp.status).toBe('not_measured');
    expect(wp.reason).toContain('probe time limit');
  });

  it('nothing measured: no score, no grade, no caps, and the share says so', () => {
    const r = report({ ...siteWithHeaders([]), http: { status: 'unavailable', reason: 'connection refused' } });
    expect(r.score).toBeNull();
    expect(r.grade).toBeNull();
    expect(r.gradePartial).toBe(false);
    expect(r.caps).toEqual([]);
    expect(r.measured).toEqual({ points: 0, of: 100 });
  });
});
