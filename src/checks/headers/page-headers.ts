import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { HttpEvidence, HttpExchange } from '../../model/http.js';
import { primaryResponse } from '../../model/headers.js';
import type { CheckResult } from '../../model/finding.js';
import type { Evidence } from '../../model/evidence.js';

/**
 * Most header rules judge "the page": the final response of the primary redirect chain.
 * This builds a Check from a function of that response.
 */
export function pageHeaderCheck(
  name: string,
  ids: readonly string[],
  judge: (page: HttpExchange, http: HttpEvidence, evidence: Evidence) => CheckResult[],
  causes?: Check['causes'],
): Check {
  return {
    name,
    category: 'headers',
    ids,
    ...(causes ? { causes } : {}),
    reads: ['http'],
    run(evidence) {
      const http = dataOf<HttpEvidence>(evidence, 'http');
      const page = primaryResponse(http);
      return page ? judge(page, http, evidence) : [];
    },
  };
}

export const showHeader = (name: string, values: readonly string[]): string =>
  values.length ? values.map((v) => `${name}: ${v}`).join('\n') : `${name}: (absent)`;
