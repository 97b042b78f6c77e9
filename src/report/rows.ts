/**
 * The category rows every export shows: points earned out of the category's weight.
 *
 * The points come from `explainScore` (arithmetic.ts), the one arithmetic the terminal, JSON and web
 * faces show, so an export's rows add up exactly as the page's do.
 */
import type { CategoryId } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { categoryLine, explainScore } from './arithmetic.js';

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
  /** Why it was not measured, or what a measured category could not judge ("DNSSEC not measured"). */
  reason: string | null;
}

export function categoryRows(report: Pick<Report, 'categories' | 'caps' | 'findings'>): CategoryRow[] {
  const scores = new Map(report.categories.map((c) => [c.id, c]));
  return explainScore(report).categories.map((c) => ({
    id: c.id,
    name: c.name,
    measured: c.measured,
    earned: c.earned,
    weight: c.weight,
    pointsLost: c.measured ? (scores.get(c.id)?.pointsLost ?? 0) : 0,
    score: c.measured ? (scores.get(c.id)?.score ?? null) : null,
    reason: c.measured ? (c.unmeasured?.length ? `${c.unmeasured.join(', ')} not measured` : null) : (c.reason ?? 'not measured'),
  }));
}

/** "23 / 25" or "not measured": the one wording every export uses for a row. */
export function rowPoints(row: CategoryRow): string {
  return categoryLine(row);
}
