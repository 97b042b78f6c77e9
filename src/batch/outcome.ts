/**
 * What batch keeps per finished target: the compact facts the summary, the progress line and the CSV
 * need. Built from a fresh report, from a scan that threw, or from a line of an existing output file
 * (so a resumed batch summarises the whole file, not only this run).
 */
import type { Report } from '../model/report.js';
import { gradeText } from '../scoring/grade.js';

export interface BatchOutcome {
  /** The target as written in the targets file. */
  input: string;
  /** `done`: a score; `unmeasured`: the scan ran but measured nothing; `failed`: no report at all. */
  status: 'done' | 'unmeasured' | 'failed';
  score: number | null;
  /** The grade as every output writes it: "A", or "A (partial)" when too little was measured for an A to stand. */
  grade: string | null;
  /** Category id → score (null when not measured). */
  categories: Record<string, number | null>;
  findingIds: string[];
  durationMs: number;
  /** Why a target failed or measured nothing. */
  reason: string | null;
}

/** The line written for a target whose scan threw: report-shaped, with the error instead of scores. */
export interface FailedLine {
  schemaVersion: 1;
  target: { input: string };
  score: null;
  grade: null;
  durationMs: number;
  error: string;
}

export function outcomeFromReport(input: string, report: Report): BatchOutcome {
  const measured = report.score !== null;
  return {
    input,
    status: measured ? 'done' : 'unmeasured',
    score: report.score,
    grade: report.grade ? gradeText(report.grade, report.gradePartial) : null,
    categories: Object.fromEntries(report.categories.map((c) => [c.id, c.score])),
    findingIds: report.findings.map((f) => f.id),
    durationMs: report.durationMs,
    reason: measured ? null : report.unavailable.map((u) => `${u.probe}: ${u.reason}`).join('; ') || 'nothing could be measured',
  };
}

export function outcomeFromError(input: string, message: string, durationMs: number): BatchOutcome {
  return { input, status: 'failed', score: null, grade: null, categories: {}, findingIds: [], durationMs, reason: message };
}

export function failedLine(outcome: BatchOutcome): FailedLine {
  return { schemaVersion: 1, target: { input: outcome.input }, score: null, grade: null, durationMs: outcome.durationMs, error: outcome.reason ?? 'failed' };
}

/** A JSON-lines record read back for `--resume`: a report or a failed line. Undefined: not ours. */
export function outcomeFromJson(value: unknown): BatchOutcome | undefined {
  const v = value as Partial<Report & FailedLine> | null;
  const input = v?.target?.input;
  if (typeof input !== 'string') return undefined;
  if (typeof v!.error === 'string') return outcomeFromError(input, v!.error, Number(v!.durationMs) || 0);
  if (!Array.isArray(v!.categories) || !Array.isArray(v!.findings)) return undefined;
  return outcomeFromReport(input, v as Report);
}
