/**
 * What the OPTIONS answers say: wildcards in Allow-Methods/-Headers or Allow-Origin next to
 * Allow-Credentials: true (browsers ignore `*` for credentialed requests, so the server's intent is
 * unclear and often paired with reflection), and a preflight cache lifetime beyond browser caps.
 */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CorsEvidence } from '../../model/cors.js';
import type { CheckResult } from '../../model/finding.js';
import { CHROMIUM, FIREFOX, extractTokenList, preflightMaxAge } from '../../cors/index.js';
import { acac, finding, preflightVerdict } from './judge.js';

export const corsPreflightCheck: Check = {
  name: 'cors/preflight',
  category: 'headers',
  ids: ['cors_preflight_wildcard_credentials', 'cors_max_age_excessive'],
  reads: ['cors'],
  run(evidence) {
    const cors = dataOf<CorsEvidence>(evidence, 'cors');
    const results: CheckResult[] = [];
    const wild = cors.probes.find((p) => {
      const r = p.preflight.response;
      if (!r || acac(p.preflight).join(', ').trim() !== 'true') return false;
      const lists = ['access-control-allow-methods', 'access-control-allow-headers', 'access-control-allow-origin'].map((n) => extractTokenList(r.headers, n));
      return lists.some((l) => Array.isArray(l) && l.includes('*'));
    });
    if (wild) {
      const credentialed = preflightVerdict(cors, wild, true);
      const anonymous = preflightVerdict(cors, wild, false);
      const outcome = credentialed?.ok
        ? 'the browser still lets a credentialed request through because the method and headers are also named explicitly'
        : `browsers ignore "*" for credentialed requests, so a credentialed ${cors.preflightAsks.method} from ${wild.origin} is refused (${credentialed?.ok === false ? credentialed.reason : 'no answer'})`;
      results.push(
        finding('cors_preflight_wildcard_credentials', 'low', 'The preflight answer pairs "*" with Access-Control-Allow-Credentials: true', wild.preflight, cors.url,
          `${outcome}; without credentials the same preflight ${anonymous?.ok ? 'passes' : 'fails'}. Servers written this way often "fix" it by reflecting the Origin, which opens the API to every site.`,
          { origin: wild.origin }),
      );
    }
    const longest = cors.probes
      .filter((p) => p.preflight.response)
      .map((p) => ({ p, age: preflightMaxAge(p.preflight.response!.headers, CHROMIUM) }))
      .filter((x) => x.age.declared !== null && x.age.declared > CHROMIUM.maxAgeCap)
      .sort((a, b) => b.age.declared! - a.age.declared!)[0];
    if (longest) {
      const declared = longest.age.declared!;
      results.push(
        finding('cors_max_age_excessive', 'info', `Access-Control-Max-Age is ${declared} s; browsers cap it (Chromium ${CHROMIUM.maxAgeCap} s, Firefox ${FIREFOX.maxAgeCap} s)`, longest.p.preflight, cors.url,
          `a tightened CORS policy keeps being ignored by browsers that cached the old preflight for up to ${Math.min(declared, FIREFOX.maxAgeCap)} s.`,
          { declared, chromium: Math.min(declared, CHROMIUM.maxAgeCap), firefox: Math.min(declared, FIREFOX.maxAgeCap) }),
      );
    }
    return results;
  },
};
