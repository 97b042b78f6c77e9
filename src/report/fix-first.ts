/**
 * "Fix these first": the findings that cost the most points, each with the first step of its fix. Every
 * output opens with this block (the terminal, the web result page, the JSON `fixFirst`, the HTML and
 * Markdown exports, the PDF printed from the HTML, the CSV's `fix_first` column), chosen here once so
 * they all name the same findings in the same order.
 *
 * - Only findings that cost points: an info note or a repeat of an id (charged once per scan) is never
 *   "first".
 * - Ordered by points lost, then severity (critical first), then id (scoring/score.ts lists findings
 *   the same way), applied here again so a report from a file or an older version gives the same block.
 * - One entry per id: the same fix twice would waste a place.
 * - At most FIX_FIRST_MAX: a newcomer reads three things; the full list follows in every output.
 */
import type { Finding, Severity } from '../model/finding.js';
import { findingContent } from '../content/load.js';
import { contentForFinding } from '../content/cause.js';
import { findingAnchors } from './anchors.js';

export const FIX_FIRST_MAX = 3;

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export interface FixFirst {
  finding: Finding;
  /** The finding's position in the list given (its card, row or section). */
  index: number;
  /** Its anchor in the rendered report (anchors.ts). */
  anchor: string;
  /** The first step of the fix for the cause this finding names (the id's general fix without one), as our content's Markdown; null when the id has no content. */
  fix: string | null;
}

export interface FixFirstOptions {
  /** The anchors of `findings`, when the caller has them already (a page with reserved ids). */
  anchors?: readonly string[];
  /** The fix step for a finding (the web page fills in the scanned host); default: the content's first step. */
  fixFor?: (finding: Finding) => string | undefined;
}

export function fixFirst(findings: readonly Finding[], options: FixFirstOptions = {}): FixFirst[] {
  const anchors = options.anchors ?? findingAnchors(findings);
  const fixFor = options.fixFor ?? defaultFix();
  const seen = new Set<string>();
  return findings
    .map((finding, index) => ({ finding, index }))
    .filter(({ finding }) => finding.pointsLost > 0)
    .sort((a, b) => b.finding.pointsLost - a.finding.pointsLost || (SEVERITY_RANK[a.finding.severity] ?? 5) - (SEVERITY_RANK[b.finding.severity] ?? 5) || compare(a.finding.id, b.finding.id) || a.index - b.index)
    .filter(({ finding }) => !seen.has(finding.id) && seen.add(finding.id))
    .slice(0, FIX_FIRST_MAX)
    .map(({ finding, index }) => ({ finding, index, anchor: anchors[index]!, fix: fixFor(finding) ?? null }));
}

/** Code-point order, not the locale's: the same block on every machine. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function defaultFix(): (finding: Finding) => string | undefined {
  const content = findingContent();
  return (finding) => contentForFinding(content, finding)?.steps[0];
}

/** The block as the JSON report carries it: `fixFirst: [{ id, anchor, pointsLost, fix }]`. */
export interface JsonFixFirst {
  id: string;
  anchor: string;
  pointsLost: number;
  fix: string | null;
}

export function jsonFixFirst(findings: readonly Finding[]): JsonFixFirst[] {
  return fixFirst(findings).map((f) => ({ id: f.finding.id, anchor: f.anchor, pointsLost: f.finding.pointsLost, fix: f.fix }));
}
