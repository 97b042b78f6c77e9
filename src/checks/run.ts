import type { Check } from './check.js';
import type { Evidence } from '../model/evidence.js';
import type { CheckResult } from '../model/finding.js';

export interface CheckRun {
  check: Check;
  /** 'ran' when all evidence it reads was available. */
  state: 'ran' | 'skipped';
  /** For skipped checks: which evidence was missing or unavailable, and why. */
  reason?: string;
  /** The same, one part per missing evidence key ("http: …"), so a category can list each cause once. */
  reasons?: string[];
  /**
   * For skipped checks: `unavailable` when evidence it reads is missing (the probe's own reason is in the
   * report already), `cannot_judge` when the evidence is there but cannot support a verdict.
   */
  skip?: 'unavailable' | 'cannot_judge';
  results: CheckResult[];
}

/**
 * A result's cause against the check's declaration: an id with declared causes needs one of them (the
 * reader would otherwise get a general fix where a specific one exists), any other id none.
 */
export function causeProblem(check: Pick<Check, 'causes'>, r: CheckResult): string | undefined {
  const declared = check.causes?.[r.id];
  if (!declared) return r.cause === undefined ? undefined : `${r.id} has no declared causes but carries cause '${r.cause}'`;
  if (r.cause === undefined) return `${r.id} was emitted without a cause (declared: ${declared.join(', ')})`;
  return declared.includes(r.cause) ? undefined : `${r.id} carries undeclared cause '${r.cause}'`;
}

/** Every declared cause per finding id, over a list of checks (several checks may share an id). */
export function declaredCauses(checks: readonly Pick<Check, 'causes'>[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const check of checks) {
    for (const [id, causes] of Object.entries(check.causes ?? {})) {
      const set = out.get(id) ?? new Set<string>();
      for (const c of causes) set.add(c);
      out.set(id, set);
    }
  }
  return out;
}

/** Run every check whose evidence is available. A check that throws is a bug: it is reported, not hidden. */
export function runChecks(checks: readonly Check[], evidence: Evidence): CheckRun[] {
  const now = new Date(evidence.startedAt);
  return checks.map((check) => {
    const missing = check.reads.filter((key) => (evidence[key] as { status?: string } | undefined)?.status !== 'ok');
    // A check that cannot judge names the cause, which is often also why its evidence is missing (no
    // page reached, so the probes that start from it did not run): its words come first.
    const blocked = check.cannotJudge?.(evidence);
    if (missing.length > 0) {
      const reasons = missing.map((key) => {
        const probed = evidence[key] as { status?: string; reason?: string } | undefined;
        return probed?.status === 'unavailable' ? `${key}: ${probed.reason}` : `${key}: not probed`;
      });
      return { check, state: 'skipped', reason: blocked ?? reasons.join('; '), reasons: blocked ? [blocked] : reasons, skip: 'unavailable', results: [] };
    }
    if (blocked) return { check, state: 'skipped', reason: blocked, skip: 'cannot_judge', results: [] };
    const results = check.run(evidence, { now });
    for (const r of results) {
      if (!check.ids.includes(r.id)) throw new Error(`check ${check.name} emitted undeclared id ${r.id}`);
      const problem = causeProblem(check, r);
      if (problem) throw new Error(`check ${check.name}: ${problem}`);
    }
    return { check, state: 'ran', results };
  });
}
