/** Access-Control-Allow-Credentials counts only when it is exactly `true`; anything else is ignored. */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CorsEvidence, CorsExchange } from '../../model/cors.js';
import { showValue } from '../../cors/index.js';
import { acac, finding } from './judge.js';

export const corsCredentialsValueCheck: Check = {
  name: 'cors/credentials-value',
  category: 'headers',
  ids: ['cors_credentials_value_invalid'],
  reads: ['cors'],
  run(evidence) {
    const cors = dataOf<CorsEvidence>(evidence, 'cors');
    const exchanges: CorsExchange[] = [cors.baseline, ...cors.probes.flatMap((p) => [p.get, p.preflight])];
    for (const exchange of exchanges) {
      const values = acac(exchange);
      if (values.length === 0) continue;
      const value = values.join(', ');
      // `false` is pointless but harmless; everything else that is not exactly `true` is a mistake.
      if (value.trim() === 'true' || value.trim() === 'false') continue;
      return [
        finding('cors_credentials_value_invalid', 'low', `Access-Control-Allow-Credentials is "${showValue(value)}"; browsers accept only the exact value "true"`, exchange, cors.url,
          values.length > 1
            ? 'none directly: the repeated header is joined into one value that browsers reject, so credentialed requests the site wants to allow fail.'
            : 'none directly: browsers treat this as "no credentials", so credentialed requests the site wants to allow fail — and a hurried fix may loosen the origin check too.'),
      ];
    }
    return [];
  },
};
