import type { CategoryId, Finding } from './finding.js';
import type { TargetInfo } from './evidence.js';
import type { SoftwareItem } from './software.js';
import type { ScannerInfo } from './scanner.js';
import type { ScanChoices } from './options.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface CategoryScore {
  id: CategoryId;
  name: string;
  /** Weight in the 100-point total before rescaling. */
  weight: number;
  /** `measured`: scored from evidence; `not_measured`: no evidence (reason says why). */
  status: 'measured' | 'not_measured';
  /** 0–100 within the category, null when not measured. */
  score: number | null;
  pointsLost: number;
  reason?: string;
}

export interface Report {
  schemaVersion: number;
  /** Scorifya's version and the runtime (Node.js, OpenSSL) that made this report (absent in reports stored before it was recorded). */
  scanner?: ScannerInfo;
  target: TargetInfo;
  /** The choices that shaped this result (tool, probes, DNS servers, trust anchors, pins, CAs); absent when all were defaults. */
  options?: ScanChoices;
  startedAt: string;
  durationMs: number;
  /** 0–100 over measured categories; null when nothing could be measured. */
  score: number | null;
  grade: string | null;
  /** Caps applied by critical findings, e.g. "cert_expired caps the score at 40". */
  caps: { id: string; cap: number }[];
  categories: CategoryScore[];
  findings: Finding[];
  /** Probes that could not run, with reasons. */
  unavailable: { probe: string; reason: string }[];
  /** Software the scan saw (banners, generator tags, scripts, WordPress extensions); see checks/cve/inventory.ts. */
  software?: SoftwareItem[];
  /**
   * What limited probes that did run, in words (a body cut at the cap, a decompression stopped, a
   * redirect chain that looped). Present only when there is something to say.
   */
  notes?: { probe: string; note: string }[];
}
