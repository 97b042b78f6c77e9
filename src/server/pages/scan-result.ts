import type { ScanRecord } from '../../store/scan-store.js';
import type { Report } from '../../model/report.js';
import { findingContent } from '../../content/load.js';
import { contentForHost } from '../../content/host-snippets.js';
import { contentForFinding } from '../../content/cause.js';
import { SCORING_TABLE } from '../../scoring/table.js';
import { categoryDef } from '../../scoring/categories.js';
import { explainScore } from '../../report/arithmetic.js';
import { gradeNote, gradeText, measuredText } from '../../scoring/grade.js';
import { formatDuration } from '../../report/terminal.js';
import { addressText } from '../../report/address.js';
import { describeChoices } from '../../report/choices.js';
import { page, type PageContext } from '../html/layout.js';
import { html, seg } from '../html/template.js';
import { findingCard, scoreRing, when } from '../html/components.js';
import { arithmeticLine, findingsTable, scoreBreakdown, toolVerdict } from '../html/score-breakdown.js';
import { webWords } from '../html/web-words.js';
import { focusedTool, isNarrow, toolMeasured, toolScope } from '../../engine/focused-tools.js';
import { exportLinks } from './export-links.js';
import { findingAnchors } from '../../report/anchors.js';
import { fixFirst } from '../../report/fix-first.js';
import { fixFirstBlock } from '../html/fix-first.js';
import type { Finding } from '../../model/finding.js';
import { notMeasuredSection } from '../html/not-measured.js';
import { transportChecksSection } from '../html/transport-checks.js';

export interface ResultPageOptions {
  /** The visitor asked for a scan and got this recent one back (the cooldown): say so, offer a re-scan. */
  reusedNow?: number;
  /** An earlier finished full scan of the host exists: offer "compare with the previous scan" (a first scan has nothing to compare with). */
  hasPrevious?: boolean;
}

/** "2 minutes ago", for the re-scan notice. */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return s <= 1 ? 'just now' : `${s} seconds ago`;
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? '1 minute ago' : `${m} minutes ago`;
  const h = Math.round(m / 60);
  return h === 1 ? '1 hour ago' : `${h} hours ago`;
}

/**
 * The finished scan. Top to bottom: the score and its arithmetic (or a focused tool's own verdict),
 * Fix these first (the costliest findings, linking to their cards), the category rows that add up to it, a findings table with jump links, then each finding with its
 * proof and a collapsible fix filled in for the scanned host.
 */
