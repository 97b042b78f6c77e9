/** The terminal face of `scorifya diff`: score change, category points, then new, fixed and unchanged findings. */
import pc from 'picocolors';
import type { Finding } from '../model/finding.js';
import { signed, type ReportDiff } from './diff.js';
import { escapeTerminal as esc } from './escape.js';
import { gradeText, measuredText } from '../scoring/grade.js';

export function renderDiffTerminal(diff: ReportDiff, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  const score = (s: ReportDiff['before']) => (s.score === null ? `not measured (${measuredText(s.measured)})` : `${s.score}/100 (${gradeText(s.grade, s.gradePartial)}, ${measuredText(s.measured)})`);
  out.push(c.bold(`Scorifya diff for ${esc(diff.after.url)}`));
  if (diff.before.url !== diff.after.url) out.push(c.yellow(`  note: the older report is of ${esc(diff.before.url)}`));
  out.push(`  ${esc(diff.before.startedAt)}  ${score(diff.before)}`, `  ${esc(diff.after.startedAt)}  ${score(diff.after)}`);
  const change = signed(diff.scoreChange);
  const tint = diff.scoreChange === null || diff.scoreChange === 0 ? c.dim : diff.scoreChange > 0 ? c.green : c.red;
  out.push(`  ${c.bold('Score change')} ${tint(change)}`);
  if (diff.scoreNote) out.push(`  ${c.dim(esc(diff.scoreNote))}`);
  out.push('');

  for (const cat of diff.categories) {
    const points = (p: number | null) => (p === null ? 'not measured' : `${p}/${cat.weight}`);
    out.push(`  ${cat.name.padEnd(20)} ${points(cat.before).padStart(12)} → ${points(cat.after).padEnd(12)} ${cat.change ? signed(cat.change) : ''}`.trimEnd());
  }

  const list = (title: string, items: Finding[], mark: string, color: (s: string) => string) => {
    out.push('', c.bold(`${title} (${items.length})`));
    for (const f of items) out.push(`  ${color(mark)} ${f.severity.padEnd(8)} ${String(f.pointsLost ? `−${f.pointsLost}` : 0).padStart(4)}  ${f.id}  ${esc(f.title)}`);
  };
  list('New', diff.added, '+', c.red);
  list('Fixed', diff.fixed, '-', c.green);
  list(
    'Unchanged',
    diff.unchanged.map((u) => u.after),
    '=',
    c.dim,
  );
  out.push('');
  return out.join('\n');
}
