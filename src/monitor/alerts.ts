/**
 * Decides whether a watched site regressed between two finished scans: the score went down, or a
 * finding appeared that the previous scan did not have (paired as `scorifya diff` pairs them). Pure; the payload is what webhooks receive
 * and what e-mails are written from.
 */
import type { Report } from '../model/report.js';
import type { Severity } from '../model/finding.js';
import { diffReports } from '../report/diff.js';
import { gradeText } from '../scoring/grade.js';

export interface ScanRef {
  scanId: string;
  url: string;
  score: number | null;
  grade: string | null;
  /** The grade is partial: too little was measured for its A to stand ("A (partial)"). */
  gradePartial: boolean;
}

export interface AlertPayload {
  event: 'scorifya.regression';
  watch: { id: string; host: string; url: string };
  previous: ScanRef;
  current: ScanRef;
  /** current − previous; null when either was not scored. */
  scoreDelta: number | null;
  newFindings: { id: string; severity: Severity; title: string; location: string }[];
  unsubscribeUrl: string;
  sentAt: string;
}

export interface Regression {
  scoreDelta: number | null;
  newFindings: AlertPayload['newFindings'];
}

/** Undefined when nothing got worse. Informational findings (0 points, severity info) never alert. */
export function detectRegression(previous: Report, current: Report): Regression | undefined {
  const cmp = diffReports(previous, current);
  const newFindings = cmp.added.filter((f) => f.severity !== 'info').map((f) => ({ id: f.id, severity: f.severity, title: f.title, location: f.location }));
  const dropped = cmp.scoreChange !== null && cmp.scoreChange < 0;
  if (!dropped && newFindings.length === 0) return undefined;
  return { scoreDelta: cmp.scoreChange, newFindings };
}

/** Plain-text e-mail from the payload. Target-controlled text is kept on its own lines, never as markup. */
export function alertEmail(p: AlertPayload): { subject: string; text: string } {
  const delta = p.scoreDelta === null ? '' : p.scoreDelta < 0 ? ` (score ${p.previous.score} -> ${p.current.score})` : '';
  const subject = `Scorifya: ${p.watch.host} got worse${delta}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const lines = [
    `The latest scan of ${p.watch.url} found a regression.`,
    '',
    `Score: ${p.previous.score ?? 'n/a'} (${gradeText(p.previous.grade, p.previous.gradePartial)}) -> ${p.current.score ?? 'n/a'} (${gradeText(p.current.grade, p.current.gradePartial)})`,
    ...(p.newFindings.length ? ['', 'New findings:', ...p.newFindings.map((f) => `- ${f.id} [${f.severity}]: ${f.title.replace(/[\r\n]+/g, ' ')}`)] : []),
    '',
    `Report: ${p.current.url}`,
    `Stop these alerts: ${p.unsubscribeUrl}`,
  ];
  return { subject, text: lines.join('\n') };
}
