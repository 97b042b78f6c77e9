/** Sensitive files and endpoints: a signature match that is distinct from the soft-404 baseline. */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { ExposureEvidence } from '../../model/exposure.js';
import type { CheckResult } from '../../model/finding.js';
import { judgeAgainstBaselines } from './baseline.js';
import { SIGNATURES } from './signatures.js';

export const FILE_IDS = [...new Set(Object.values(SIGNATURES).map((s) => s.id))];

/** The causes the signatures give their ids (an id whose signatures name none has one cause). */
export const FILE_CAUSES: Record<string, string[]> = {};
for (const s of Object.values(SIGNATURES)) {
  if (s.cause && !FILE_CAUSES[s.id]?.includes(s.cause)) (FILE_CAUSES[s.id] ??= []).push(s.cause);
}

export const sensitiveFilesCheck: Check = {
  name: 'exposure/sensitive-files',
  category: 'exposure',
  ids: FILE_IDS,
  causes: FILE_CAUSES,
  reads: ['exposure'],
  run(evidence) {
    const exposure = dataOf<ExposureEvidence>(evidence, 'exposure');
    const results: CheckResult[] = [];
    for (const r of exposure.responses) {
      const signature = SIGNATURES[r.probe];
      if (!signature) continue;
      const match = signature.match(r);
      if (!match) continue;
      const verdict = judgeAgainstBaselines(r, exposure.baselines, (b) => signature.match(b) !== undefined);
      if (verdict !== 'distinct') continue;
      const severity = match.severity ?? signature.severity;
      results.push({
        id: signature.id,
        ...(signature.cause ? { cause: signature.cause } : {}),
        ...(severity ? { severity } : {}),
        title: `${signature.what} is publicly readable at ${r.path}`,
        evidence: `${r.method} ${r.url} → ${r.status}, ${r.bodyBytes} bytes; ${match.proof}; a random path of the same shape answered differently`,
        location: r.url,
        details: { probe: r.probe, path: r.path, status: r.status },
      });
    }
    return results;
  },
};
