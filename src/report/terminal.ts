/** The human report for a terminal: score and measured share, categories, Fix these first, then findings by points lost. */
import { redirectChainGroups } from './redirect-chain.js';
import { addressText } from './address.js';
import { categoryCause, couldNotRun, notMeasuredList } from './not-measured.js';
import pc from 'picocolors';
import type { Report } from '../model/report.js';
import { targetLabel } from '../model/evidence.js';
import type { Finding, Severity } from '../model/finding.js';
import { fixFirst } from './fix-first.js';
import { nothingMeasured } from './nothing-measured.js';
import { escapeTerminal } from './escape.js';
import { categoryLine, categoryNote, explainScore } from './arithmetic.js';
import { gradeNote, gradeText, measuredText } from '../scoring/grade.js';
import type { CategoryId } from '../model/finding.js';
import { categoryDef } from '../scoring/categories.js';
import { vulnerabilityLines, vulnerabilitySummary } from './vulnerability-table.js';
import { mailTransportLines, webDaneLine } from './mail-transport.js';

/** A category row's reason: the probes it lacks (each explained once under "Not measured"), then its own words. */
function notMeasuredWords(reason: string, unavailable: Report['unavailable']): string {
  const { probes, rest } = categoryCause(reason, unavailable);
  if (!probes.length) return reason;
  return `${couldNotRun(probes)} (see Not measured)${rest ? `; ${rest}` : ''}`;
}

type Colors = ReturnType<typeof pc.createColors>;

