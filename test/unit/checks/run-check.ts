import type { Check } from '../../../src/checks/check.js';
import type { Evidence } from '../../../src/model/evidence.js';

export const idsOf = (check: Check, evidence: Evidence): string[] =>
  check.run(evidence, { now: new Date(evidence.startedAt) }).map((r) => r.id);
