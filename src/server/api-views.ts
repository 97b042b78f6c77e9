/** The JSON shapes the API returns for scans. */
import type { ScanRecord, ScanSummary } from '../store/scan-store.js';
import { withArithmetic, type ExplainOptions } from '../report/arithmetic.js';
import { focusedTool, toolScope as scopeOf } from '../engine/focused-tools.js';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function scanSummaryJson(s: ScanSummary) {
  return {
    id: s.id,
    url: s.url,
    host: s.host,
    tool: s.tool,
    probes: s.probes ?? null,
    headerNames: s.siteHeaders ?? null,
    status: s.status,
    score: s.score,
    grade: s.grade,
    gradePartial: s.gradePartial,
    error: s.error,
    createdAt: iso(s.createdAt)!,
    startedAt: iso(s.startedAt),
    finishedAt: iso(s.finishedAt),
    links: {
      self: `/api/v1/scans/${s.id}`,
      html: `/scans/${s.id}`,
      events: `/api/v1/scans/${s.id}/events`,
      badge: `/badge/${encodeURIComponent(s.host)}.svg`,
    },
  };
}

export function scanJson(s: ScanRecord) {
  return { ...scanSummaryJson(s), progress: s.progress, report: s.report ? withArithmetic(s.report, toolScope(s.tool)) : s.report };
}

/** A focused tool's arithmetic covers only the categories it ran (a narrow tool's: its findings). */
export function toolScope(tool: string | null): ExplainOptions {
  const def = tool ? focusedTool(tool) : undefined;
  return def ? scopeOf(def) : {};
}
