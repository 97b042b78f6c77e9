import { summariseRedirects } from '../model/redirect-summary.js';
import type { HttpEvidence } from '../model/http.js';
import type { CheckRun } from '../checks/run.js';
import type { Evidence } from '../model/evidence.js';
import type { CategoryId, Finding, Severity } from '../model/finding.js';
import { REPORT_SCHEMA_VERSION, type CategoryScore, type MeasuredShare, type Report, type ScoreCap } from '../model/report.js';
import { scannerInfo } from '../model/scanner.js';
import { CATEGORIES, type CategoryDef } from './categories.js';
import { SCORING_TABLE } from './table.js';
import type { ScoringRule } from './rule.js';
import { capClassFor } from './caps.js';
import { gradeFor } from './grade.js';

export { gradeFor };

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export function pointsFor(rule: ScoringRule, severity: Severity): number {
  if (severity === 'info') return 0;
  return typeof rule.points === 'number' ? rule.points : (rule.points[severity] ?? 0);
}

/**
 * Turn check results into the report. An id is charged once per scan (the costliest instance); further
 * instances are listed with 0 points so the evidence is complete without double counting.
 */
export function scoreReport(evidence: Evidence, runs: readonly CheckRun[]): Report {
  const findings: Finding[] = [];
  for (const run of runs) {
    for (const result of run.results) {
      const rule = SCORING_TABLE[result.id];
      if (!rule) throw new Error(`finding id '${result.id}' has no row in the scoring table`);
      const severity = result.severity ?? rule.severity;
      findings.push({ ...result, category: rule.category, severity, pointsLost: pointsFor(rule, severity) });
    }
  }
  findings.sort((a, b) => b.pointsLost - a.pointsLost || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id));
  const leftOut = categoriesWithoutTheirProbe(evidence);
  for (const f of findings) if (leftOut.has(f.category)) f.pointsLost = 0;
  const charged = new Set<string>();
  for (const f of findings) {
    if (charged.has(f.id)) f.pointsLost = 0;
    else charged.add(f.id);
  }

  const categories: CategoryScore[] = [];
  for (const def of CATEGORIES) {
    const ranHere = runs.filter((r) => r.check.category === def.id);
    const measured = !leftOut.has(def.id) && ranHere.some((r) => r.state === 'ran');
    if (!measured && !applies(def, evidence)) continue;
    if (leftOut.has(def.id) && ranHere.some((r) => r.state === 'ran')) {
      categories.push(notMeasured(def, leftOut.get(def.id)!));
      continue;
    }
    if (!measured) {
      // Each cause once: two checks missing the same probe give its reason once, not once per check.
      const reasons = [...new Set(ranHere.flatMap((r) => r.reasons ?? (r.reason ? [r.reason] : [])))];
      categories.push(notMeasured(def, reasons.length ? reasons.join('; ') : 'no check for this category has run in this scan'));
      continue;
    }
    const lost = findings.filter((f) => f.category === def.id).reduce((sum, f) => sum + f.pointsLost, 0);
    const earned = Math.max(0, def.weight - lost);
    const unmeasured = unjudged(ranHere);
    categories.push({
      id: def.id,
      name: def.name,
      weight: def.weight,
      status: 'measured',
      score: Math.round((earned / def.weight) * 100),
      pointsLost: Math.min(lost, def.weight),
      ...(unmeasured.length ? { unmeasured } : {}),
    });
  }

  const measuredCats = categories.filter((c) => c.status === 'measured');
  const measured: MeasuredShare = { points: measuredCats.reduce((s, c) => s + c.weight, 0), of: categories.reduce((s, c) => s + c.weight, 0) };
  let score: number | null = null;
  const caps = capsOf(findings.filter((f) => !leftOut.has(f.category)));
  if (measured.points > 0) {
    const earned = measuredCats.reduce((s, c) => s + (c.weight - c.pointsLost), 0);
    score = Math.round((earned / measured.points) * 100);
    if (caps.length) score = Math.min(score, ...caps.map((c) => c.cap));
  }
  const grade = score === null ? null : gradeFor(score, findings, measured);

  // A conditional probe that found nothing to look at (e.g. no WordPress) is not a failure to report.
  const unavailable: Report['unavailable'] = Object.entries(evidence)
    .filter(([, v]) => (v as { status?: string } | null)?.status === 'unavailable' && (v as { code?: string }).code !== 'NOT_DETECTED')
    .map(([probe, v]) => ({ probe, reason: (v as { reason: string }).reason }));
  // A part of a measured category that could not be judged is listed with the probes that could not
  // run: the category's row alone would not say what is missing from its points.
  for (const c of categories) {
    for (const u of c.unmeasured ?? []) {
      const run = runs.find((r) => r.check.name === u.check);
      unavailable.push({ probe: run?.check.reads[0] ?? c.id, check: u.check, reason: `${u.topic} not measured: ${u.reason}` });
    }
  }

  const notes = Object.entries(evidence).flatMap(([probe, v]) => {
    const data = (v as { status?: string; data?: { notes?: unknown } } | null)?.data;
    if ((v as { status?: string } | null)?.status !== 'ok' || !Array.isArray(data?.notes)) return [];
    return data.notes.filter((n): n is string => typeof n === 'string').map((note) => ({ probe, note }));
  });

  const httpProbe = evidence.http as { status?: string; data?: HttpEvidence } | undefined;
  const redirects = httpProbe?.status === 'ok' && httpProbe.data ? summariseRedirects(httpProbe.data) : undefined;

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    scanner: scannerInfo(),
    target: evidence.target,
    ...(evidence.options ? { options: evidence.options } : {}),
    startedAt: evidence.startedAt,
    durationMs: evidence.durationMs,
    score,
    grade: grade?.grade ?? null,
    gradePartial: grade?.partial ?? false,
    measured,
    caps: score === null ? [] : caps,
    categories,
    findings,
    unavailable,
    ...(notes.length ? { notes } : {}),
    ...(redirects ? { redirects } : {}),
  };
}

