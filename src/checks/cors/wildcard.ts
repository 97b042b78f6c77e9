/**
 * `Access-Control-Allow-Origin: *`: fine for public data (info), and a sign of confusion when paired
 * with `Access-Control-Allow-Credentials: true`, which browsers refuse outright.
 */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CorsEvidence, CorsProbeResult } from '../../model/cors.js';
import type { CheckResult } from '../../model/finding.js';
import { acac, acao, finding, readVerdict } from './judge.js';

function wildcardProbe(cors: CorsEvidence): CorsProbeResult | undefined {
  return cors.probes.find((p) => p.kind === 'arbitrary' && acao(p.get).length === 1 && acao(p.get)[0]!.trim() === '*')
    ?? cors.probes.find((p) => acao(p.get).length === 1 && acao(p.get)[0]!.trim() === '*');
}

export const corsWildcardCheck: Check = {
  name: 'cors/wildcard',
  category: 'headers',
  ids: ['cors_wildcard', 'cors_wildcard_credentials_invalid'],
  reads: ['cors'],
  run(evidence) {
    const cors = dataOf<CorsEvidence>(evidence, 'cors');
    const probe = wildcardProbe(cors);
    if (!probe) return [];
    const results: CheckResult[] = [];
    const verdict = readVerdict(cors, probe.origin, probe.get);
    if (verdict?.withoutCredentials.allowed) {
      results.push(
        finding('cors_wildcard', 'info', 'Any origin can read this URL without credentials (Access-Control-Allow-Origin: *)', probe.get, cors.url,
          `any page can read ${cors.url} without cookies; fine for public data, a leak for anything protected by network location or IP.`, { status: verdict.status }),
      );
    }
    const credentials = acac(probe.get);
    if (credentials.length > 0 && credentials.join(', ').trim().toLowerCase() === 'true') {
      results.push(
        finding('cors_wildcard_credentials_invalid', 'low', 'Access-Control-Allow-Origin "*" is combined with Access-Control-Allow-Credentials: true, which browsers reject', probe.get, cors.url,
          'none directly: browsers refuse this pairing, so credentialed requests fail; the usual "fix" of reflecting the Origin instead would open the API to every site.',
          { status: probe.get.response?.status }),
      );
    }
    return results;
  },
};