export function resultPage(ctx: PageContext, scan: ScanRecord & { report: Report }, origin: string, options: ResultPageOptions = {}): string {
  const report = scan.report;
  const content = findingContent();
  const checkIds = new Set(Object.keys(SCORING_TABLE));
  const tool = scan.tool ? focusedTool(scan.tool) : undefined;
  // A focused tool shows only what it ran: its categories' rows (none for a tool narrower than a
  // category, such as CORS or DNS vs email), its findings, no total and no caps.
  const arithmetic = explainScore(report, tool ? toolScope(tool) : {});
  const findings = tool
    ? report.findings.filter((f) => tool.categories.includes(f.category) && (!tool.findingPattern || tool.findingPattern.test(f.id)))
    : report.findings;
  // Each card is anchored by its finding id (`#missing_hsts`), and so are the links to it; `main` is the layout's.
  const anchors = findingAnchors(findings, ['main']);
  const fixFor = (f: Finding) => maybeForHost(contentForFinding(content, f), scan.host)?.steps[0];
  const first = fixFirst(findings, { anchors, fixFor });
  const shareUrl = `${origin}/scans/${scan.id}`;
  const badgePath = `/badge/${seg(scan.host)}.svg`;
  const action = tool ? `/tools/${seg(tool.id)}` : '/scans';
  const scanned = scan.finishedAt ?? scan.createdAt;
  // What shaped this verdict (DNS servers, trust anchors, pins, CAs, probes), so it can be reproduced; the heading names the tool.
  const choices = describeChoices(report.options && { ...report.options, tool: undefined });
  // A signed-in scan names its headers on a line of its own: a reader must not take it for the public view.
  const signedIn = scan.siteHeaders?.length ? scan.siteHeaders : report.options?.headers;

  return page(ctx, {
    title: `${scan.host}: ${tool ? tool.title : report.grade ? gradeText(report.grade, report.gradePartial) : 'not measured'}`,
    description: `Security scorecard for ${scan.host}: score ${report.score ?? 'n/a'}, grade ${report.grade ? gradeText(report.grade, report.gradePartial) : 'n/a'}, ${measuredText(arithmetic.measured)}.`,
    body: html`${options.reusedNow !== undefined
  ? html`<div class="notice reused" role="status" data-reused><form method="post" action="${action}" class="inline-form">
<span>This address was scanned <strong>${ago(scanned, options.reusedNow)}</strong>; you are looking at that result.</span>
<input type="hidden" name="url" value="${scan.url}"><input type="hidden" name="force" value="yes"><input type="hidden" name="allowed" value="yes">
<button type="submit" class="small">Re-scan now</button></form></div>`
  : ''}
<section class="card summary${tool ? ' tool-summary' : ''}" aria-labelledby="result-h">
${tool ? toolVerdict(arithmetic, findings, isNarrow(tool), toolMeasured(report, tool)) : scoreRing(report.score, report.grade, report.gradePartial)}
<div class="summary-text">
<h1 id="result-h">${tool ? html`${tool.title}: ` : ''}<span class="target">${report.target.url}</span></h1>
${tool ? '' : arithmeticLine(arithmetic, gradeNote(report, arithmetic.measured))}
<p class="muted">Scanned ${when(scanned)} in ${formatDuration(report.durationMs)}${report.target.pinned ? html` · address ${addressText(report.target.pinned)}` : ''}.</p>
${choices.length ? html`<p class="muted small" data-options>Scanned with: ${choices.join(' · ')}.</p>` : ''}
${signedIn?.length ? html`<p class="notice small" data-site-headers>Scanned with headers: ${signedIn.join(', ')} (values not stored). This is what a signed-in visitor is served; the result is listed nowhere and never reused.</p>` : ''}
${tool ? html`<p class="notice small">A focused check: only ${tool.findingPattern ? tool.title.replace(/ checker$/, '') : tool.categories.map((c) => categoryDef(c).name).join(', ')} was measured, so there is no overall score. <a href="/">Run the full scan</a> for one.</p>` : ''}
<div class="actions">
<form method="post" action="${action}">
<input type="hidden" name="url" value="${scan.url}"><input type="hidden" name="force" value="yes">
<label class="check small"><input type="checkbox" name="allowed" value="yes" required> I am allowed to test this site</label>
<button type="submit" class="secondary">Re-scan</button>
</form>
<a class="button secondary" href="/scans/${seg(scan.id)}/report.json" download>Download JSON</a>
${tool ? '' : html`<a class="button secondary" href="/hosts/${seg(scan.host)}">History &amp; compare</a>`}
</div>
${exportLinks(scan.id, !tool && options.hasPrevious === true)}
<div class="share"><label for="share-url" class="small">Share link</label><input type="text" id="share-url" readonly value="${shareUrl}"><button type="button" class="copy secondary small" data-copy="share-url" hidden>Copy link</button></div>
</div>
</section>

${fixFirstBlock(first, { checkIds })}

${!tool || !tool.findingPattern
  ? html`<section aria-labelledby="cat-h">
<h2 id="cat-h">${tool ? 'Points' : 'How the score adds up'}</h2>
<div class="card">${scoreBreakdown(arithmetic, !tool, report.unavailable)}</div>
</section>`
  : ''}

<section aria-labelledby="findings-h">
<h2 id="findings-h">Findings <span class="muted small">(${findings.length}, by points lost)</span></h2>
${findings.length === 0
  ? html`<p class="notice">Nothing to fix in what was measured. Well done.</p>`
  : html`${findingsTable(findings, anchors)}
<p class="expand-row"><button type="button" class="secondary small" data-expand-all hidden aria-expanded="false">Expand all fixes</button></p>
<div class="findings">${findings.map((f, i) => findingCard(f, i, anchors[i]!, maybeForHost(contentForFinding(content, f), scan.host), checkIds))}</div>`}
</section>

${transportChecksSection(report)}

${notMeasuredSection(report)}

${report.notes?.length
  ? html`<section aria-labelledby="limits-h"><h2 id="limits-h">Limits of this scan</h2><ul>${report.notes.map((n) => html`<li><strong>${n.probe}</strong>: ${webWords(n.note)}</li>`)}</ul></section>`
  : ''}

${tool
  ? ''
  : html`<section aria-labelledby="badge-h">
<h2 id="badge-h">Badge</h2>
<div class="badge-preview"><img src="${badgePath}" alt="Scorifya grade for ${scan.host}" height="20">
<div class="snippet"><pre class="code" tabindex="0"><code id="badge-md">[![Scorifya](${origin}${badgePath})](${origin}/hosts/${seg(scan.host)})</code></pre><button type="button" class="copy small" data-copy="badge-md" hidden>Copy</button></div></div>
</section>`}`,
  });
}

const maybeForHost = <T extends Parameters<typeof contentForHost>[0]>(c: T | undefined, host: string) => (c ? contentForHost(c, host) : undefined);
