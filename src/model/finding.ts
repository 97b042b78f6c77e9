/**
 * The finding model shared by checks, scoring and renderers.
 * A check emits `CheckResult`s; scoring turns them into `Finding`s by adding the category and points
 * from the one scoring table (src/scoring/table.ts), so no check ever decides what something costs.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORY_IDS = ['tls', 'headers', 'exposure', 'cookies', 'dns', 'wordpress'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** What a pure check returns: the problem it saw and the proof. */
export interface CheckResult {
  /** Stable snake_case finding id, e.g. `missing_hsts`. Must exist in the scoring table and in content/. */
  id: string;
  /** Overrides the table's default severity when the same id can be worse or milder (e.g. expiring in 5 vs 25 days). */
  severity?: Severity;
  /** One line, specific to this target: "HSTS max-age is 300 seconds, less than one year". */
  title: string;
  /** The exact header / record / handshake fact that proves it. Target-controlled: renderers escape it. */
  evidence: string;
  /** URL, host or record name where it was seen. */
  location: string;
  /** Optional structured detail for JSON consumers (e.g. the SPF lookup tree). */
  details?: Record<string, unknown>;
  /**
   * Why the problem is there, when the same id can have causes whose fixes differ (an SPF record that
   * passes everyone through `+all`, or through an `exists:` term that always resolves). A stable
   * snake_case id, declared by the check (`Check.causes`) and given its own fix steps in
   * content/findings/<id>.md; absent for ids with one cause. docs/finding-causes.md lists them all.
   */
  cause?: string;
}

/** A finding as reported: a check result plus category and points from the scoring table. */
export interface Finding extends CheckResult {
  category: CategoryId;
  severity: Severity;
  pointsLost: number;
}
