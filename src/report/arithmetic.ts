/**
 * The score's arithmetic, spelled out once. The terminal report, the JSON report and the web pages all
 * show these numbers, so a reader can add them up: each category's points earned of its weight, their
 * sum over the measured categories, the rescale to 100 when a category was not measured (or WordPress
 * was added), and the cap only when it actually lowers the score.
 *
 * Points stay on the published weights (Security headers is always "of 25"), so a finding's "−5"
 * matches its category row. The one rounding step is the rescale, and it is shown as such.
 */
import type { CategoryId, Finding } from '../model/finding.js';
import type { CategoryScore, MeasuredShare, Report } from '../model/report.js';
import { measuredText } from '../scoring/grade.js';
import { jsonFixFirst, type JsonFixFirst } from './fix-first.js';

export interface CategoryArithmetic {
  id: CategoryId;
  name: string;
  /** The category's published weight: the most it can earn. */
  weight: number;
  measured: boolean;
  /** Points earned of `weight`; null when not measured. */
  earned: number | null;
  /** Sum of the category's finding costs, which can exceed the weight (the category stops at 0). */
  findingPoints: number;
  /** Why it was not measured. */
  reason?: string;
  /** What a measured category could not judge ("DNSSEC"): its points count only the rest. */
  unmeasured?: string[];
}

export interface ScoreArithmetic {
  categories: CategoryArithmetic[];
  /** Sum of the measured categories' weights: 100 with the five base categories, 110 with WordPress. */
  measuredWeight: number;
  /**
   * The measured share: `points` = `measuredWeight`, `of` = the weights of every category shown (all that
   * apply in a full report; a focused tool's own categories). Equal to the report's `measured` for a full report.
   */
  measured: MeasuredShare;
  /** Sum of the measured categories' `earned`: exactly the parts shown. */
  earned: number;
  /** `earned` on the 0–100 scale, before any cap; null when nothing was measured. */
  uncapped: number | null;
  /**
   * The cap that lowers the score (the lowest one, with every finding id imposing it and their cap
   * classes, scoring/caps.ts); null when none bites.
   */
  cap: BitingCap | null;
  /** The final score: `uncapped`, or `cap.cap` when the cap bites. */
  score: number | null;
  /** One line for people: "84 of 100 — capped at 30 by no_https". */
  summary: string;
}

export interface BitingCap {
  cap: number;
  ids: string[];
  /** The cap classes of those ids (empty for reports stored before classes existed). */
  classes: string[];
}

export interface ExplainOptions {
  /** Restrict to these categories (a focused tool): no total, no caps from categories it did not run. */
  categories?: readonly CategoryId[];
  /** A narrow focused tool (engine/focused-tools.ts): its findings are its verdict, it has no points. */
  findingsOnly?: boolean;
}

export function explainScore(report: Pick<Report, 'categories' | 'caps' | 'findings'> & Partial<Pick<Report, 'unavailable'>>, options: ExplainOptions = {}): ScoreArithmetic {
  const only = options.categories;
  const rows = report.categories.filter((c) => !only || only.includes(c.id)).map((c) => categoryArithmetic(c, report.findings));
  const measured = rows.filter((r) => r.measured);
  const measuredWeight = measured.reduce((s, r) => s + r.weight, 0);
  const earned = measured.reduce((s, r) => s + r.earned!, 0);
  const uncapped = measuredWeight > 0 ? Math.round((earned / measuredWeight) * 100) : null;

  // A cap belongs to the finding that imposes it; a focused tool only shows caps of what it ran.
  const inScope = (id: string) => !only || report.findings.some((f) => f.id === id && only.includes(f.category));
  const caps = report.caps.filter((c) => inScope(c.id));
  let cap: ScoreArithmetic['cap'] = null;
  if (uncapped !== null && caps.length) {
    const lowest = Math.min(...caps.map((c) => c.cap));
    const biting = caps.filter((c) => c.cap === lowest);
    if (lowest < uncapped) cap = { cap: lowest, ids: biting.map((c) => c.id), classes: [...new Set(biting.flatMap((c) => (c.class ? [c.class] : [])))] };
  }
  const score = uncapped === null ? null : cap ? cap.cap : uncapped;
  const partial = { measuredWeight, earned, uncapped };
  const measuredShare = { points: measuredWeight, of: rows.reduce((s, r) => s + r.weight, 0) };
  const summary = options.findingsOnly ? findingsSummary(report) : summaryLine(partial, cap);
  return { categories: rows, ...partial, measured: measuredShare, cap, score, summary };
}

