/**
 * An Access-Control-Allow-Origin that changes with the request's Origin must come with
 * `Vary: Origin`, or a shared cache can serve one origin's answer to another (cache poisoning: an
 * attacker primes the cache so the real site's pages break, or so its origin's grant is replayed).
 */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CorsEvidence, CorsExchange } from '../../model/cors.js';
import { headerValues } from '../../cors/index.js';
import { acao, finding } from './judge.js';

function variesOnOrigin(exchange: CorsExchange): boolean {
  const vary = exchange.response ? headerValues(exchange.response.headers, 'vary') : [];
  return vary.flatMap((v) => v.split(',')).some((v) => ['origin', '*'].includes(v.trim().toLowerCase()));
}

export const corsVaryCheck: Check = {
  name: 'cors/vary',
  category: 'headers',
  ids: ['cors_vary_missing'],
  reads: ['cors'],
  run(evidence) {
    const cors = dataOf<CorsEvidence>(evidence, 'cors');
    const gets = [cors.baseline, ...cors.probes.map((p) => p.get)].filter((e) => e.response && e.response.status < 500);
    const distinct = new Set(gets.map((e) => acao(e).join(', ') || '(none)'));
    if (distinct.size < 2) return [];
    // Dynamic: the value depends on Origin. Find a response that names a specific origin without Vary.
    const culprit = gets.find((e) => {
      const value = acao(e).join(', ');
      return value !== '' && value.trim() !== '*' && !variesOnOrigin(e);
    });
    if (!culprit) return [];
    const values = [...distinct].slice(0, 4).join(' | ');
    return [
      finding('cors_vary_missing', 'low', 'Access-Control-Allow-Origin changes with the Origin header, but the response lacks Vary: Origin', culprit, cors.url,
        `a cache between users and the site can store the answer for one origin and hand it to another: one origin's grant is served to pages it was not meant for, or the site's own pages break (seen values: ${values}).`,
        { values: [...distinct] }),
    ];
  },
};