const notMeasured = (def: CategoryDef, reason: string): CategoryScore => ({
  id: def.id,
  name: def.name,
  weight: def.weight,
  status: 'not_measured',
  score: null,
  pointsLost: 0,
  reason,
});

/**
 * The categories whose own probe gave nothing, with the reason: such a category is not measured, and the
 * findings its side checks made from other evidence are listed without points or caps.
 * - A scan restricted with --only (or the API's probes) that left the probe out. A focused tool picks its
 *   probes too, but shows only its own categories: not counted here.
 * - A TLS probe that failed (a time limit, a handshake it could not finish) while the page came over
 *   HTTPS: TLS is there and was not examined, so the redirect checks alone must not grade the category.
 *   When HTTPS did not answer at all, the same failure is the finding: no_https is judged and counts.
 */
function categoriesWithoutTheirProbe(evidence: Evidence): Map<CategoryId, string> {
  const out = new Map<CategoryId, string>();
  const only = evidence.options?.tool === undefined ? evidence.options?.probes : undefined;
  if (only) {
    for (const c of CATEGORIES) {
      if ((evidence as Record<string, unknown>)[c.standsOn] !== undefined) continue;
      out.set(c.id, `${c.standsOn}: not probed (the scan was restricted to ${only.join(', ')}; findings listed here from other probes are not scored)`);
    }
  }
  const tls = evidence.tls as { status?: string; reason?: string } | undefined;
  const http = evidence.http as { status?: string; data?: HttpEvidence } | undefined;
  if (!out.has('tls') && tls?.status === 'unavailable' && http?.status === 'ok' && http.data?.primary === 'https') {
    out.set('tls', `tls: ${tls.reason ?? 'the TLS probe did not finish'} (the page was fetched over HTTPS, so TLS & HTTPS is not graded on its redirects alone; findings listed here from other probes are not scored)`);
  }
  return out;
}

/** Checks of a measured category that had their evidence but could not judge from it. */
function unjudged(runs: readonly CheckRun[]): NonNullable<CategoryScore['unmeasured']> {
  return runs
    .filter((r) => r.state === 'skipped' && r.skip === 'cannot_judge')
    .map((r) => ({ check: r.check.name, topic: r.check.topic ?? r.check.name, reason: r.reason ?? 'the evidence cannot support a verdict' }));
}

/**
 * The caps the findings impose: per finding id the lowest cap among its instances (the class follows
 * the severity each instance was reported with). That every severity a row can carry that is critical
 * names a class is held by test/unit/caps.test.ts over the whole table.
 */
function capsOf(findings: readonly Finding[]): ScoreCap[] {
  const byId = new Map<string, ScoreCap>();
  for (const f of findings) {
    const cls = capClassFor(SCORING_TABLE[f.id]!.cap, f.severity);
    if (!cls) continue;
    const seen = byId.get(f.id);
    if (!seen || cls.cap < seen.cap) byId.set(f.id, { id: f.id, cap: cls.cap, class: cls.id });
  }
  return [...byId.values()];
}

/**
 * Whether a category counts toward the applicable points. A conditional one that was measured always
 * does; otherwise only when its detector started looking and then failed (WordPress detection runs
 * first, so a time limit or error afterwards means it was detected).
 */
function applies(def: CategoryDef, evidence: Evidence): boolean {
  if (!def.conditional) return true;
  const probed = (evidence as Record<string, unknown>)[def.conditional.detector] as { status?: string; code?: string } | undefined;
  return probed?.status === 'unavailable' && !def.conditional.absent.includes(probed.code ?? '');
}

export type { CategoryId };