/** A narrow tool's line: "2 problems + 1 note (a focused check counts findings; it gives no points)". */
function findingsSummary(report: Pick<Report, 'findings'> & Partial<Pick<Report, 'unavailable'>>): string {
  if (report.unavailable?.length) return 'Not measured: the check could not run.';
  const problems = report.findings.filter((f) => f.severity !== 'info').length;
  const notes = report.findings.length - problems;
  return `${problems} ${problems === 1 ? 'problem' : 'problems'}${notes ? ` + ${notes} ${notes === 1 ? 'note' : 'notes'}` : ''} (a focused check counts findings; it gives no points)`;
}

function categoryArithmetic(c: CategoryScore, findings: readonly Finding[]): CategoryArithmetic {
  const findingPoints = findings.filter((f) => f.category === c.id).reduce((s, f) => s + f.pointsLost, 0);
  if (c.status !== 'measured') return { id: c.id, name: c.name, weight: c.weight, measured: false, earned: null, findingPoints, ...(c.reason ? { reason: c.reason } : {}) };
  const unmeasured = c.unmeasured?.map((u) => u.topic);
  return { id: c.id, name: c.name, weight: c.weight, measured: true, earned: Math.max(0, c.weight - c.pointsLost), findingPoints, ...(unmeasured?.length ? { unmeasured } : {}) };
}

function summaryLine(a: Pick<ScoreArithmetic, 'earned' | 'measuredWeight' | 'uncapped'>, cap: ScoreArithmetic['cap']): string {
  if (a.uncapped === null) return 'No score: nothing could be measured.';
  return cap ? `${totalText(a)} — capped at ${cap.cap} by ${cap.ids.join(', ')}` : totalText(a);
}

/** The uncapped total as shown: "84 of 100", or "53 of 80 measured points = 66 of 100" after a rescale. */
export function totalText(a: Pick<ScoreArithmetic, 'earned' | 'measuredWeight' | 'uncapped'>): string {
  return a.measuredWeight === 100 ? `${a.earned} of 100` : `${a.earned} of ${a.measuredWeight} measured points = ${a.uncapped} of 100`;
}

/** "Security headers 4 / 25", the row text every renderer uses. */
export function categoryLine(c: Pick<CategoryArithmetic, 'measured' | 'earned' | 'weight'>): string {
  return c.measured ? `${c.earned} / ${c.weight}` : 'not measured';
}

/** Why a category shows 0 although its findings cost more than its weight, nothing at all, or what it left out. */
export function categoryNote(c: CategoryArithmetic): string | undefined {
  if (!c.measured) return c.reason ? `not measured: ${c.reason}` : 'not measured';
  const notes = [
    ...(c.unmeasured?.length ? [`${c.unmeasured.join(', ')} not measured`] : []),
    ...(c.findingPoints > c.weight ? [`findings cost ${c.findingPoints}; a category stops at 0`] : []),
  ];
  return notes.length ? notes.join('; ') : undefined;
}

/** The field added to the JSON report (schemaVersion 1, additive): the arithmetic in machine form. */
export interface JsonArithmetic {
  summary: string;
  measuredWeight: number;
  /** `measuredWeight` of the applicable weights, and the sentence every output shows ("measured 80 of 100 points"). */
  measured: MeasuredShare & { text: string };
  earned: number;
  uncapped: number | null;
  cap: BitingCap | null;
  score: number | null;
  categories: { id: CategoryId; weight: number; earned: number | null }[];
}

export function jsonArithmetic(a: ScoreArithmetic): JsonArithmetic {
  return {
    summary: a.summary,
    measuredWeight: a.measuredWeight,
    measured: { ...a.measured, text: measuredText(a.measured) },
    earned: a.earned,
    uncapped: a.uncapped,
    cap: a.cap,
    score: a.score,
    categories: a.categories.map((c) => ({ id: c.id, weight: c.weight, earned: c.earned })),
  };
}

/**
 * The JSON report as every output writes it: the report plus its `arithmetic` and its `fixFirst` (the
 * findings to fix first, fix-first.ts; a focused tool's only from its own categories).
 */
export function withArithmetic<R extends Pick<Report, 'categories' | 'caps' | 'findings'>>(report: R, options: ExplainOptions = {}): R & { arithmetic: JsonArithmetic; fixFirst: JsonFixFirst[] } {
  const only = options.categories;
  const findings = only ? report.findings.filter((f) => only.includes(f.category)) : report.findings;
  return { ...report, arithmetic: jsonArithmetic(explainScore(report, options)), fixFirst: jsonFixFirst(findings) };
}
