/**
 * Checks and scoring on evidence: the pure half of the pipeline, offline. Its own module so that a
 * scan can send its first request before the checks are even loaded (scan.ts imports it lazily).
 */
import type { Evidence } from '../model/evidence.js';
import type { Report } from '../model/report.js';
import { ALL_CHECKS } from '../checks/index.js';
import { runChecks } from '../checks/run.js';
import { scoreReport } from '../scoring/score.js';
import { softwareInventory } from '../checks/cve/inventory.js';
import { defaultAdvisoryData } from '../checks/cve/advisory-data.js';
import { focusReport, focusedTool } from './focused-tools.js';
import { vulnerabilityTableOf } from '../checks/tls/vulnerability-table.js';
import { mailTransportTableOf, webDaneOf } from '../checks/mail/transport-table.js';

/**
 * Re-run checks and scoring on saved evidence, offline. Evidence a focused tool gathered (its
 * `options.tool`) gets that tool's verdict again, as when it ran.
 */
export function rescore(evidence: Evidence): Report {
  if (evidence?.schemaVersion !== 1 || !evidence.target) throw new Error('not a Scorifya evidence file (schemaVersion 1)');
  const report = { ...scoreReport(evidence, runChecks(ALL_CHECKS, evidence)), software: softwareInventory(evidence, defaultAdvisoryData().js), ...vulnerabilityTableOf(evidence), ...mailTransportTableOf(evidence, new Date(evidence.startedAt)), ...webDaneOf(evidence) };
  const tool = evidence.options?.tool ? focusedTool(evidence.options.tool) : undefined;
  return tool ? focusReport(report, tool) : report;
}