export interface TerminalOptions {
  color: boolean;
  /** Show every finding's evidence (default: first lines only). */
  verbose?: boolean;
  /**
   * A focused tool: show only these categories' rows and findings, no total score and no caps. A
   * narrow tool (engine/focused-tools.ts) has no rows: its verdict is its findings, counted.
   */
  focus?: { title: string; categories: readonly CategoryId[]; narrow?: { measured: boolean } };
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFO' };

export function renderTerminal(input: Report, options: TerminalOptions): string {
  const c = pc.createColors(options.color);
  let report = input;
  const out: string[] = [];
  const t = report.target;
  const focus = options.focus;
  const arithmetic = explainScore(report, focus ? { categories: focus.categories } : {});
  out.push(c.bold(`${focus ? escapeTerminal(focus.title) : 'Scorifya report'} for ${escapeTerminal(targetLabel(t))}`) + c.dim(`  (${t.pinned ? `address ${addressText(t.pinned)}` : 'no address resolved'}, ${formatDuration(report.durationMs)})`));
  out.push('');
  // Nothing measured in a full report: one statement and its reasons, instead of the same reason on every row.
  const nothing = focus ? null : nothingMeasured(report, arithmetic);
  if (focus?.narrow) {
    const problems = report.findings.filter((f) => f.severity !== 'info').length;
    const notes = report.findings.length - problems;
    out.push(focus.narrow.measured ? c.bold(`${problems} ${problems === 1 ? 'problem' : 'problems'}${notes ? ` + ${notes} ${notes === 1 ? 'note' : 'notes'}` : ''}`) : c.yellow('Not measured: the check could not run.'));
  } else if (nothing) {
    out.push(c.yellow(nothing.statement), ...nothing.reasons.map((r) => `  ${escapeTerminal(r)}`));
  } else if (arithmetic.score === null) {
    out.push(c.yellow('Not measured: the check could not run.'));
  } else if (!focus) {
    const color = gradeColor(c, report.grade!, report.gradePartial);
    out.push(`${c.bold('Score')} ${color(c.bold(`${report.score}/100`))}  ${c.bold('Grade')} ${color(c.bold(gradeText(report.grade, report.gradePartial)))}  ${c.dim(measuredText(arithmetic.measured))}`);
    out.push(`  ${arithmetic.cap ? c.red(arithmetic.summary) : c.dim(arithmetic.summary)}`);
    const note = gradeNote(report, arithmetic.measured);
    if (note) out.push(`  ${c.yellow(note)}`);
  }
  if (focus && arithmetic.measured.of > 0) out.push(c.dim(measuredText(arithmetic.measured)));
  if (focus) report = { ...report, findings: report.findings.filter((f) => focus.categories.includes(f.category)) };

  // Right under the score: the findings that cost the most, each with the first step of its fix.
  const first = fixFirst(report.findings);
  if (first.length) {
    out.push('', c.bold('Fix these first'));
    first.forEach(({ finding: f, fix }, i) => out.push(`  ${i + 1}. ${f.id} (−${f.pointsLost})${fix ? `: ${fix}` : ''}`));
  }

  if (out.at(-1) !== '') out.push('');
  if (!nothing) {
    for (const cat of arithmetic.categories) {
      const name = cat.name.padEnd(20);
      const note = categoryNote(cat);
      if (!cat.measured) out.push(`  ${name} ${c.dim('not measured')}  ${c.dim(escapeTerminal(notMeasuredWords(cat.reason ?? '', report.unavailable)))}`);
      else out.push(`  ${name} ${bar(c, cat.earned! / cat.weight)} ${categoryLine(cat).padStart(7)}${note ? c.dim(`  (${note})`) : ''}`);
    }
  }

  if (!nothing || report.findings.length) out.push('', c.bold(`Findings (${report.findings.length})`));
  // A narrow tool's report has no category rows; its findings are still grouped by category.
  const groups = arithmetic.categories.length ? arithmetic.categories : (focus?.categories ?? []).map(categoryDef);
  for (const cat of groups) {
    const mine = report.findings.filter((f) => f.category === cat.id);
    if (!mine.length) continue;
    out.push('', c.underline(cat.name));
    for (const f of mine) out.push(...renderFinding(c, f, options.verbose ?? false));
  }
  const named = report.tlsVulnerabilities;
  if (named?.length && (!focus || focus.categories.includes('tls'))) {
    out.push('', c.bold('TLS named vulnerabilities'), `  ${vulnerabilitySummary(named)}`);
    if (options.verbose) out.push(...vulnerabilityLines(named));
    else out.push(c.dim('  (the table: --verbose)'));
  }
  const mx = report.mailTransport;
  if (mx?.length && (!focus || focus.categories.includes('dns'))) out.push('', c.bold('Mail transport (each MX on port 25)'), ...mailTransportLines(mx));
  if (report.webDane && (!focus || focus.categories.includes('dns'))) out.push('', c.bold('DANE for the web host'), `  ${escapeTerminal(webDaneLine(report.webDane))}`);
  if (report.unavailable.length && !nothing) {
    out.push('', c.bold('Not measured'));
    for (const u of notMeasuredList(report.unavailable)) out.push(`  ${u.probe}: ${escapeTerminal(u.reason)}`);
  }
  for (const g of redirectChainGroups(report)) {
    out.push('', c.bold(`Redirect chain ${escapeTerminal(g.title)}`));
    for (const l of g.lines) out.push(`  ${escapeTerminal(l)}`);
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
  const hidden = evidence.length - shown.length;
  if (!verbose && hidden > 0) lines.push(c.dim(`                 … ${hidden} more ${hidden === 1 ? 'line' : 'lines'} (--verbose)`));
  return lines;
}

/** Whole seconds above 10 s, one decimal below, milliseconds under one second: never "0.0 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** A ten-cell bar of the fraction of its weight a category earned. */
function bar(c: Colors, fraction: number): string {
  const filled = Math.round(fraction * 10);
  const color = fraction >= 0.8 ? c.green : fraction >= 0.6 ? c.yellow : c.red;
  return color('█'.repeat(filled)) + c.dim('░'.repeat(10 - filled));
}

/** A partial grade is not a verdict yet: it is shown in the colour of "look again", not green. */
function gradeColor(c: Colors, grade: string, partial?: boolean): (s: string) => string {
  if (partial) return c.yellow;
  return grade.startsWith('A') ? c.green : grade === 'B' || grade === 'C' ? c.yellow : c.red;
}

function severityColor(c: Colors, s: Severity): (t: string) => string {
  return { critical: c.red, high: c.red, medium: c.yellow, low: c.cyan, info: c.dim }[s];
}
