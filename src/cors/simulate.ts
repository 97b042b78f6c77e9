/**
 * The browser-exact CORS simulator: performs a fetch() the way the Fetch standard (and Chromium)
 * does — preflight decision, CORS checks on every hop, redirects with the origin turning "null",
 * exposed headers — against a pure `Responder`, and explains the outcome.
 */
import type { RawHeader } from '../model/http.js';
import { combinedHeader, extractTokenList, headerValues, showValue } from './headers.js';
import { corsCheck } from './cors-check.js';
import { evaluatePreflight } from './preflight.js';
import { originOf, sameOrigin } from './origin.js';
import {
  combineRequestHeaders,
  corsUnsafeRequestHeaderNames,
  isForbiddenMethod,
  isForbiddenRequestHeader,
  isSafelistedMethod,
  normaliseMethod,
} from './safelist.js';
import { CHROMIUM, type BrowserProfile, type MaxAgeInfo, type Responder, type SentRequest, type SimRequest, type SimResponse, type SimVerdict, type Stage } from './types.js';

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 20;
const SAFELISTED_RESPONSE_HEADERS = ['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma'];
const REQUEST_BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type'];

export interface SimulateOptions {
  profile?: BrowserProfile;
  /** Private Network Access context: the address spaces of the page and of the server (information only). */
  addressSpaces?: { initiator: AddressSpace; target: AddressSpace };
}
export type AddressSpace = 'public' | 'private' | 'local';
const SPACE_RANK: Record<AddressSpace, number> = { public: 0, private: 1, local: 2 };

/** Which request headers trigger a preflight, and why, in words. Exposed for the CLI and checks. */
export function preflightReasons(method: string, headers: readonly RawHeader[]): string[] {
  const reasons: string[] = [];
  if (!isSafelistedMethod(method)) reasons.push(`method ${method} is not one of GET, HEAD, POST`);
  const unsafe = corsUnsafeRequestHeaderNames(headers);
  if (unsafe.length) reasons.push(`header${unsafe.length > 1 ? 's' : ''} ${unsafe.join(', ')} ${unsafe.length > 1 ? 'are' : 'is'} not CORS-safelisted`);
  return reasons;
}

