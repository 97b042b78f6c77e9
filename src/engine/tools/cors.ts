/**
 * The focused CORS tool's question, "would this request from this origin work?": runs the browser
 * simulator against the live server, sending each request the simulated browser needs (preflights,
 * redirect hops) through a net context of its own, under the same target policy as a scan. Unsafe
 * methods are never sent: their answer is taken from a GET with the same Origin, and we say so.
 * (The CORS probes themselves run as a scan restricted to the `cors` probe.)
 */
import { createNetContext, type NetOptions } from '../../net/index.js';
import type { NetContext } from '../../net/context.js';
import { NetError } from '../../net/errors.js';
import { simulate, type SentRequest, type SimRequest, type SimResponse, type SimVerdict } from '../../cors/index.js';

export type { SimRequest, SimVerdict } from '../../cors/index.js';

/** Asks the live server the question, with its own net context (resolved and pinned like a scan's). */
export async function answerCorsQuestion(request: SimRequest, options: Omit<NetOptions, 'lookup'>): Promise<QuestionResult> {
  const target = new URL(request.url);
  const net = createNetContext({ ...options, siteHost: target.hostname.replace(/^\[|\]$/g, '') });
  try {
    await net.resolveHost(target.hostname.replace(/^\[|\]$/g, ''), target.port ? Number(target.port) : undefined);
    return await askCors(net, request);
  } finally {
    await net.close();
  }
}

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
