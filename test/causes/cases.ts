/**
 * Hand-written evidence for every cause of every multi-cause finding id: one case per (id, cause), so
 * that causes.test.ts can prove each cause is emitted from the evidence that shows it, and that every
 * declared cause has such a case. The builders for each category live in the cases-*.ts files.
 */
import type { Evidence } from '../../src/model/evidence.js';

export interface CauseCase {
  id: string;
  cause: string;
  /** What the evidence shows, in words (the test's name). */
  shows: string;
  evidence: Evidence;
}

export function cause(id: string, causeId: string, shows: string, evidence: Evidence): CauseCase {
  return { id, cause: causeId, shows, evidence };
}
