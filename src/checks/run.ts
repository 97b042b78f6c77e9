import type { Check } from './check.js';
import type { Evidence } from '../model/evidence.js';
import type { CheckResult } from '../model/finding.js';

export interface CheckRun {
  check: Check;
  /** 'ran' when all evidence it reads was available. */
  state: 'ran' | 'skipped';
  /** For skipped checks: which evidence was missing or unavailable, and why. */
  reason?: string;
  /**
   * For skipped checks: `unavailable` when evidence it reads is missing (the probe's own reason is in the
   * report already), `cannot_judge` when the evidence is there but cannot support a verdict.
   */
  skip?: 'unavailable' | 'cannot_judge';
  results: CheckResult[];
}

/** Run every check whose evidence is available. A check that throws is a bug: it is reported, not hidden. */
export function runChecks(checks: readonly Check[], evidence: Evidence): CheckRun[] {
  const now = new Date(evidence.startedAt);
  return checks.map((check) => {
    const missing = check.reads.filter((key) => (evidence[key] as { status?: string } | undefined)?.status !== 'ok');
    if (missing.length > 0) {
      const reason = missing
        .map((key) => {
          const probed = evidence[key] as { status?: string; reason?: string } | undefined;
          return probed?.status === 'unavailable' ? `${key}: ${probed.reason}` : `${key}: not probed`;
        })
        .join('; ');
      return { check, state: 'skipped', reason, skip: 'unavailable', results: [] };
    }
    const blocked = check.cannotJudge?.(evidence);
    if (blocked) return { check, state: 'skipped', reason: blocked, skip: 'cannot_judge', results: [] };
    const results = check.run(evidence, { now });
    for (const r of results) {
      if (!check.ids.includes(r.id)) throw new Error(`check ${check.name} emitted undeclared id ${r.id}`);
    }
    return { check, state: 'ran', results };
  });
}
