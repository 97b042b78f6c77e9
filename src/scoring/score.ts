import type { CheckRun } from '../checks/run.js';
import type { Evidence } from '../model/evidence.js';
import type { CategoryId, Finding, Severity } from '../model/finding.js';
import { REPORT_SCHEMA_VERSION, type CategoryScore, type Report } from '../model/report.js';
import { scannerInfo } from '../model/scanner.js';
import { CATEGORIES } from './categories.js';
import { SCORING_TABLE } from './table.js';
import type { ScoringRule } from './rule.js';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export function pointsFor(rule: ScoringRule, severity: Severity): number {
  if (severity === 'info') return 0;
  return typeof rule.points === 'number' ? rule.points : (rule.points[severity] ?? 0);
}

/** Letter grade from the score; A+ also needs no critical or high finding. */
export function gradeFor(score: number, findings: readonly Finding[]): string {
  const serious = findings.some((f) => f.severity === 'critical' || f.severity === 'high');
  if (score >= 95 && !serious) return 'A+';
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  return 'F';
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
  const charged = new Set<string>();
  for (const f of findings) {
    if (charged.has(f.id)) f.pointsLost = 0;
    else charged.add(f.id);
  }

  const categories: CategoryScore[] = [];
  for (const def of CATEGORIES) {
    const ranHere = runs.filter((r) => r.check.category === def.id);
    const measured = ranHere.some((r) => r.state === 'ran');
    if (def.conditional && !measured) continue;
    if (!measured) {
      const reasons = [...new Set(ranHere.map((r) => r.reason).filter(Boolean))];
      categories.push({
        id: def.id,
        name: def.name,
        weight: def.weight,
        status: 'not_measured',
        score: null,
        pointsLost: 0,
        reason: reasons.length ? reasons.join('; ') : 'no check for this category has run in this scan',
      });
      continue;
    }
    const lost = findings.filter((f) => f.category === def.id).reduce((sum, f) => sum + f.pointsLost, 0);
    const earned = Math.max(0, def.weight - lost);
    categories.push({
      id: def.id,
      name: def.name,
      weight: def.weight,
      status: 'measured',
      score: Math.round((earned / def.weight) * 100),
      pointsLost: Math.min(lost, def.weight),
    });
  }

  const measured = categories.filter((c) => c.status === 'measured');
  const weightSum = measured.reduce((s, c) => s + c.weight, 0);
  let score: number | null = null;
  const caps: { id: string; cap: number }[] = [];
  if (weightSum > 0) {
    const earned = measured.reduce((s, c) => s + (c.weight - c.pointsLost), 0);
    score = Math.round((earned / weightSum) * 100);
    for (const id of charged) {
      const cap = SCORING_TABLE[id]?.cap;
      if (cap !== undefined) caps.push({ id, cap });
    }
    if (caps.length) score = Math.min(score, ...caps.map((c) => c.cap));
  }

  // A conditional probe that found nothing to look at (e.g. no WordPress) is not a failure to report.
  const unavailable = Object.entries(evidence)
    .filter(([, v]) => (v as { status?: string } | null)?.status === 'unavailable' && (v as { code?: string }).code !== 'NOT_DETECTED')
    .map(([probe, v]) => ({ probe, reason: (v as { reason: string }).reason }));

  const notes = Object.entries(evidence).flatMap(([probe, v]) => {
    const data = (v as { status?: string; data?: { notes?: unknown } } | null)?.data;
    if ((v as { status?: string } | null)?.status !== 'ok' || !Array.isArray(data?.notes)) return [];
    return data.notes.filter((n): n is string => typeof n === 'string').map((note) => ({ probe, note }));
  });

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    scanner: scannerInfo(),
    target: evidence.target,
    ...(evidence.options ? { options: evidence.options } : {}),
    startedAt: evidence.startedAt,
    durationMs: evidence.durationMs,
    score,
    grade: score === null ? null : gradeFor(score, findings),
    caps,
    categories,
    findings,
    unavailable,
    ...(notes.length ? { notes } : {}),
  };
}

export type { CategoryId };
