import type { CategoryId, CheckResult } from '../model/finding.js';
import type { Evidence } from '../model/evidence.js';

/**
 * A check is a pure function of evidence: no I/O, no clock except `ctx.now`, no randomness.
 * It declares which evidence keys it reads; when none of them is `ok`, the check is skipped and its
 * category may be reported as not measured.
 */
export interface Check {
  /** Name of the rule, e.g. `headers/hsts`. */
  name: string;
  category: CategoryId;
  /** Every finding id this check can emit (used to prove content and scoring cover them). */
  ids: readonly string[];
  /**
   * For each id whose cause can differ (and with it the fix), every cause the check can give it. A
   * result of such an id always carries one of them; a result of any other id carries none. The
   * content test holds content/findings/<id>.md to exactly these causes.
   */
  causes?: Readonly<Record<string, readonly string[]>>;
  /** Evidence keys read; the check runs only when all are present and `ok`. */
  reads: readonly string[];
  /**
   * What the check judges, in a word or two ("DNSSEC"): named when the check cannot judge inside a
   * category that is otherwise measured ("DNSSEC not measured"). Default: the check's name.
   */
  topic?: string;
  /**
   * When the evidence cannot support a verdict (e.g. no page was reached because the redirect chain
   * looped), the reason in words; the check is then skipped and its category may be reported as not
   * measured with that reason. Asked also when some evidence it reads is missing (its reason, when it
   * gives one, names the cause better than "not probed"), so it must not assume that evidence is there.
   */
  cannotJudge?(evidence: Evidence): string | undefined;
  run(evidence: Evidence, ctx: CheckContext): CheckResult[];
}

export interface CheckContext {
  /** The scan's clock (evidence.startedAt), so rescoring old evidence gives the same answer. */
  now: Date;
}

/** Typed access to an evidence key that the check declared in `reads`. */
export function dataOf<T>(evidence: Evidence, key: string): T {
  const probed = evidence[key] as { status: string; data?: T } | undefined;
  if (!probed || probed.status !== 'ok') throw new Error(`evidence '${key}' is not available`);
  return probed.data as T;
}
