/**
 * "Would this request from this origin work?": runs the simulator against the live server, sending
 * each request the simulated browser needs (preflights, redirect hops) through the scan's net context.
 * Unsafe methods are never sent: their answer is taken from a GET with the same Origin, and we say so.
 */
import type { NetContext } from '../net/context.js';
import { NetError } from '../net/errors.js';
import { simulate, type SentRequest, type SimRequest, type SimResponse, type SimVerdict } from '../cors/index.js';

export interface QuestionResult {
  verdict: SimVerdict;
  /** Requests actually sent, with any substitution explained. */
  exchanges: { request: SentRequest; sentAs: string; status?: number; error?: string }[];
}

const MAX_ROUNDS = 25;

export async function askCors(net: NetContext, request: SimRequest): Promise<QuestionResult> {
  const answers = new Map<string, SimResponse | null>();
  const exchanges: QuestionResult['exchanges'] = [];
  const key = (s: SentRequest) => JSON.stringify([s.kind, s.method, s.url, s.headers]);
  let verdict: SimVerdict | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let missing: SentRequest | undefined;
    verdict = simulate(request, (sent) => {
      const k = key(sent);
      if (answers.has(k)) return answers.get(k) ?? undefined;
      missing ??= sent;
      return undefined;
    });
    if (!missing) break;
    const safe = missing.kind === 'preflight' || missing.method === 'GET' || missing.method === 'HEAD';
    const method = safe ? missing.method : 'GET';
    const headers = safe ? missing.headers : missing.headers.filter(([n]) => n === 'origin');
    const sentAs = safe ? `${method} as the browser would` : `GET with the same Origin (a ${missing.method} is not sent by this tool: it could change data)`;
    try {
      const exchange = await net.http.request({ url: missing.url, method, headers, bodyLimit: 2048 });
      answers.set(key(missing), { status: exchange.status, headers: exchange.headers });
      exchanges.push({ request: missing, sentAs, status: exchange.status });
    } catch (error) {
      answers.set(key(missing), null);
      exchanges.push({ request: missing, sentAs, error: error instanceof NetError ? `${error.code}: ${error.message}` : String(error) });
    }
  }
  return { verdict: verdict!, exchanges };
}
