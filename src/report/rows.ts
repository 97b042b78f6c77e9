/**
 * The category rows every export shows: points earned out of the category's weight.
 *
 * Kept as ONE function on purpose: the terminal, JSON and web faces are getting a shared "score
 * arithmetic" function (issue 15); when it lands, this body is the only place to swap.
 */
import type { CategoryId } from '../model/finding.js';
import type { Report } from '../model/report.js';

export interface CategoryRow {
  id: CategoryId;
  name: string;
  measured: boolean;
  /** Points kept of `weight`; null when the category was not measured. */
  earned: number | null;
  weight: number;
  pointsLost: number;
  /** 0–100 within the category; null when not measured. */
  score: number | null;
  /** Why it was not measured. */
  reason: string | null;
}

export function categoryRows(report: Pick<Report, 'categories'>): CategoryRow[] {
  return report.categories.map((c) => {
    const measured = c.status === 'measured';
    return {
      id: c.id,
      name: c.name,
      measured,
      earned: measured ? Math.max(0, c.weight - c.pointsLost) : null,
      weight: c.weight,
      pointsLost: measured ? c.pointsLost : 0,
      score: measured ? c.score : null,
      reason: measured ? null : (c.reason ?? 'not measured'),
    };
  });
}

/** "23 / 25" or "not measured": the one wording every export uses for a row. */
export function rowPoints(row: CategoryRow): string {
  return row.earned === null ? 'not measured' : `${row.earned} / ${row.weight}`;
}
