/** The human report for a terminal: score, categories, then findings by points lost, top fixes first. */
import pc from 'picocolors';
import type { Report } from '../model/report.js';
import type { Finding, Severity } from '../model/finding.js';
import { findingContent } from '../content/load.js';
import { escapeTerminal } from './escape.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface TerminalOptions {
  color: boolean;
  /** Show every finding's evidence (default: first lines only). */
  verbose?: boolean;
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFO' };

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  const t = report.target;
  out.push(c.bold(`Scorifya report for ${escapeTerminal(t.url)}`) + c.dim(`  (${t.pinned ?? '?'}, ${report.durationMs} ms)`));
  out.push('');
  if (report.score === null) {
    out.push(c.yellow('No score: nothing could be measured.'));
  } else {
    out.push(`${c.bold('Score')} ${gradeColor(c, report.grade!)(c.bold(`${report.score}/100`))}  ${c.bold('Grade')} ${gradeColor(c, report.grade!)(c.bold(report.grade!))}`);
    for (const cap of report.caps) out.push(c.red(`  capped at ${cap.cap} by ${cap.id}`));
  }
  out.push('');
  for (const cat of report.categories) {
    const name = cat.name.padEnd(20);
    if (cat.status === 'not_measured') {
      out.push(`  ${name} ${c.dim('not measured')}  ${c.dim(escapeTerminal(cat.reason ?? ''))}`);
    } else {
      out.push(`  ${name} ${bar(c, cat.score!)} ${String(cat.score).padStart(3)}/100  ${c.dim(`−${cat.pointsLost} of ${cat.weight} pts`)}`);
    }
  }

  const content = findingContent();
  const costly = report.findings.filter((f) => f.pointsLost > 0).slice(0, 3);
  if (costly.length) {
    out.push('', c.bold('Top fixes'));
    costly.forEach((f, i) => {
      const step = content.get(f.id)?.steps[0];
      out.push(`  ${i + 1}. ${f.id} (−${f.pointsLost})${step ? `: ${step}` : ''}`);
    });
  }

  out.push('', c.bold(`Findings (${report.findings.length})`));
  for (const cat of report.categories) {
    const mine = report.findings.filter((f) => f.category === cat.id);
    if (!mine.length) continue;
    out.push('', c.underline(cat.name));
    for (const f of mine) out.push(...renderFinding(c, f, options.verbose ?? false));
  }
  if (report.unavailable.length) {
    out.push('', c.bold('Not measured'));
    for (const u of report.unavailable) out.push(`  ${u.probe}: ${escapeTerminal(u.reason)}`);
  }
  if (report.notes?.length) {
    out.push('', c.bold('Limits of this scan'));
    for (const n of report.notes) out.push(`  ${n.probe}: ${escapeTerminal(n.note)}`);
  }
  out.push('');
  return out.join('\n');
}

function renderFinding(c: Colors, f: Finding, verbose: boolean): string[] {
  const sev = severityColor(c, f.severity)(SEVERITY_LABEL[f.severity].padEnd(8));
  const pts = f.pointsLost > 0 ? c.bold(`−${f.pointsLost}`.padStart(4)) : c.dim('   0');
  const lines = [`  ${sev} ${pts}  ${c.bold(f.id)}  ${escapeTerminal(f.title)}`];
  const evidence = escapeTerminal(f.evidence).split('\n');
  const shown = verbose ? evidence : evidence.slice(0, 3);
  for (const line of shown) lines.push(c.dim(`                 ${line.length > 200 ? line.slice(0, 200) + '…' : line}`));
  if (!verbose && evidence.length > shown.length) lines.push(c.dim(`                 … ${evidence.length - shown.length} more lines (--verbose)`));
  return lines;
}

function bar(c: Colors, score: number): string {
  const filled = Math.round(score / 10);
  const color = score >= 80 ? c.green : score >= 60 ? c.yellow : c.red;
  return color('█'.repeat(filled)) + c.dim('░'.repeat(10 - filled));
}

function gradeColor(c: Colors, grade: string): (s: string) => string {
  return grade.startsWith('A') ? c.green : grade === 'B' || grade === 'C' ? c.yellow : c.red;
}

function severityColor(c: Colors, s: Severity): (t: string) => string {
  return { critical: c.red, high: c.red, medium: c.yellow, low: c.cyan, info: c.dim }[s];
}
