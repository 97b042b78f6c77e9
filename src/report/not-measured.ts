/**
 * What was not measured, said once. A probe that could not run takes several categories down with it,
 * and the probes that start from its evidence repeat its reason in theirs: on a target that refuses
 * every connection, the same "refused" reached a result four times. The renderers list each probe's
 * reason once ("Not measured"); a category row names the probes it lacks instead of repeating them, and
 * a reason that quotes another listed probe's reason says "see <probe>" instead.
 */
import type { Report } from '../model/report.js';

type Unavailable = Report['unavailable'][number];

/** The "Not measured" list: probe failures with quoted reasons shortened, then the parts a category could not judge. */
export function notMeasuredList(unavailable: readonly Unavailable[]): Unavailable[] {
  const failures = unavailable.filter((u) => !u.check);
  const shortened = failures.map((u) => {
    let reason = u.reason;
    for (const other of failures) {
      if (other !== u && other.reason.length > 0 && reason !== other.reason && reason.includes(other.reason)) reason = reason.split(other.reason).join(`see ${other.probe}`);
    }
    return { ...u, reason };
  });
  return [...shortened, ...unavailable.filter((u) => u.check)];
}

/**
 * A not-measured category's reason split into the probes the list already explains (`probes`) and any
 * words of its own that remain (`rest`, e.g. a check that could not judge).
 */
export function categoryCause(reason: string, unavailable: readonly Unavailable[]): { probes: string[]; rest: string } {
  let rest = reason;
  const probes: string[] = [];
  for (const u of unavailable.filter((x) => !x.check)) {
    const part = `${u.probe}: ${u.reason}`;
    if (rest.includes(part)) {
      rest = rest.split(part).join('');
      if (!probes.includes(u.probe)) probes.push(u.probe);
    }
  }
  rest = rest.replace(/^[\s;]+|[\s;]+$/g, '').replace(/(;\s*){2,}/g, '; ');
  return { probes, rest: probes.length ? rest : reason };
}

/** "http, tls could not run", the words a category row uses for the probes it lacks. */
export const couldNotRun = (probes: readonly string[]) => `${probes.join(', ')} could not run`;
