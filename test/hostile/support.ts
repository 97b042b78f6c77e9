/** Shared by the hostile-target tests: run a scan against a lab case, time it, and judge its words. */
import { expect } from 'vitest';
import { scan, type ScanOptions } from '../../src/engine/index.js';
import type { Report } from '../../src/model/report.js';
import type { Evidence } from '../../src/model/evidence.js';
import { startHttpCase, type HttpCaseId } from '../lab/hostile/http-cases.js';
import type { RawServer } from '../lab/hostile/raw-server.js';
import type { LabProcess } from '../lab/hostile/lab-process.js';

/** Every probe but DNS (the DNS cases bring their own server; the system resolver is never asked). */
export const HOSTILE_PROBES = ['http', 'tls', 'cors', 'exposure', 'wordpress'];

export interface CaseRun {
  report: Report;
  evidence: Evidence;
  ms: number;
  server?: RawServer;
}

type CaseOptions = Partial<ScanOptions> & { scheme?: 'http' | 'https'; path?: string };

/** Scan a case served by a lab child process (heavy servers: big bodies, bombs). */
export async function scanLabCase(lab: LabProcess, id: HttpCaseId, timeoutMs: number, extra: CaseOptions = {}): Promise<CaseRun> {
  const { scheme = 'http', path = '/', ...options } = extra;
  const t0 = performance.now();
  const { report, evidence } = await scan(lab.url(id, path, scheme), { allowPrivate: true, probes: HOSTILE_PROBES, timeoutMs, ...options });
  return { report, evidence, ms: performance.now() - t0 };
}

/** Start an HTTP case, scan `path` on it with the given time limit, stop the server. */
export async function scanHttpCase(id: HttpCaseId, timeoutMs: number, extra: CaseOptions = {}): Promise<CaseRun> {
  const server = await startHttpCase(id);
  const { scheme = 'http', path = '/', ...options } = extra;
  try {
    const t0 = performance.now();
    const { report, evidence } = await scan(server.url(path, scheme), { allowPrivate: true, probes: HOSTILE_PROBES, timeoutMs, ...options });
    return { report, evidence, ms: performance.now() - t0, server };
  } finally {
    await server.close();
  }
}

/** Library error codes that must never reach a report: they are translated into words in net/. */
const RAW_LIBRARY_TEXT = /\b(?:ERR_[A-Z0-9_]{3,}|UND_ERR_[A-Z_]+|HPE_[A-Z_]+|EPROTO|ECONNRESET|ECONNREFUSED|ETIMEDOUT|SSL routines|record type \d+)\b/;

/** All the words a report shows about what went wrong. */
export function reportWords(report: Report): string {
  return [
    ...report.unavailable.map((u) => `${u.probe}: ${u.reason}`),
    ...(report.notes ?? []).map((n) => `${n.probe}: ${n.note}`),
    ...report.categories.map((c) => `${c.id}: ${c.reason ?? ''}`),
    ...report.findings.map((f) => f.evidence),
  ].join('\n');
}

/** The report names `cause`, and says nothing in library codes. */
export function expectExplained(report: Report, cause: RegExp): void {
  const words = reportWords(report);
  expect(words).toMatch(cause);
  expect(words).not.toMatch(RAW_LIBRARY_TEXT);
}

export function category(report: Report, id: string) {
  const c = report.categories.find((x) => x.id === id);
  if (!c) throw new Error(`no category ${id} in the report`);
  return c;
}
