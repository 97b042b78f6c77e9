/**
 * What changed between two reports of the same site: new, fixed and unchanged findings, the score
 * change and each category's points. Pure: the CLI (`scorifya diff`) and the web app's compare page
 * both call it.
 *
 * The same finding id means the same problem across scans. When an id occurs several times (one per
 * cookie, per path …) instances are paired most specific first: same id, location and title; then
 * same id and location (a value changed, e.g. a different max-age); then the same id anywhere (the
 * location moved, e.g. a new redirect URL). What is left over is new or fixed.
 */
import type { Finding } from '../model/finding.js';
import type { MeasuredShare, Report } from '../model/report.js';
import { categoryRows } from './rows.js';
import { explainScore } from './arithmetic.js';

export interface UnchangedFinding {
  before: Finding;
  after: Finding;
}

export interface CategoryChange {
  id: string;
  name: string;
  weight: number;
  before: number | null;
  after: number | null;
  /** Points earned after minus before; null when either side was not measured. */
  change: number | null;
}

export interface ReportSide {
  url: string;
  startedAt: string;
  score: number | null;
  grade: string | null;
  /** The grade is partial: too little was measured for its A to stand. */
  gradePartial: boolean;
  /** The measured share of that report ("measured 80 of 100 points"). */
  measured: MeasuredShare;
}

export interface ReportDiff {
  before: ReportSide;
  after: ReportSide;
  /** after.score − before.score; null when either side has no score. */
  scoreChange: number | null;
  added: Finding[];
  fixed: Finding[];
  unchanged: UnchangedFinding[];
  categories: CategoryChange[];
  /**
   * Why the score moved by a different amount than the category points (the rescale to 100 when not
   * every category was measured, or a cap), in words; null when the two agree.
   */
  scoreNote: string | null;
}

const PAIRING_KEYS: ((f: Finding) => string)[] = [(f) => `${f.id}\n${f.location}\n${f.title}`, (f) => `${f.id}\n${f.location}`, (f) => f.id];

export function diffReports(before: Report, after: Report): ReportDiff {
  let left = [...before.findings];
  let right = [...after.findings];
  const unchanged: UnchangedFinding[] = [];
  for (const key of PAIRING_KEYS) {
    const waiting = new Map<string, Finding[]>();
    for (const f of left) waiting.set(key(f), [...(waiting.get(key(f)) ?? []), f]);
    const unpaired: Finding[] = [];
    for (const f of right) {
      const match = waiting.get(key(f))?.shift();
      if (match) unchanged.push({ before: match, after: f });
      else unpaired.push(f);
    }
    left = [...waiting.values()].flat();
    right = unpaired;
  }
  // Keep each list in its report's own order (by points lost), whatever the pairing pass.
  const order = (list: Finding[], report: Report) => list.sort((a, b) => report.findings.indexOf(a) - report.findings.indexOf(b));
  unchanged.sort((a, b) => after.findings.indexOf(a.after) - after.findings.indexOf(b.after));
  const scoreChange = before.score === null || after.score === null ? null : after.score - before.score;
  const categories = categoryChanges(before, after);
  return {
    before: side(before),
    after: side(after),
    scoreChange,
    added: order(right, after),
    fixed: order(left, before),
    unchanged,
    categories,
    scoreNote: scoreNote(before, after, scoreChange, categories),
  };
}

/**
 * "+10" overall beside a category's "+8" needs its reason: the score is earned ÷ measured points on a
 * scale of 100 (so with 80 points measured, 8 points are 10 on the score), then any cap.
 */
function scoreNote(before: Report, after: Report, scoreChange: number | null, categories: readonly CategoryChange[]): string | null {
  if (scoreChange === null) return null;
  const pointsChange = categories.reduce((sum, c) => sum + (c.change ?? 0), 0);
  if (pointsChange === scoreChange) return null;
  const b = explainScore(before);
  const a = explainScore(after);
  const sideText = (x: ReturnType<typeof explainScore>) =>
    `${x.earned} of ${x.measuredWeight} measured points${x.measuredWeight !== 100 ? ` = ${x.uncapped} of 100` : ''}${x.cap ? `, capped at ${x.cap.cap} by ${x.cap.ids.join(', ')}` : ''}`;
  const capped = a.cap !== null || b.cap !== null;
  const unmatched = categories.some((c) => c.change === null && (c.before !== null || c.after !== null));
  return (
    `The score changed by ${signed(scoreChange)} while the category points changed by ${signed(pointsChange)}: the score is the points earned out of the points measured, scaled to 100${capped ? ', then capped' : ''}` +
    `${unmatched ? ', and a category measured in only one of the scans counts in that one alone' : ''}. Before: ${sideText(b)}. After: ${sideText(a)}.`
  );
}

function side(r: Report): ReportSide {
  return { url: r.target.url, startedAt: r.startedAt, score: r.score, grade: r.grade, gradePartial: r.gradePartial ?? false, measured: explainScore(r).measured };
}

function categoryChanges(before: Report, after: Report): CategoryChange[] {
  const old = new Map(categoryRows(before).map((r) => [r.id, r]));
  const now = new Map(categoryRows(after).map((r) => [r.id, r]));
  // Categories of the newer report first, then any the newer one no longer has (e.g. WordPress removed).
  const ids = [...new Set([...now.keys(), ...old.keys()])];
  return ids.map((id) => {
    const row = (now.get(id) ?? old.get(id))!;
    const b = old.get(id)?.earned ?? null;
    const a = now.get(id)?.earned ?? null;
    return { id, name: row.name, weight: row.weight, before: b, after: a, change: a === null || b === null ? null : a - b };
  });
}

/** "+5", "−3", "0" or "n/a": how every face prints a change. */
export function signed(change: number | null): string {
  if (change === null) return 'n/a';
  return change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '0';
}
