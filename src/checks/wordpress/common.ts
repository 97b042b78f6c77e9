/** Shared access to the WordPress evidence for the wp_ checks. */
import type { Evidence } from '../../model/evidence.js';
import type { ExposureResponse } from '../../model/exposure.js';
import type { WordPressEvidence } from '../../model/wordpress.js';
import { dataOf } from '../check.js';
import { judgeAgainstBaselines } from '../exposure/baseline.js';

export const wordpressData = (evidence: Evidence) => dataOf<WordPressEvidence>(evidence, 'wordpress');

export function response(wp: WordPressEvidence, probe: string): ExposureResponse | undefined {
  return wp.responses.find((r) => r.probe === probe);
}

/** A matching answer that is not the site's answer for any random path. */
export function distinctMatch<T>(wp: WordPressEvidence, r: ExposureResponse | undefined, match: (r: ExposureResponse) => T | undefined): T | undefined {
  if (!r) return undefined;
  const found = match(r);
  if (found === undefined) return undefined;
  return judgeAgainstBaselines(r, wp.baselines, (b) => match(b) !== undefined) === 'distinct' ? found : undefined;
}
