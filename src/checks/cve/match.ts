/** Which advisories apply to one observed version, for the curated tables and for retire.js data. */
import type { AdvisorySeverity, RetireVulnerability, TableAdvisory } from './advisory-types.js';
import { branchOf, compareVersions, parseVersion } from './version-order.js';

export interface Match {
  ids: string[];
  title: string;
  severity: AdvisorySeverity;
  /** The version to upgrade to (same branch when the branch got a fix), or undefined when none is known. */
  fixedIn?: string;
  published?: string;
  source?: string;
}

const SEVERITY_RANK: Record<AdvisorySeverity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export function worstSeverity(matches: readonly Match[]): AdvisorySeverity {
  return matches.reduce<AdvisorySeverity>((worst, m) => (SEVERITY_RANK[m.severity] > SEVERITY_RANK[worst] ? m.severity : worst), 'low');
}

const safeCompare = (a: string, b: string): number | undefined => (parseVersion(a) && parseVersion(b) ? compareVersions(a, b) : undefined);

/** Is `version` vulnerable to this table advisory? See TableAdvisory for the branch rule. */
export function tableAdvisoryApplies(advisory: TableAdvisory, version: string): boolean {
  if (!parseVersion(version)) return false;
  const inRange = advisory.affected.some(([from, to]) => (safeCompare(version, from) ?? -1) >= 0 && (safeCompare(version, to) ?? 1) <= 0);
  if (!inRange) return false;
  const parts = advisory.branchParts ?? 2;
  const branch = branchOf(version, parts);
  return !advisory.fixed.some((f) => branchOf(f, parts) === branch && (safeCompare(version, f) ?? -1) >= 0);
}

/** The fix to suggest: the same branch's fix, else the lowest fix above the version. */
export function suggestedFix(fixed: readonly string[], version: string, parts = 2): string | undefined {
  const branch = branchOf(version, parts);
  const same = fixed.find((f) => branchOf(f, parts) === branch);
  if (same) return same;
  const above = fixed.filter((f) => (safeCompare(f, version) ?? -1) > 0).sort(compareVersions);
  return above[0];
}

export function matchTable(advisories: readonly TableAdvisory[], product: string, version: string): Match[] {
  return advisories
    .filter((a) => a.product === product && tableAdvisoryApplies(a, version))
    .map((a) => {
      const fixedIn = suggestedFix(a.fixed, version, a.branchParts);
      return { ids: a.ids, title: a.title, severity: a.severity, published: a.published, source: a.source, ...(fixedIn ? { fixedIn } : {}) };
    });
}

/** retire.js semantics: atOrAbove ≤ version < below. */
export function matchRetire(vulnerabilities: readonly RetireVulnerability[], version: string): Match[] {
  if (!parseVersion(version)) return [];
  return vulnerabilities
    .filter((v) => parseVersion(v.below) && (safeCompare(version, v.below) ?? 1) < 0 && (!v.atOrAbove || (safeCompare(version, v.atOrAbove) ?? -1) >= 0))
    // retire.js writes 'below 2.999.999' for end-of-life lines: there is no fixed release of that line.
    .map((v) => ({ ids: v.ids, title: v.summary ?? v.ids.join(', '), severity: v.severity, ...(/\.999\.999$/.test(v.below) ? {} : { fixedIn: v.below }), ...(v.info ? { source: v.info } : {}) }));
}
