/** The web faces of report/not-measured.ts: each probe's failure said once, category rows pointing to it. */
import type { Report } from '../../model/report.js';
import { categoryCause, couldNotRun, notMeasuredList } from '../../report/not-measured.js';
import { html, type SafeHtml } from './template.js';
import { webWords } from './web-words.js';

type Unavailable = Report['unavailable'][number];

/** A not-measured category's reason: the probes it lacks, linked to the "Not measured" list, and any words of its own. */
export function categoryReason(reason: string, unavailable: readonly Unavailable[]): SafeHtml {
  const { probes, rest } = categoryCause(reason, unavailable);
  if (probes.length === 0) return html`${webWords(reason)}`;
  const link = html`<a href="#unavail-h">${couldNotRun(probes)}</a>`;
  return rest ? html`${link}; ${webWords(rest)}` : link;
}

/** The "Not measured" section: every probe that could not run and every part a category could not judge, each once. */
export function notMeasuredSection(report: Pick<Report, 'unavailable'>): SafeHtml | '' {
  if (!report.unavailable.length) return '';
  return html`<section aria-labelledby="unavail-h"><h2 id="unavail-h">Not measured</h2><ul>${notMeasuredList(report.unavailable).map((u) => html`<li><strong>${u.probe}</strong>: ${webWords(u.reason)}</li>`)}</ul></section>`;
}