export function simulate(request: SimRequest, respond: Responder, options: SimulateOptions = {}): SimVerdict {
  const profile = options.profile ?? CHROMIUM;
  const notes: string[] = [];
  const sent: SentRequest[] = [];
  const credentialsMode = request.credentials ?? 'same-origin';
  const include = credentialsMode === 'include';
  let method = normaliseMethod(request.method ?? 'GET');
  const pageOrigin = request.origin;

  const base = { crossOrigin: false, preflightReasons: [] as string[], sent, credentialsSent: false, exposedHeaders: [] as string[], notes };
  const block = (stage: Stage, code: string, reason: string, extra: Partial<SimVerdict> = {}): SimVerdict => ({
    ...base,
    ...extra,
    allowed: false,
    blocked: { stage, code, reason },
    reason: `Blocked: ${reason}`,
  });

  if (isForbiddenMethod(method)) return block('request', 'FORBIDDEN_METHOD', `fetch() refuses the method ${method} outright.`);
  let headers: RawHeader[] = [];
  for (const [name, value] of combineRequestHeaders(request.headers ?? [])) {
    if (isForbiddenRequestHeader(name)) notes.push(`The browser silently drops "${name}": script may not set it.`);
    else headers.push([name, value]);
  }

  let url = request.url;
  let tainting: 'basic' | 'cors' = 'basic';
  let taintedOrigin = false;
  let maxAge: MaxAgeInfo | undefined;
  let allPreflightReasons: string[] = [];
  let credentialsSent = false;

  for (let hop = 0; ; hop++) {
    const urlOrigin = originOf(url);
    if (urlOrigin === null) return block('request', 'BAD_URL', `"${showValue(url)}" is not an http(s) URL.`);
    if (!(sameOrigin(urlOrigin, pageOrigin) && tainting === 'basic')) tainting = 'cors';
    const crossOrigin = tainting === 'cors';
    base.crossOrigin = base.crossOrigin || crossOrigin;
    const originHeader = taintedOrigin ? 'null' : pageOrigin;

    if (crossOrigin) {
      const reasons = preflightReasons(method, headers);
      if (reasons.length) {
        allPreflightReasons = reasons;
        base.preflightReasons = reasons;
        const unsafe = corsUnsafeRequestHeaderNames(headers);
        const pfHeaders: RawHeader[] = [['accept', '*/*'], ['access-control-request-method', method]];
        if (unsafe.length) pfHeaders.push(['access-control-request-headers', unsafe.join(',')]);
        pfHeaders.push(['origin', originHeader]);
        const pfSent: SentRequest = { kind: 'preflight', url, method: 'OPTIONS', headers: pfHeaders, withCredentials: false };
        sent.push(pfSent);
        const pfResponse = respond(pfSent);
        if (!pfResponse) return block('preflight', 'PREFLIGHT_NETWORK_ERROR', 'The preflight (OPTIONS) request got no answer (connection closed, refused or timed out).');
        notePrivateNetwork(options, pfResponse, notes);
        const result = evaluatePreflight(
          { origin: originHeader, credentials: include, method, headerNames: headers.map(([n]) => n), unsafeNames: unsafe, status: pfResponse.status, headers: pfResponse.headers },
          profile,
        );
        if (!result.ok) return block('preflight', result.code, result.reason);
        maxAge = result.maxAge;
        notes.push(...result.notes);
      }
    }

    const withCredentials = credentialsMode === 'include' || (credentialsMode === 'same-origin' && !crossOrigin);
    const actualHeaders: RawHeader[] = [...headers];
    if (crossOrigin || (method !== 'GET' && method !== 'HEAD')) actualHeaders.push(['origin', originHeader]);
    const actual: SentRequest = { kind: 'actual', url, method, headers: actualHeaders, withCredentials };
    sent.push(actual);
    credentialsSent = withCredentials;
    base.credentialsSent = credentialsSent;
    const response = respond(actual);
    if (!response) return block('network', 'NETWORK_ERROR', 'The request got no answer (connection closed, refused or timed out).');

    if (crossOrigin) {
      const check = corsCheck({ origin: originHeader, credentials: include, headers: response.headers }, 'response');
      if (!check.ok) {
        const isRedirect = REDIRECT_STATUSES.includes(response.status);
        return block(isRedirect ? 'redirect' : 'response', check.code, isRedirect ? `${check.reason} (on the ${response.status} redirect from ${showValue(url)})` : check.reason);
      }
    }

    const location = REDIRECT_STATUSES.includes(response.status) ? combinedHeader(response.headers, 'location') : null;
    if (location === null) {
      return finish(response);
    }
    if (hop + 1 > MAX_REDIRECTS) return block('redirect', 'TOO_MANY_REDIRECTS', `More than ${MAX_REDIRECTS} redirects.`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return block('redirect', 'BAD_LOCATION', `The redirect's Location "${showValue(location)}" is not a valid URL.`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return block('redirect', 'BAD_LOCATION', `The redirect goes to a ${next.protocol} URL, which fetch() will not follow.`);
    }
    const nextOrigin = next.origin;
    if ((next.username || next.password) && (tainting === 'cors' || !sameOrigin(nextOrigin, pageOrigin))) {
      return block('redirect', 'REDIRECT_WITH_CREDENTIALS', 'The redirect target contains a user name or password, which CORS requests may not follow.');
    }
    // Fetch § HTTP-redirect fetch: 303 (except for GET/HEAD), and 301/302 after a POST, become a body-less GET.
    const becomesGet = (response.status === 303 && method !== 'GET' && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST');
    if (becomesGet) {
      method = 'GET';
      headers = headers.filter(([n]) => !REQUEST_BODY_HEADERS.includes(n));
    }
    if (!sameOrigin(urlOrigin, nextOrigin)) {
      if (headers.some(([n]) => n === 'authorization')) notes.push('The Authorization header was dropped on the cross-origin redirect.');
      headers = headers.filter(([n]) => n !== 'authorization');
      if (!sameOrigin(pageOrigin, urlOrigin) && !taintedOrigin) {
        taintedOrigin = true;
        notes.push(`After the cross-origin redirect from ${showValue(url)} the browser sends "Origin: null"; the next server must answer "null" (or "*" without credentials).`);
      }
    }
    url = next.href;
  }

  function finish(response: SimResponse): SimVerdict {
    const exposed = exposedHeaderNames(response.headers, base.crossOrigin, include);
    const who = base.crossOrigin ? `a page on ${pageOrigin}` : 'the page (same origin)';
    const how = !base.crossOrigin
      ? 'no CORS applies'
      : credentialsSent
        ? 'the response names the origin and allows credentials'
        : combinedHeader(response.headers, 'access-control-allow-origin') === '*'
          ? 'the response allows any origin ("*") and the request carries no credentials'
          : 'the response names the origin exactly';
    return {
      ...base,
      allowed: true,
      reason: `Allowed: ${who} can read this ${response.status} response${credentialsSent ? " with the user's cookies" : ''}; ${how}.`,
      exposedHeaders: exposed,
      status: response.status,
      preflightReasons: allPreflightReasons,
      ...(maxAge ? { maxAge } : {}),
    };
  }
}

/** Response header names script may read (lower-case, unique, in response order). */
export function exposedHeaderNames(headers: readonly RawHeader[], crossOrigin: boolean, credentials: boolean): string[] {
  const present = [...new Set(headers.map(([n]) => n.toLowerCase()))].filter((n) => n !== 'set-cookie' && n !== 'set-cookie2');
  if (!crossOrigin) return present;
  const listed = extractTokenList(headers, 'access-control-expose-headers');
  const list = listed === 'failure' || listed === null ? [] : listed.map((n) => n.toLowerCase());
  if (!credentials && list.includes('*')) return present;
  return present.filter((n) => SAFELISTED_RESPONSE_HEADERS.includes(n) || list.includes(n));
}

function notePrivateNetwork(options: SimulateOptions, preflight: SimResponse, notes: string[]): void {
  const allowPna = headerValues(preflight.headers, 'access-control-allow-private-network');
  const spaces = options.addressSpaces;
  if (spaces && SPACE_RANK[spaces.target] > SPACE_RANK[spaces.initiator]) {
    notes.push(
      `Private Network Access: the server is in a more private address space (${spaces.target}) than the page (${spaces.initiator}). ` +
        `Chromium's PNA preflight would need "Access-Control-Allow-Private-Network: true" (${allowPna.join(', ') === 'true' ? 'present' : 'absent'}); ` +
        'newer Chromium asks the user instead (Local Network Access), so this is information only.',
    );
  } else if (allowPna.length) {
    notes.push(`The preflight answers Access-Control-Allow-Private-Network: ${showValue(allowPna.join(', '))} (Private Network Access; information only).`);
  }
}
