/** Compare two reports by finding id: the same id means the same problem across scans. */
import type { Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';

export interface Comparison {
  fixed: Finding[];
  added: Finding[];
  unchanged: Finding[];
  scoreDelta: number | null;
}

export function compareReports(before: Report, after: Report): Comparison {
  const firstById = (findings: Finding[]) => {
    const map = new Map<string, Finding>();
    for (const f of findings) if (!map.has(f.id)) map.set(f.id, f);
    return map;
  };
  const a = firstById(before.findings);
  const b = firstById(after.findings);
  return {
    fixed: [...a.values()].filter((f) => !b.has(f.id)),
    added: [...b.values()].filter((f) => !a.has(f.id)),
    unchanged: [...b.values()].filter((f) => a.has(f.id)),
    scoreDelta: before.score === null || after.score === null ? null : after.score - before.score,
  };
}
