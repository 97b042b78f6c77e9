/**
 * The end-of-batch summary: score histogram, grade counts, the most common findings, the slowest
 * targets and the failures with their reasons. A pure function of the outcomes, so `--resume` and
 * `--db … --wait` print the same summary as a local run.
 */
import { escapeTerminal } from '../report/escape.js';
import type { BadLine } from './targets.js';
import type { BatchOutcome } from './outcome.js';

export interface SummaryInput {
  outcomes: BatchOutcome[];
  bad: BadLine[];
  /** Targets the batch did not reach (interrupted). */
  notRun: number;
  elapsedMs: number;
  /** Scans finished by this run (the rest came from the output file being resumed). */
  ranNow: number;
}

const GRADE_ORDER = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'E', 'F'];
const MAX_LISTED = 20;

export function renderSummary(input: SummaryInput): string {
  const { outcomes } = input;
  const out: string[] = [];
  const scored = outcomes.filter((o) => o.score !== null);
  const failed = outcomes.filter((o) => o.status !== 'done');
  const rate = input.elapsedMs > 0 ? (input.ranNow / input.elapsedMs) * 1000 : 0;
  out.push(
    `Batch: ${outcomes.length} targets in the output (${scored.length} scored, ${failed.length} failed or unmeasured)` +
      `${input.notRun ? `, ${input.notRun} not run` : ''}; ${input.ranNow} scanned now in ${(input.elapsedMs / 1000).toFixed(1)} s (${rate.toFixed(1)} scans/s)`,
  );

  if (scored.length) {
    out.push('', 'Scores');
    const buckets = Array.from({ length: 10 }, () => 0);
    for (const o of scored) buckets[Math.min(9, Math.floor(o.score! / 10))]!++;
    const most = Math.max(...buckets);
    buckets.forEach((n, i) => {
      const label = i === 9 ? ' 90–100' : `${String(i * 10).padStart(3)}–${i * 10 + 9}`;
      out.push(`  ${label.padEnd(7)} ${'█'.repeat(Math.round((n / most) * 30)).padEnd(30)} ${n}`);
    });

    const grades = new Map<string, number>();
    for (const o of scored) grades.set(o.grade ?? '?', (grades.get(o.grade ?? '?') ?? 0) + 1);
    // "A (partial)" sorts right after "A".
    const rank = (g: string) => {
      const letter = g.replace(/ \(partial\)$/, '');
      return (GRADE_ORDER.includes(letter) ? GRADE_ORDER.indexOf(letter) : GRADE_ORDER.length) + (letter === g ? 0 : 0.5);
    };
    const gradeList = [...grades].sort((a, b) => rank(a[0]) - rank(b[0]));
    out.push('', `Grades  ${gradeList.map(([g, n]) => `${escapeTerminal(g)}: ${n}`).join('  ')}`);
  }

  const findingCounts = new Map<string, number>();
  for (const o of outcomes) for (const id of new Set(o.findingIds)) findingCounts.set(id, (findingCounts.get(id) ?? 0) + 1);
  const common = [...findingCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
  if (common.length) {
    out.push('', 'Most common findings (targets affected)');
    for (const [id, n] of common) out.push(`  ${String(n).padStart(6)}  ${escapeTerminal(id)}`);
  }

  const slowest = [...outcomes].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5);
  if (slowest.length) {
    out.push('', 'Slowest targets');
    for (const o of slowest) out.push(`  ${(o.durationMs / 1000).toFixed(1).padStart(7)} s  ${escapeTerminal(o.input)}`);
  }

  if (failed.length) {
    out.push('', `Failures and unmeasured targets (${failed.length})`);
    for (const o of failed.slice(0, MAX_LISTED)) out.push(`  ${escapeTerminal(o.input)}: ${escapeTerminal((o.reason ?? o.status).slice(0, 300))}`);
    if (failed.length > MAX_LISTED) out.push(`  … and ${failed.length - MAX_LISTED} more (see the output file)`);
  }

  if (input.bad.length) {
    out.push('', `Skipped lines of the targets file (${input.bad.length})`);
    for (const b of input.bad.slice(0, MAX_LISTED)) out.push(`  line ${b.line}: ${escapeTerminal(b.reason)}`);
    if (input.bad.length > MAX_LISTED) out.push(`  … and ${input.bad.length - MAX_LISTED} more`);
  }
  return out.join('\n') + '\n';
}
