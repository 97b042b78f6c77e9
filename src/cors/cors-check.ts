/** Fetch § CORS check: may a page with this origin read this response? */
import type { RawHeader } from '../model/http.js';
import { headerValues, showValue } from './headers.js';
import type { Blocked } from './types.js';

export interface CorsCheckInput {
  /** Serialised request origin as sent in `Origin` ("null" once the redirect taint is set). */
  origin: string;
  /** True when the request's credentials mode is `include`. */
  credentials: boolean;
  headers: readonly RawHeader[];
}

export type CorsCheckResult = { ok: true; via: 'wildcard' | 'exact' } | { ok: false; code: string; reason: string };

export function corsCheck(input: CorsCheckInput, stage: Blocked['stage'] = 'response'): CorsCheckResult {
  const what = stage === 'preflight' ? 'The preflight (OPTIONS) response' : 'The response';
  const acao = headerValues(input.headers, 'access-control-allow-origin');
  if (acao.length === 0) {
    return { ok: false, code: 'ACAO_MISSING', reason: `${what} has no Access-Control-Allow-Origin header, so the browser keeps it from the page.` };
  }
  const value = acao.join(', ');
  if (acao.length > 1) {
    return {
      ok: false,
      code: 'ACAO_MULTIPLE',
      reason: `${what} carries ${acao.length} Access-Control-Allow-Origin headers; the browser joins them into "${showValue(value)}", which equals no origin.`,
    };
  }
  if (value === '*' && !input.credentials) return { ok: true, via: 'wildcard' };
  if (value === '*') {
    return {
      ok: false,
      code: 'ACAO_WILDCARD_WITH_CREDENTIALS',
      reason: `${what} allows "*", but the request includes credentials, and browsers never accept "*" for credentialed requests.`,
    };
  }
  if (value !== input.origin) {
    return {
      ok: false,
      code: 'ACAO_MISMATCH',
      reason: `${what} allows "${showValue(value)}", but the request's origin is "${showValue(input.origin)}" (compared byte for byte).`,
    };
  }
  if (!input.credentials) return { ok: true, via: 'exact' };
  const acac = headerValues(input.headers, 'access-control-allow-credentials');
  if (acac.length === 0) {
    return {
      ok: false,
      code: 'ACAC_MISSING',
      reason: `${what} names the origin but lacks "Access-Control-Allow-Credentials: true", which a credentialed request needs.`,
    };
  }
  const acacValue = acac.join(', ');
  if (acacValue !== 'true') {
    return {
      ok: false,
      code: 'ACAC_INVALID',
      reason: `${what} says Access-Control-Allow-Credentials "${showValue(acacValue)}"; only the exact lower-case value "true" counts.`,
    };
  }
  return { ok: true, via: 'exact' };
}
