import type { CategoryId, Severity } from '../model/finding.js';
import type { CapSpec } from './caps.js';

/**
 * One row of the scoring table: what a finding id costs inside its category.
 * `points` may depend on the severity the check reported (e.g. expiring in 5 days vs 25 days).
 * `cap` names, per severity, the class of failure the finding proves (scoring/caps.ts); while the
 * finding is present the whole score is held at that class's cap, so an expired certificate cannot be
 * outweighed by good headers. Every severity a row can carry that is critical must name a class.
 */
export interface ScoringRule {
  category: CategoryId;
  severity: Severity;
  points: number | Partial<Record<Severity, number>>;
  cap?: CapSpec;
}

export type RuleSet = Record<string, ScoringRule>;
