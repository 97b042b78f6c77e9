import type { CategoryId, Severity } from '../model/finding.js';

/**
 * One row of the scoring table: what a finding id costs inside its category.
 * `points` may depend on the severity the check reported (e.g. expiring in 5 days vs 25 days).
 * `cap` limits the whole scan's score while the finding is present (critical problems such as an
 * expired certificate cannot be outweighed by good headers).
 */
export interface ScoringRule {
  category: CategoryId;
  severity: Severity;
  points: number | Partial<Record<Severity, number>>;
  cap?: number;
}

export type RuleSet = Record<string, ScoringRule>;
