/**
 * The CSV export: one row per finding (RFC 4180: comma-separated, CRLF line ends, quotes doubled).
 * Spreadsheets run cells that begin with = + - @ (or a tab / carriage return) as formulas, so
 * target-controlled cells that start that way get a leading apostrophe.
 */
import type { Report } from '../model/report.js';
import { explainScore } from './arithmetic.js';
import { gradeText } from '../scoring/grade.js';

/** `measured_points` of `measured_of`: the measured share, on every row like the score. */
export const CSV_COLUMNS = ['target', 'scanned_at', 'score', 'grade', 'measured_points', 'measured_of', 'id', 'category', 'severity', 'points_lost', 'title', 'location', 'evidence'] as const;

export function renderCsv(report: Report): string {
  const lines = [CSV_COLUMNS.join(',')];
  const measured = explainScore(report).measured;
  const grade = report.grade ? gradeText(report.grade, report.gradePartial) : '';
  for (const f of report.findings) {
    lines.push(
      [report.target.url, report.startedAt, report.score ?? '', grade, measured.points, measured.of, f.id, f.category, f.severity, f.pointsLost, f.title, f.location, f.evidence].map(csvCell).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
