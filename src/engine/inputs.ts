/**
 * What a user types, parsed and checked before anything is sent: a target URL, a domain, a `--resolve`
 * pin, a CORS question. Bad input throws InputError (exit code 2, HTTP 400) with words that say what
 * is wrong; the address policy is checked with checkTargetAllowed, before a scan is even queued.
 */
import { InputError, parseTargetInput } from '../net/target-input.js';
import { PinnedResolver, parseResolveEntry } from '../net/resolve.js';
import { originOf } from '../cors/origin.js';
import type { RawHeader } from '../model/http.js';
import type { SimRequest } from '../cors/types.js';

export { parseTargetInput, parseResolveEntry };
/** The headers of an authenticated or staging scan, checked (net/site-headers.ts): the API and the web form use them. */
export { siteHeadersFrom, MAX_SITE_HEADERS } from '../net/site-headers.js';

export function normaliseDomainInput(input: string): string {
  let text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      text = new URL(text).hostname;
    } catch {
      throw new InputError(`'${input}' is not a domain name`);
    }
  }
  text = text.toLowerCase().replace(/\.$/, '');
  if (!/^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/.test(text)) {
    throw new InputError(`'${input}' is not a domain name`);
  }
  return text;
}

/** The question as a user puts it (`scorifya cors URL --origin … --method … --header … --credentials`). */
export interface CorsQuestionInput {
  origin: string;
  method?: string;
  headers?: string[];
  credentials?: boolean;
}

/** Checks and normalises the question; bad input is an InputError, before anything is sent. */
export interface CorsQuestion extends SimRequest {
  method: string;
  headers: RawHeader[];
  credentials: 'include' | 'omit';
}

export function corsQuestion(url: string, input: CorsQuestionInput): CorsQuestion {
  const origin = input.origin.trim();
  if (origin !== 'null' && originOf(origin) !== origin.replace(/\/$/, '')) {
    throw new InputError(`--origin must be a serialised origin like https://app.example.com (scheme, host, optional port) or null, not ${origin}`);
  }
  const headers: RawHeader[] = (input.headers ?? []).map((h) => {
    const i = h.indexOf(':');
    if (i <= 0) throw new InputError(`--header must look like "Name: value", not ${h}`);
    return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
  });
  const target = parseTargetInput(url);
  return { origin: origin.replace(/\/$/, ''), url: target.url, method: input.method ?? 'GET', headers, credentials: input.credentials ? 'include' : 'omit' };
}

/**
 * Resolves `host` under the target policy, with the same pins as a scan would use: throws
 * TargetRefusedError for an address the policy refuses, NetError when the name does not resolve.
 * The engine checks again at scan time; this early answer keeps refused targets out of a queue.
 */
export async function checkTargetAllowed(host: string, port: number | undefined, options: { allowPrivate: boolean; resolve: string[] }): Promise<void> {
  const resolver = new PinnedResolver({ allowPrivate: options.allowPrivate, allowList: [], pins: options.resolve.map(parseResolveEntry) });
  await resolver.resolve(host, port);
}
