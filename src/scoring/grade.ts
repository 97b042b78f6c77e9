/**
 * The grade rule, in one place: the letter bands, what A+ needs, and how much of the score must have
 * been measured before an A stands. A score over a few categories says nothing about the rest, so a top
 * grade on too little evidence is shown as partial instead of being claimed. The methodology page and
 * every renderer read these constants and helpers.
 */
import type { Finding } from '../model/finding.js';
import type { MeasuredShare } from '../model/report.js';

export const GRADE_SCALE: readonly { grade: string; min: number }[] = [
  { grade: 'A+', min: 95 },
  { grade: 'A', min: 90 },
  { grade: 'B', min: 80 },
  { grade: 'C', min: 70 },
  { grade: 'D', min: 60 },
  { grade: 'F', min: 0 },
];

/** The lowest passing score (the bottom of D): critical findings cap below it. */
export const PASSING_MIN = GRADE_SCALE.at(-2)!.min;

/** A grade of A or above stands only on at least this share of the applicable points measured. */
export const A_NEEDS_MEASURED = 0.9;

/** Grades that need `A_NEEDS_MEASURED`. */
const TOP_GRADES = new Set(['A+', 'A']);

export interface GradeResult {
  grade: string;
  /** True when the grade is A or above on less than `A_NEEDS_MEASURED` of the points measured. */
  partial: boolean;
}

/**
 * The letter for a score. A+ also needs no critical or high finding and every applicable category
 * measured (otherwise it is an A); A and above on less than 90 % of the points measured is partial.
 */
export function gradeFor(score: number, findings: readonly Pick<Finding, 'severity'>[], measured: MeasuredShare): GradeResult {
  const band = GRADE_SCALE.find((b) => score >= b.min)!;
  let grade = band.grade;
  if (grade === 'A+' && (!aPlusAllowed(findings) || measured.points < measured.of)) grade = 'A';
  return { grade, partial: TOP_GRADES.has(grade) && !enoughMeasured(measured) };
}

const aPlusAllowed = (findings: readonly Pick<Finding, 'severity'>[]) => !findings.some((f) => f.severity === 'critical' || f.severity === 'high');

export function enoughMeasured(m: MeasuredShare): boolean {
  return m.of > 0 && m.points >= A_NEEDS_MEASURED * m.of;
}

/** The fewest points that must be measured for an A to stand: 90 of 100, 99 of 110. */
export const pointsNeededForA = (of: number): number => Math.ceil(A_NEEDS_MEASURED * of);

/** "A", or "A (partial)": how every output writes a grade. */
export function gradeText(grade: string | null | undefined, partial: boolean | undefined): string {
  if (!grade) return '–';
  return partial ? `${grade} (partial)` : grade;
}

/** "measured 80 of 100 points": the share every result states. */
export function measuredText(m: MeasuredShare): string {
  return `measured ${m.points} of ${m.of} points`;
}

/**
 * Why the grade is not the plain band of the score, in one sentence; null when it is. Shown next to
 * the grade so that "A (partial)" or a 97 without its A+ explains itself.
 */
export function gradeNote(r: { score: number | null; grade: string | null; gradePartial?: boolean; findings: readonly Pick<Finding, 'severity'>[] }, m: MeasuredShare): string | null {
  if (r.score === null || !r.grade) return null;
  if (r.gradePartial) {
    return `Partial grade: ${m.points} of ${m.of} points were measured, and an A needs at least ${pointsNeededForA(m.of)} (${Math.round(A_NEEDS_MEASURED * 100)} %) measured.`;
  }
  if (r.grade === 'A' && r.score >= GRADE_SCALE[0]!.min) {
    if (m.points < m.of) return 'Not A+: an A+ needs every category measured.';
    if (!aPlusAllowed(r.findings)) return 'Not A+: an A+ needs no critical or high finding.';
  }
  return null;
}
