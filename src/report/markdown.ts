/**
 * The Markdown export, written for GitHub's renderer (issues, pull requests, wikis): the score and
 * measured share, Fix these first, tables for the categories and findings, then one section per finding
 * (anchored by its id, anchors.ts) with its evidence in a code block and the fix steps.
 * Target-controlled text is inert: in prose and tables the active Markdown marks are
 * backslash-escaped and <, >, & become entities; evidence sits in a fence longer than any backtick
 * run it contains, so it cannot close the block.
 */
import { redirectChainGroups } from './redirect-chain.js';
import type { Report } from '../model/report.js';
import { targetLabel } from '../model/evidence.js';
import { findingContent } from '../content/load.js';
import { contentForFinding } from '../content/cause.js';
import { escapeTerminal } from './escape.js';
import { categoryRows, rowPoints } from './rows.js';
import { explainScore } from './arithmetic.js';
import { findingAnchors } from './anchors.js';
import { fixFirst } from './fix-first.js';
import { nothingMeasured } from './nothing-measured.js';
import { capClassTitle } from '../scoring/caps.js';
import { gradeNote, gradeText, measuredText } from '../scoring/grade.js';

export function renderMarkdown(report: Report): string {
  const content = findingContent();
  const t = report.target;
  const out: string[] = [];
  out.push(`# Scorifya report for ${mdText(targetLabel(t))}`, '');
  const arithmetic = explainScore(report);
  const nothing = nothingMeasured(report, arithmetic);
  const anchors = findingAnchors(report.findings);
  if (nothing) out.push(`**${mdText(nothing.statement)}** Scanned ${mdText(report.startedAt)}.`, '', ...nothing.reasons.map((r) => `- ${mdText(r)}`), ...(nothing.reasons.length ? [''] : []));
  else {
    out.push(
      `**Score ${report.score}/100 · Grade ${mdText(gradeText(report.grade, report.gradePartial))}** · scanned ${mdText(report.startedAt)} in ${(report.durationMs / 1000).toFixed(1)} s`,
      '',
      `${mdText(measuredText(arithmetic.measured))} · ${mdText(arithmetic.summary)}`,
      '',
    );
  }
  const note = gradeNote(report, arithmetic.measured);
  if (note) out.push(`> ${mdText(note)}`, '');
  for (const cap of report.caps) out.push(`> \`${cap.id}\` caps the score at ${cap.cap}${cap.class ? ` (${mdText(capClassTitle(cap.class))})` : ''}.`, '');

  const first = fixFirst(report.findings, { anchors });
  if (first.length) {
    // Content files are our own Markdown, so a fix step is quoted as written.
    out.push('## Fix these first', '', ...first.map(({ finding: f, anchor, fix }, n) => `${n + 1}. [${idCode(f.id)}](#${anchor}) ${mdText(f.title)} (−${f.pointsLost} points)${fix ? `: ${fix}` : ''}`), '');
  }

  if (!nothing) {
    out.push('## Categories', '', '| Category | Points |', '|---|--:|');
    for (const r of categoryRows(report)) out.push(`| ${mdText(r.name)} | ${mdText(rowPoints(r))} |`);
    out.push('');
  }

  if (!nothing || report.findings.length) out.push(`## Findings (${report.findings.length})`, '');
  if (report.findings.length === 0) {
    if (!nothing) out.push('Nothing to fix in what was measured.', '');
  } else {
    out.push('| # | Severity | Points | Finding | Location |', '|--:|---|--:|---|---|');
    report.findings.forEach((f, i) =>
      out.push(`| ${i + 1} | ${f.severity} | ${f.pointsLost ? `−${f.pointsLost}` : '0'} | [${idCode(f.id, true)}](#${anchors[i]}) ${mdText(f.title)} | ${mdText(f.location)} |`),
    );
    out.push('');
    report.findings.forEach((f, i) => {
      const words = contentForFinding(content, f);
      // An explicit anchor: a heading's own slug changes with its title and number. GitHub prefixes the
      // id with "user-content-" and still scrolls to "#<anchor>".
      out.push(`<a id="${anchors[i]}"></a>`, '', `### ${i + 1}. ${idCode(f.id)}: ${mdText(f.title)}`, '');
      out.push(`${f.severity} · ${f.pointsLost ? `−${f.pointsLost} points` : 'no points lost'} · ${mdText(f.location)}`, '');
      if (f.evidence) out.push(...codeBlock(f.evidence), '');
      if (words) {
        // Content files are our own Markdown, so they are quoted as written.
        if (words.cause) out.push(`**Cause found** (\`${words.cause.id}\`): ${words.cause.summary}`, '');
        out.push(`**Fix** (${words.title})`, '', ...words.steps.map((s, n) => `${n + 1}. ${s}`), '');
      }
    });
  }
  const chains = redirectChainGroups(report);
  if (chains.length) {
    out.push('## The redirect chain', '');
    for (const g of chains) out.push(`**${mdText(g.title)}**`, '', ...g.lines.map((l) => `- ${mdText(l.replace(/^\d+\. /, ''))}`), '');
  }
  if (report.unavailable.length && !nothing) {
    out.push('## Not measured', '');
    for (const u of report.unavailable) out.push(`- **${mdText(u.probe)}**: ${mdText(u.reason)}`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * A finding id as inline code: ours, but a report can come from a file, so it is fenced so that no
 * backtick in it ends the span, and in a table a pipe is escaped (GFM splits cells even in code).
 */
function idCode(id: string, inTable = false): string {
  const code = codeSpan(escapeTerminal(id).replace(/\r?\n|\r/g, ' '));
  return inTable ? code.replace(/\|/g, '\\|') : code;
}

/** Inline code around any text: the fence is longer than the longest backtick run inside. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return /^`|`$/.test(text) ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/**
 * Target text for prose and table cells: one line, no active Markdown or HTML, no control characters.
 * Only what is active mid-line is escaped, so the raw file stays readable: emphasis, code, links,
 * table pipes, strikethrough, math, and the autolinks GitHub makes of URLs, www. names and e-mail.
 */
export function mdText(text: string): string {
  return escapeTerminal(text)
    .replace(/[\\`*_[\]|~$#!@]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/:\/\//g, '\\://')
    .replace(/(www)\./gi, '$1\\.')
    .replace(/\r?\n|\r/g, ' ');
}

/** A fenced block the content cannot break out of: the fence is longer than its longest backtick run. */
export function codeBlock(text: string): string[] {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}text`, escapeTerminal(text), fence];
}
