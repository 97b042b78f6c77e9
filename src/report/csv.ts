/**
 * The CSV export: one row per finding (RFC 4180: comma-separated, CRLF line ends, quotes doubled).
 * Spreadsheets run cells that begin with = + - @ (or a tab / carriage return) as formulas, so
 * target-controlled cells that start that way get a leading apostrophe.
 *
 * The summary a reader needs rides on the rows, never in a preamble (a comment line above the header
 * breaks spreadsheets, pandas and `csvkit` alike): the score and measured share on every row, the
 * Fix-these-first rank (fix-first.ts) in `fix_first`, each finding's first fix step in `fix`. A report
 * with no finding is one row with the finding columns empty, so the file still states its score and
 * share. New columns go at the end, so readers that pick columns by position keep working.
 */
import type { Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { explainScore } from './arithmetic.js';
import { fixFirst } from './fix-first.js';
import { findingContent } from '../content/load.js';
import { contentForFinding } from '../content/cause.js';
import { gradeText } from '../scoring/grade.js';

/** `measured_points` of `measured_of`: the measured share, on every row like the score. */
export const CSV_COLUMNS = ['target', 'scanned_at', 'score', 'grade', 'measured_points', 'measured_of', 'id', 'category', 'severity', 'points_lost', 'title', 'location', 'evidence', 'fix_first', 'fix'] as const;

export function renderCsv(report: Report): string {
  const lines = [CSV_COLUMNS.join(',')];
  const measured = explainScore(report).measured;
  const grade = report.grade ? gradeText(report.grade, report.gradePartial) : '';
  const content = findingContent();
  const rank = new Map(fixFirst(report.findings).map((f, i) => [f.index, i + 1]));
  const scan = [report.target.url, report.startedAt, report.score ?? '', grade, measured.points, measured.of];
  const row = (f: Finding, i: number) => [f.id, f.category, f.severity, f.pointsLost, f.title, f.location, f.evidence, rank.get(i) ?? '', contentForFinding(content, f)?.steps[0] ?? ''];
  const rows = report.findings.length ? report.findings.map(row) : [CSV_COLUMNS.slice(scan.length).map(() => '')];
  for (const cells of rows) lines.push([...scan, ...cells].map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
