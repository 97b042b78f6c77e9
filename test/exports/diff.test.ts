/** The pure diff on recorded (hand-written) evidence: new, fixed and unchanged findings, score and category change. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rescore } from '../../src/engine/index.js';
import { diffReports, signed } from '../../src/report/diff.js';
import { renderDiffTerminal } from '../../src/report/diff-terminal.js';
import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import { afterEvidence, beforeEvidence } from './diff-evidence.js';

const before = rescore(beforeEvidence());
const after = rescore(afterEvidence());

describe('diffReports', () => {
  const d = diffReports(before, after);
  const ids = (list: Finding[]) => list.map((f) => `${f.id}${f.title.includes("'token'") ? ':token' : f.title.includes("'sid'") ? ':sid' : ''}`);

  it('the recorded evidence says what it should', () => {
    expect(ids(before.findings)).toEqual(expect.arrayContaining(['missing_hsts', 'cookie_no_secure:sid', 'cookie_no_secure:token']));
    expect(ids(after.findings)).toEqual(expect.arrayContaining(['missing_nosniff', 'cookie_no_secure:sid']));
  });

  it('new, fixed and unchanged, with repeated ids paired instance by instance', () => {
    expect(ids(d.added)).toEqual(['missing_nosniff']);
    expect(ids(d.fixed).sort()).toEqual(['cookie_no_secure:token', 'missing_hsts']);
    expect(ids(d.unchanged.map((u) => u.after))).toContain('cookie_no_secure:sid');
    for (const u of d.unchanged) expect(u.before.id).toBe(u.after.id);
  });

  it('score change and category points', () => {
    expect(d.scoreChange).toBe(after.score! - before.score!);
    expect(d.before.score).toBe(before.score);
    const headers = d.categories.find((c) => c.id === 'headers')!;
    const rowOf = (r: Report) => r.categories.find((c) => c.id === 'headers')!;
    expect(headers.before).toBe(rowOf(before).weight - rowOf(before).pointsLost);
    expect(headers.change).toBe(headers.after! - headers.before!);
    expect(d.categories.find((c) => c.id === 'dns')!.change).toBeNull(); // not measured on either side
  });

  it('says in words why the score moved more than the category points: the rescale to 100', () => {
    // 65 of 100 points measured: +4 points of headers are +6 on the score.
    expect([d.scoreChange, d.categories.reduce((s, c) => s + (c.change ?? 0), 0)]).toEqual([6, 4]);
    expect(d.scoreNote).toBe(
      'The score changed by +6 while the category points changed by +4: the score is the points earned out of the points measured, scaled to 100. Before: 53 of 65 measured points = 82 of 100. After: 57 of 65 measured points = 88 of 100.',
    );
    expect(renderDiffTerminal(d, { color: false })).toContain(`Score change +6\n  ${d.scoreNote}\n`);
    expect(diffReports(after, after).scoreNote).toBeNull();
  });

  it('a changed value of the same finding is unchanged, not fixed + new', () => {
    const moved = { ...after, findings: after.findings.map((f) => (f.id === 'missing_nosniff' ? { ...f, title: 'different words', location: 'https://site.example/x' } : f)) };
    const again = diffReports(after, moved);
    expect(again.added).toEqual([]);
    expect(again.fixed).toEqual([]);
    expect(again.scoreChange).toBe(0);
  });

  it('no score on one side: the change is n/a', () => {
    const unmeasured = { ...after, score: null, grade: null };
    expect(diffReports(before, unmeasured).scoreChange).toBeNull();
    expect(signed(null)).toBe('n/a');
    expect([signed(3), signed(-2), signed(0)]).toEqual(['+3', '−2', '0']);
  });

  it('property: every finding of each side is accounted for exactly once', () => {
    const finding = fc.record({ id: fc.constantFrom('a', 'b', 'c'), location: fc.constantFrom('x', 'y'), title: fc.constantFrom('t1', 't2') });
    const reportOf = (fs: { id: string; location: string; title: string }[]): Report => ({
      ...before,
      findings: fs.map((f) => ({ ...f, category: 'headers', severity: 'low', pointsLost: 1, evidence: '' })),
    });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 8 }), fc.array(finding, { maxLength: 8 }), (x, y) => {
        const a = reportOf(x);
        const b = reportOf(y);
        const r = diffReports(a, b);
        expect([...r.fixed, ...r.unchanged.map((u) => u.before)].sort(cmp)).toEqual([...a.findings].sort(cmp));
        expect([...r.added, ...r.unchanged.map((u) => u.after)].sort(cmp)).toEqual([...b.findings].sort(cmp));
        // Nothing is called new while an instance of the same id was fixed: that is one finding that moved.
        for (const f of r.added) expect(r.fixed.some((g) => g.id === f.id)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

const cmp = (p: Finding, q: Finding) => `${p.id}${p.location}${p.title}`.localeCompare(`${q.id}${q.location}${q.title}`);
