/**
 * What was not measured, said once. A probe that could not run takes several categories down with it,
 * and the probes that start from its evidence repeat its reason in theirs: on a target that refuses
 * every connection, the same "refused" reached the page four times. Here each probe's reason appears
 * once, in the "Not measured" list; a category row names the probes it lacks and points there, and a
 * reason that quotes another listed probe's reason says "see <probe>" instead.
 */
import type { Report } from '../../model/report.js';
import { html, type SafeHtml } from './template.js';
import { webWords } from './web-words.js';

type Unavailable = Report['unavailable'][number];

/** Probe failures (not the checks of a measured category that could not judge), each reason once. */
function probeFailures(unavailable: readonly Unavailable[]): Unavailable[] {
  const failures = unavailable.filter((u) => !u.check);
  return failures.map((u) => {
    let reason = u.reason;
    for (const other of failures) {
      if (other !== u && other.reason.length > 0 && reason !== other.reason && reason.includes(other.reason)) reason = reason.split(other.reason).join(`see ${other.probe}`);
    }
    return { ...u, reason };
  });
}

/**
 * A not-measured category's reason without the probe reasons the list below already gives: the probes
 * named instead ("http, tls could not run"). Any words of its own (a check that could not judge) stay.
 */
export function categoryReason(reason: string, unavailable: readonly Unavailable[]): SafeHtml {
  let rest = reason;
  const named: string[] = [];
  for (const u of unavailable.filter((x) => !x.check)) {
    const part = `${u.probe}: ${u.reason}`;
    if (rest.includes(part)) {
      rest = rest.split(part).join('');
      if (!named.includes(u.probe)) named.push(u.probe);
    }
  }
  rest = rest.replace(/^[\s;]+|[\s;]+$/g, '').replace(/(;\s*){2,}/g, '; ');
  if (named.length === 0) return html`${webWords(reason)}`;
  const link = html`<a href="#unavail-h">${named.join(', ')} could not run</a>`;
  return rest ? html`${link}; ${webWords(rest)}` : link;
}

/** The "Not measured" section: every probe that could not run and every part a category could not judge, each once. */
export function notMeasuredSection(report: Pick<Report, 'unavailable'>): SafeHtml | '' {
  if (!report.unavailable.length) return '';
  const rows = [...probeFailures(report.unavailable), ...report.unavailable.filter((u) => u.check)];
  return html`<section aria-labelledby="unavail-h"><h2 id="unavail-h">Not measured</h2><ul>${rows.map((u) => html`<li><strong>${u.probe}</strong>: ${webWords(u.reason)}</li>`)}</ul></section>`;
}
