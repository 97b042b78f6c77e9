/**
 * A report with no score says so in one place, once: one statement with the measured share, then why,
 * each reason once. Without this, the reason a site could not be scanned ("http: connection refused")
 * came back on every category row, again under "Not measured", beside "Nothing to fix in what was
 * measured" — which reads like a clean result. The terminal, HTML and Markdown reports use it.
 */
import type { Report } from '../model/report.js';
import type { ScoreArithmetic } from './arithmetic.js';
import { measuredText } from '../scoring/grade.js';
import { notMeasuredList } from './not-measured.js';

export interface NothingMeasured {
  /** "No score: nothing could be measured (measured 0 of 100 points)." */
  statement: string;
  /** Why, each once: the probes that could not run, or (none recorded) the categories' reasons. */
  reasons: string[];
}

/** For a full report without a score; null when there is a score (or for a focused tool's arithmetic, which has its own verdict). */
export function nothingMeasured(report: Pick<Report, 'unavailable'>, arithmetic: Pick<ScoreArithmetic, 'score' | 'measured' | 'categories'>): NothingMeasured | null {
  if (arithmetic.score !== null) return null;
  // A probe that did not run because another failed quotes that failure: "see http" instead of the words again.
  const fromProbes = notMeasuredList(report.unavailable).map((u) => `${u.probe}: ${u.reason}`);
  const fromCategories = arithmetic.categories.flatMap((c) => (c.reason ? [c.reason] : []));
  return {
    statement: `No score: nothing could be measured (${measuredText(arithmetic.measured)}).`,
    reasons: [...new Set(fromProbes.length ? fromProbes : fromCategories)],
  };
}
